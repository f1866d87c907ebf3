"""The working documents' URLs, per space.

``bilan.urls`` mounts each list in its namespace.
"""

from django.urls import URLPattern, path

from . import views

backoffice: list[URLPattern] = [
    path(
        "bilans/<int:pk>/documents-de-travail/",
        views.document_liste_backoffice,
        name="document_liste",
    ),
    path(
        "documents-de-travail/<int:pk>/telecharger/",
        views.document_telecharger_backoffice,
        name="document_telecharger",
    ),
    path(
        "documents-de-travail/<int:pk>/apercu/",
        views.document_apercu_backoffice,
        name="document_apercu",
    ),
    path(
        "documents-de-travail/<int:pk>/supprimer/",
        views.document_supprimer_backoffice,
        name="document_supprimer",
    ),
    path(
        "documents-de-travail/<int:pk>/remettre/", views.document_remettre, name="document_remettre"
    ),
]
portail: list[URLPattern] = [
    path(
        "bilans/<int:pk>/documents-de-travail/", views.document_liste_portail, name="document_liste"
    ),
    path(
        "documents-de-travail/<int:pk>/telecharger/",
        views.document_telecharger_portail,
        name="document_telecharger",
    ),
    path(
        "documents-de-travail/<int:pk>/apercu/",
        views.document_apercu_portail,
        name="document_apercu",
    ),
    path(
        "documents-de-travail/<int:pk>/supprimer/",
        views.document_supprimer_portail,
        name="document_supprimer",
    ),
]
administration: list[URLPattern] = []
# Reached without a session (single-use links, public pages).
public: list[URLPattern] = []
