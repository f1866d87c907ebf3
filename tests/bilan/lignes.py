"""Matrix rows of the foundation: the accounts pages and the three spaces."""

from tests.factories import PASSWORD
from tests.matrice import (
    ADMINISTRATEURS,
    BENEFICIAIRES,
    CONSULTANTS,
    LOGIN,
    Ligne,
    Vers,
    connectes,
    pour,
    reserve,
    tous,
)

# Second-factor pages ask for a fresh password first (allauth's reauthentication).
REAUTH = Vers("account_reauthenticate")
NOUVEAU = {"password1": "Un-nouveau-secret-2026", "password2": "Un-nouveau-secret-2026"}
CODE_FAUX = {"code": "123456"}


def _identifiants(mot_de_passe: str):
    return lambda p: {"login": p["beneficiaire"].email, "password": mot_de_passe}


LIGNES = [
    Ligne(
        "accueil",
        connectes(
            Vers("portail:accueil"),
            **pour(CONSULTANTS, Vers("backoffice:tableau")),
            **pour(ADMINISTRATEURS, Vers("administration:tableau")),
        ),
    ),
    Ligne("backoffice:tableau", reserve(pour(CONSULTANTS, 200))),
    Ligne("portail:accueil", reserve(pour(BENEFICIAIRES, 200))),
    Ligne("administration:tableau", reserve(pour(ADMINISTRATEURS, 200))),
    Ligne("administration:utilisateurs", reserve(pour(ADMINISTRATEURS, 200))),
    Ligne("administration:utilisateur_creer", reserve(pour(ADMINISTRATEURS, 200))),
    Ligne(
        "administration:utilisateur_creer",
        reserve(pour(ADMINISTRATEURS, Vers("administration:utilisateurs"))),
        methode="POST",
        donnees=lambda p: {
            "email": "nouveau@exemple.test",
            "first_name": "Nina",
            "last_name": "Nouvelle",
            "role": "consultant",
        },
    ),
    Ligne(
        "administration:utilisateur_desactiver",
        reserve(pour(ADMINISTRATEURS, 200)),
        kwargs=lambda p: {"pk": p["beneficiaire"].pk},
        note="confirmation",
    ),
    Ligne(
        "administration:utilisateur_desactiver",
        reserve(pour(ADMINISTRATEURS, Vers("administration:utilisateurs"))),
        methode="POST",
        kwargs=lambda p: {"pk": p["beneficiaire"].pk},
    ),
    Ligne(
        "administration:utilisateur_desactiver",
        reserve(pour(ADMINISTRATEURS, 404)),
        methode="POST",
        kwargs=lambda p: {"pk": 999_999},
        note="inconnu",
    ),
    Ligne(
        "administration:utilisateur_reactiver",
        reserve(pour(ADMINISTRATEURS, 405)),
        kwargs=lambda p: {"pk": p["beneficiaire"].pk},
    ),
    Ligne(
        "administration:utilisateur_reactiver",
        reserve(pour(ADMINISTRATEURS, Vers("administration:utilisateurs"))),
        methode="POST",
        kwargs=lambda p: {"pk": p["beneficiaire"].pk},
    ),
    # Accounts (django-allauth). Signup is closed: accounts are opened by the organisation.
    Ligne("account_login", tous(Vers("accueil"), anonyme=200)),
    Ligne("account_logout", connectes(200)),
    Ligne("account_inactive", tous(200)),
    Ligne("account_signup", connectes(Vers("accueil"), anonyme=200)),
    Ligne("account_reauthenticate", connectes(200)),
    # allauth's e-mail page is shadowed by the read-only "adresse_email" (same path).
    Ligne("account_email", connectes(200)),
    Ligne("adresse_email", connectes(200)),
    Ligne("adresse_email", connectes(405), methode="POST", note="lecture seule"),
    Ligne("account_email_verification_sent", tous(200)),
    Ligne("account_change_password", connectes(200)),
    Ligne("account_set_password", connectes(Vers("account_change_password"))),
    Ligne("account_reset_password", tous(200)),
    Ligne("account_confirm_login_code", connectes(Vers("accueil"))),
    Ligne("account_confirm_email", tous(200), kwargs=lambda p: {"key": "inconnue"}),
    Ligne("account_reset_password_from_key_done", tous(200)),
    Ligne(
        "account_reset_password_from_key",
        tous(200),
        kwargs=lambda p: {"uidb36": "zz", "key": "x-y"},
    ),
    Ligne("account_reset_password_done", tous(200)),
    Ligne("mfa_index", connectes(200)),
    Ligne("mfa_authenticate", connectes(Vers("accueil"))),
    Ligne("mfa_reauthenticate", connectes(200, **pour(BENEFICIAIRES, REAUTH))),
    Ligne("mfa_activate_totp", connectes(REAUTH)),
    Ligne("mfa_deactivate_totp", connectes(REAUTH, **pour(BENEFICIAIRES, 404))),
    Ligne("mfa_view_recovery_codes", connectes(404)),
    Ligne("mfa_generate_recovery_codes", connectes(REAUTH)),
    Ligne("mfa_download_recovery_codes", connectes(404)),
    # What every persona gets on POST to the account pages (issue 9, point 1). allauth sends a
    # logged-in person to their space; the second-factor pages ask for a fresh password first.
    Ligne(
        "account_login",
        tous(Vers("accueil"), anonyme=200),
        methode="POST",
        donnees=_identifiants("mauvais-mot-de-passe"),
        note="mauvais mot de passe",
    ),
    Ligne(
        "account_login",
        tous(Vers("accueil")),
        methode="POST",
        donnees=_identifiants(PASSWORD),
        note="connexion",
    ),
    # The session ends and the page is the login one, whoever asks.
    Ligne("account_logout", tous(LOGIN), methode="POST"),
    Ligne(
        "account_signup",
        connectes(Vers("accueil"), anonyme=200),
        methode="POST",
        donnees=lambda p: {"email": "inscription@exemple.test", **NOUVEAU},
        note="fermée",
    ),
    Ligne(
        "account_reauthenticate",
        connectes(200),
        methode="POST",
        donnees=lambda p: {"password": "mauvais-mot-de-passe"},
        note="mauvais mot de passe",
    ),
    Ligne(
        "account_reauthenticate",
        connectes(Vers("accueil")),
        methode="POST",
        donnees=lambda p: {"password": PASSWORD},
    ),
    Ligne(
        "account_change_password",
        connectes(200),
        methode="POST",
        donnees=lambda p: {"oldpassword": "mauvais-mot-de-passe", **NOUVEAU},
        note="ancien mot de passe faux",
    ),
    Ligne(
        "account_change_password",
        connectes(Vers("account_change_password")),
        methode="POST",
        donnees=lambda p: {"oldpassword": PASSWORD, **NOUVEAU},
    ),
    Ligne(
        "account_set_password",
        connectes(Vers("account_change_password")),
        methode="POST",
        donnees=lambda p: NOUVEAU,
        note="déjà défini",
    ),
    Ligne(
        "account_reset_password",
        tous(Vers("account_reset_password_done")),
        methode="POST",
        donnees=lambda p: {"email": p["beneficiaire"].email},
    ),
    # An unknown address gets the same answer: the reset tells nobody who has an account.
    Ligne(
        "account_reset_password",
        tous(Vers("account_reset_password_done")),
        methode="POST",
        donnees=lambda p: {"email": "personne@exemple.test"},
        note="adresse inconnue",
    ),
    Ligne(
        "account_reset_password_from_key",
        tous(200),
        methode="POST",
        kwargs=lambda p: {"uidb36": "zz", "key": "x-y"},
        donnees=lambda p: NOUVEAU,
        note="lien invalide",
    ),
    Ligne(
        "account_confirm_email",
        tous(404),
        methode="POST",
        kwargs=lambda p: {"key": "inconnue"},
    ),
    Ligne(
        "account_confirm_login_code",
        connectes(Vers("accueil")),
        methode="POST",
        donnees=lambda p: CODE_FAUX,
    ),
    Ligne(
        "mfa_authenticate", connectes(Vers("accueil")), methode="POST", donnees=lambda p: CODE_FAUX
    ),
    Ligne(
        "mfa_reauthenticate",
        connectes(200, **pour(BENEFICIAIRES, REAUTH)),
        methode="POST",
        donnees=lambda p: CODE_FAUX,
        note="code faux",
    ),
    Ligne("mfa_activate_totp", connectes(REAUTH), methode="POST", donnees=lambda p: CODE_FAUX),
    Ligne(
        "mfa_deactivate_totp",
        connectes(REAUTH, **pour(BENEFICIAIRES, 404)),
        methode="POST",
    ),
    Ligne("mfa_generate_recovery_codes", connectes(REAUTH), methode="POST"),
]
