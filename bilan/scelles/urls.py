"""The sealed documents' URLs (the public verification page).

``bilan.urls`` mounts each list in its namespace.
"""

from django.urls import URLPattern, path

from . import views

backoffice: list[URLPattern] = []
portail: list[URLPattern] = []
administration: list[URLPattern] = []
# Reached without a session (single-use links, public pages).
public: list[URLPattern] = [
    path("", views.verification_accueil, name="verification_accueil"),
]
