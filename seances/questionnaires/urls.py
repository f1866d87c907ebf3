"""The questionnaires' URLs, per space (public: the 360° links).

``bilan.urls`` mounts each list in its namespace; every name starts with ``questionnaire_``
(``entourage_`` for the public links).
"""

from django.urls import URLPattern, path

from .views import administration as admin_views
from .views import backoffice as bo
from .views import entourage as public_views
from .views import portail as po

backoffice: list[URLPattern] = [
    path("bilans/<int:pk>/questionnaires/", bo.questionnaire_bilan, name="questionnaire_bilan"),
    path(
        "bilans/<int:pk>/questionnaires/attribuer/",
        bo.questionnaire_attribuer,
        name="questionnaire_attribuer",
    ),
    path(
        "bilans/<int:pk>/questionnaires/entourage/",
        bo.questionnaire_entourage,
        name="questionnaire_entourage",
    ),
    path(
        "bilans/<int:pk>/questionnaires/restitutions/nouvelle/",
        bo.questionnaire_restitution_creer,
        name="questionnaire_restitution_creer",
    ),
    path("questionnaires/<int:pk>/", bo.questionnaire_resultat, name="questionnaire_resultat"),
    path(
        "questionnaires/restitutions/<int:pk>/",
        bo.questionnaire_restitution_modifier,
        name="questionnaire_restitution_modifier",
    ),
]
portail: list[URLPattern] = [
    path("questionnaires/", po.questionnaire_liste, name="questionnaire_liste"),
    path("questionnaires/<int:pk>/", po.questionnaire_repondre, name="questionnaire_repondre"),
    path(
        "questionnaires/<int:pk>/resultat/",
        po.questionnaire_resultat,
        name="questionnaire_resultat",
    ),
    path("bilans/<int:pk>/entourage/", po.questionnaire_entourage, name="questionnaire_entourage"),
    path(
        "bilans/<int:pk>/entourage/ouvrir/",
        po.questionnaire_entourage_ouvrir,
        name="questionnaire_entourage_ouvrir",
    ),
    path(
        "bilans/<int:pk>/entourage/inviter/",
        po.questionnaire_entourage_inviter,
        name="questionnaire_entourage_inviter",
    ),
]
administration: list[URLPattern] = [
    path("questionnaires/", admin_views.questionnaire_liste, name="questionnaire_liste"),
    path("questionnaires/nouveau/", admin_views.questionnaire_creer, name="questionnaire_creer"),
    path(
        "questionnaires/<int:pk>/",
        admin_views.questionnaire_modifier,
        name="questionnaire_modifier",
    ),
]
# Reached without a session (single-use links, public pages).
public: list[URLPattern] = [
    path("<str:token>/", public_views.entourage_repondre, name="entourage_repondre"),
]
