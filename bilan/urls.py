"""URL map: the accounts (allauth), then one namespace per space and per app."""

from django.urls import include, path

from beneficiaires import urls as dossiers
from bilan import views
from bilan.comptes import views as comptes_views
from bilan.conservation import urls as conservation
from bilan.scelles import urls as scelles
from seances import urls as seances
from seances.documents import urls as documents
from seances.outils import urls as outils
from seances.questionnaires import urls as questionnaires
from suivi import urls as suivi
from synthese import urls as synthese

_APPS = (seances, outils, questionnaires, documents, synthese, suivi, scelles, conservation)
backoffice = [*dossiers.backoffice, *(p for app in _APPS for p in app.backoffice)]
portail = [*dossiers.portail_urls, *(p for app in _APPS for p in app.portail)]
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
    *(p for app in _APPS for p in app.administration),
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
    # Anyone holding a sealed document checks it: type and date, never its content.
    path("verification/", include((scelles.public, "verification"))),
    # The synthèse shared by its owner with a CEP or a named third party (L6313-4).
    path("partage/", include((synthese.public, "partage"))),
    # The 360° image survey: people around the beneficiary answer without an account.
    path("entourage/", include((questionnaires.public, "entourage"))),
    # The à-froid satisfaction survey (single-use link) and the offers' public pages.
    path("avis/", include((suivi.public, "avis"))),
    path("offres/", include((suivi.offres, "offres"))),
]
