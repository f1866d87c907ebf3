"""The sessions' URLs, per space; ``bilan.urls`` mounts each list in its namespace."""

from django.urls import URLPattern, path

from .views import administration as admin_views
from .views import backoffice as bo
from .views import portail as portail_views
from .views import public as public_views

backoffice: list[URLPattern] = [
    path("bilans/<int:pk>/plan/", bo.plan, name="plan"),
    path("bilans/<int:pk>/plan/creer/", bo.plan_creer, name="plan_creer"),
    path("bilans/<int:pk>/plan/travail/", bo.plan_travail, name="plan_travail"),
    path("bilans/<int:pk>/plan/seances/ajouter/", bo.seance_ajouter, name="seance_ajouter"),
    path("bilans/<int:pk>/travaux/", bo.travail_liste, name="travail_liste"),
    path("travaux/<int:pk>/valider/", bo.travail_valider, name="travail_valider"),
    path("seances/<int:pk>/", bo.seance, name="seance"),
    path("seances/<int:pk>/modifier/", bo.seance_modifier, name="seance_modifier"),
    path("seances/<int:pk>/retirer/", bo.seance_retirer, name="seance_retirer"),
    path("seances/<int:pk>/planifier/", bo.seance_planifier, name="seance_planifier"),
    path("seances/<int:pk>/reporter/", bo.seance_reporter, name="seance_reporter"),
    path("seances/<int:pk>/annuler/", bo.seance_annuler, name="seance_annuler"),
    path("seances/<int:pk>/absence/", bo.seance_absence, name="seance_absence"),
    path("seances/<int:pk>/connexion/", bo.seance_connexion, name="seance_connexion"),
    path("seances/<int:pk>/notes/", bo.seance_note, name="seance_note"),
    path("seances/<int:pk>/seance.ics", bo.seance_ics, name="seance_ics"),
    path("seances/<int:pk>/emargement/", bo.emargement, name="emargement"),
    path("seances/<int:pk>/emargement/code/", bo.emargement_code, name="emargement_code"),
    path(
        "emargements/<int:pk>/verification/",
        bo.emargement_verifier,
        name="emargement_verifier",
    ),
    path("agenda/", bo.agenda, name="agenda"),
    path("agenda/flux/creer/", bo.agenda_flux_creer, name="agenda_flux_creer"),
    path("agenda/flux/revoquer/", bo.agenda_flux_revoquer, name="agenda_flux_revoquer"),
]

portail: list[URLPattern] = [
    path("seances/", portail_views.seance_liste, name="seance_liste"),
    path("seances/<int:pk>/seance.ics", portail_views.seance_ics, name="seance_ics"),
    path("seances/<int:pk>/emargement/", portail_views.emargement, name="emargement"),
    path(
        "seances/<int:pk>/emargement/code/",
        portail_views.emargement_code,
        name="emargement_code",
    ),
    path("travaux/", portail_views.travail_liste, name="travail_liste"),
    path("travaux/<int:pk>/", portail_views.travail_rendre, name="travail_rendre"),
]

administration: list[URLPattern] = [
    path("modeles-de-plan/", admin_views.plan_modeles, name="plan_modeles"),
    path("modeles-de-plan/nouveau/", admin_views.plan_modele_creer, name="plan_modele_creer"),
    path(
        "modeles-de-plan/<int:pk>/", admin_views.plan_modele_modifier, name="plan_modele_modifier"
    ),
    path("bilans/<int:pk>/seances/", admin_views.seance_metadonnees, name="seance_metadonnees"),
]

# Reached without a session: the consultant's private iCalendar feed (token in the path).
public: list[URLPattern] = [
    path("<str:jeton>.ics", public_views.flux, name="flux"),
]
