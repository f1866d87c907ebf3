"""URL map: the accounts (allauth), then one namespace per space and per app."""

from django.urls import include, path

from beneficiaires import urls as dossiers
from bilan import views
from bilan.comptes import views as comptes_views
from seances import urls as seances

backoffice = [*dossiers.backoffice, *seances.backoffice]
portail = [*dossiers.portail_urls, *seances.portail]
administration = [
    path("", views.administration_tableau, name="tableau"),
    path("utilisateurs/", comptes_views.utilisateurs, name="utilisateurs"),
    path("utilisateurs/nouveau/", comptes_views.utilisateur_creer, name="utilisateur_creer"),
    path(
        "utilisateurs/<int:pk>/desactiver/",
        comptes_views.utilisateur_desactiver,
        name="utilisateur_desactiver",
    ),
    path(
        "utilisateurs/<int:pk>/reactiver/",
        comptes_views.utilisateur_reactiver,
        name="utilisateur_reactiver",
    ),
    *dossiers.administration_urls,
    *seances.administration,
]

urlpatterns = [
    path("", views.accueil, name="accueil"),
    # Before allauth's own e-mail management: the login address belongs to the organisation
    # (an unverified change would hand the account to whoever holds a session).
    path("comptes/email/", comptes_views.adresse_email, name="adresse_email"),
    path("comptes/", include("allauth.urls")),
    path("espace/", include((backoffice, "backoffice"))),
    path("portail/", include((portail, "portail"))),
    path("administration/", include((administration, "administration"))),
    # The employer's or funder's single-use signing link: no account (domain.md, The people).
    path("signature/", include((dossiers.employeur, "employeur"))),
    path("agenda/", include((seances.public, "agenda"))),
]
