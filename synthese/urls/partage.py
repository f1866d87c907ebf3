"""Sharing the synthèse (L6313-4): the beneficiary's shares in the portal, the recipient's
single-use link under /partage/ (namespace "partage").

``bilan.urls`` mounts each list in its namespace.
"""

from django.urls import URLPattern, path

from synthese.views import partage as views

backoffice: list[URLPattern] = []
portail: list[URLPattern] = [
    path("bilans/<int:pk>/partages/", views.portail_liste, name="partage_liste"),
    path("documents/<int:pk>/partager/", views.portail_creer, name="partage_creer"),
    path("partages/<int:pk>/revoquer/", views.portail_revoquer, name="partage_revoquer"),
]
administration: list[URLPattern] = []
# Reached without a session: the recipient's link, the token is the credential.
public: list[URLPattern] = [
    path("<str:token>/", views.lien, name="partage_lien"),
]
