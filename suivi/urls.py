"""The follow-up's URLs, per space (public: the survey links).

``bilan.urls`` mounts each list in its namespace.
"""

from django.urls import URLPattern, path

from .views import administration as admin_views
from .views import backoffice as bo
from .views import portail as portail_views
from .views import public as public_views

backoffice: list[URLPattern] = [
    path("bilans/<int:pk>/suivi/", bo.suivi_bilan, name="suivi_bilan"),
    path("bilans/<int:pk>/suivi/planifier/", bo.suivi_planifier, name="suivi_planifier"),
    path("bilans/<int:pk>/suivi/compte-rendu/", bo.suivi_entretien, name="suivi_entretien"),
    path("suivi/creneaux/", bo.suivi_creneaux, name="suivi_creneaux"),
    path(
        "suivi/creneaux/<int:pk>/retirer/",
        bo.suivi_creneau_retirer,
        name="suivi_creneau_retirer",
    ),
]
portail: list[URLPattern] = [
    path("suivi/<int:pk>/", portail_views.suivi_bilan, name="suivi_bilan"),
    path("suivi/<int:pk>/reponse/", portail_views.suivi_decision, name="suivi_decision"),
    path("suivi/<int:pk>/reserver/", portail_views.suivi_reserver, name="suivi_reserver"),
    path("suivi/<int:pk>/avis/", portail_views.suivi_avis, name="suivi_avis"),
]
administration: list[URLPattern] = [
    path("suivi/resultats/", admin_views.suivi_resultats, name="suivi_resultats"),
    path("suivi/offres/", admin_views.suivi_offres, name="suivi_offres"),
    path("suivi/offres/<int:pk>/", admin_views.suivi_offre_modifier, name="suivi_offre_modifier"),
    path(
        "suivi/questionnaires/<str:moment>/",
        admin_views.suivi_questionnaire,
        name="suivi_questionnaire",
    ),
    path(
        "suivi/questions/<int:pk>/retirer/",
        admin_views.suivi_question_retirer,
        name="suivi_question_retirer",
    ),
]
# Reached without a session (single-use links, public pages).
public: list[URLPattern] = [
    path("<str:jeton>/", public_views.avis_froid, name="avis_froid"),
]
# The public page of each offer (Qualiopi indicators 1 and 2).
offres: list[URLPattern] = [
    path("", public_views.offre_liste, name="offre_liste"),
    path("<slug:slug>/", public_views.offre_detail, name="offre_detail"),
]
