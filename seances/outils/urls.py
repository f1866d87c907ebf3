"""The investigation tools' URLs, per space.

``bilan.urls`` mounts each list in its namespace. Names start with ``outils_`` (the
namespaces are shared with the other apps).
"""

from django.urls import URLPattern, path

from .views import backoffice as b
from .views import portail as p

backoffice: list[URLPattern] = [
    path("bilans/<int:pk>/outils/", b.outils_accueil, name="outils_accueil"),
    path("bilans/<int:pk>/outils/parcours/", b.outils_parcours, name="outils_parcours"),
    path(
        "outils/parcours/<int:pk>/supprimer/",
        b.outils_parcours_supprimer,
        name="outils_parcours_supprimer",
    ),
    path("bilans/<int:pk>/outils/competences/", b.outils_competences, name="outils_competences"),
    path(
        "outils/competences/<int:pk>/revue/",
        b.outils_competence_revue,
        name="outils_competence_revue",
    ),
    path("bilans/<int:pk>/outils/matrices/", b.outils_matrices, name="outils_matrices"),
    path("outils/matrices/<int:pk>/", b.outils_matrice, name="outils_matrice"),
    path(
        "outils/matrices/<int:pk>/exigences/",
        b.outils_exigence_ajouter,
        name="outils_exigence_ajouter",
    ),
    path(
        "outils/exigences/<int:pk>/supprimer/",
        b.outils_exigence_supprimer,
        name="outils_exigence_supprimer",
    ),
    path("bilans/<int:pk>/outils/scenarios/", b.outils_scenarios, name="outils_scenarios"),
    path(
        "bilans/<int:pk>/outils/scenarios/criteres/",
        b.outils_critere_ajouter,
        name="outils_critere_ajouter",
    ),
    path(
        "bilans/<int:pk>/outils/scenarios/ponderation/",
        b.outils_ponderation,
        name="outils_ponderation",
    ),
    path("bilans/<int:pk>/outils/scenarios/notes/", b.outils_notes, name="outils_notes"),
    path(
        "outils/scenarios/<int:pk>/retenir/",
        b.outils_scenario_retenir,
        name="outils_scenario_retenir",
    ),
    path("bilans/<int:pk>/outils/remise/", b.outils_remise, name="outils_remise"),
]
portail: list[URLPattern] = [
    path("bilans/<int:pk>/outils/", p.outils_portail, name="outils_portail"),
    path(
        "bilans/<int:pk>/outils/competences/",
        p.outils_portail_competences,
        name="outils_portail_competences",
    ),
    path(
        "outils/competences/<int:pk>/",
        p.outils_portail_competence,
        name="outils_portail_competence",
    ),
    path(
        "bilans/<int:pk>/outils/ponderation/",
        p.outils_portail_ponderation,
        name="outils_portail_ponderation",
    ),
]
administration: list[URLPattern] = []
# Reached without a session (single-use links, public pages).
public: list[URLPattern] = []
