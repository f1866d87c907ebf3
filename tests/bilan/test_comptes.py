"""Users, roles and authentication (issue: foundation, point 7)."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from bilan.audit.models import AuditEvent
from bilan.comptes.models import Role, User, UserSession
from bilan.comptes.services import ComptesError, user_create, user_invitation_send
from bilan.comptes.tasks import user_invitation_send_task
from tests.factories import PASSWORD, ConsultantFactory, totp_code

pytestmark = pytest.mark.django_db

LOGIN_URL = "/comptes/login/"


def _login(client: Client, email: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN_URL, {"login": email, "password": password}, **extra)


def _login_with_mfa(client: Client, user: User) -> None:
    response = _login(client, user.email)
    assert response.status_code == 302 and response["Location"] == "/comptes/2fa/authenticate/"
    response = client.post("/comptes/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302


# --- Login ------------------------------------------------------------------------------


def test_login_accepts_the_email_in_any_case(beneficiaire) -> None:
    client = Client()
    response = _login(client, beneficiaire.email.upper())
    assert response.status_code == 302
    assert client.get("/portail/").status_code == 200


def test_login_with_wrong_password_shows_a_french_message_and_opens_no_session(
    beneficiaire,
) -> None:
    client = Client()
    response = _login(client, beneficiaire.email, "pas-le-bon-mot-de-passe")
    assert response.status_code == 200
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in response.content.decode()
    assert UserSession.objects.count() == 0
    assert client.get("/portail/").status_code == 302


def test_login_does_not_tell_whether_an_account_exists(beneficiaire) -> None:
    known = _login(Client(), beneficiaire.email, "pas-le-bon-mot-de-passe").content.decode()
    unknown = _login(Client(), "personne@inconnu.test", "pas-le-bon-mot-de-passe").content.decode()
    pattern = re.compile(r'<div class="erreurs".*?</div>', re.S)
    assert pattern.search(known).group(0) == pattern.search(unknown).group(0)


def test_login_changes_the_session_key(beneficiaire) -> None:
    client = Client()
    client.get(LOGIN_URL)
    client.session.save()
    before = client.session.session_key
    _login(client, beneficiaire.email)
    assert client.session.session_key != before
    assert UserSession.objects.filter(user=beneficiaire).count() == 1


def test_signup_is_closed() -> None:
    response = Client().post(
        "/comptes/signup/",
        {
            "email": "intrus@exemple.test",
            "password1": "une-phrase-assez-longue",
            "password2": "une-phrase-assez-longue",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="intrus@exemple.test").exists()


# --- Lockout (django-axes) --------------------------------------------------------------


def test_lockout_after_five_failures_answers_429_even_with_the_right_password(beneficiaire) -> None:
    client = Client()
    for _ in range(5):
        _login(client, beneficiaire.email, "pas-le-bon-mot-de-passe", REMOTE_ADDR="203.0.113.9")
    response = _login(client, beneficiaire.email, PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()
    assert client.get("/portail/").status_code == 302


def test_lockout_is_per_username_and_ip(beneficiaire, autre_beneficiaire) -> None:
    for _ in range(5):
        _login(Client(), beneficiaire.email, "pas-le-bon-mot-de-passe", REMOTE_ADDR="203.0.113.9")
    # Same account from elsewhere, and another account from the same address, still work.
    assert _login(Client(), beneficiaire.email, REMOTE_ADDR="198.51.100.1").status_code == 302
    assert _login(Client(), autre_beneficiaire.email, REMOTE_ADDR="203.0.113.9").status_code == 302


# --- MFA --------------------------------------------------------------------------------


def test_consultant_login_asks_the_totp_code_before_opening_the_session(consultant) -> None:
    client = Client()
    _login(client, consultant.email)
    assert client.get("/espace/").status_code == 302  # not logged in yet
    response = client.post("/comptes/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert client.get("/espace/").status_code == 302
    client.post("/comptes/2fa/authenticate/", {"code": totp_code()})
    assert client.get("/espace/").status_code == 200


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.ADMINISTRATEUR])
def test_staff_without_mfa_reaches_nothing_but_the_mfa_setup(role) -> None:
    user = ConsultantFactory(role=role, mfa=False)
    client = Client()
    _login(client, user.email)
    for url in ("/espace/", "/administration/", "/portail/", "/comptes/password/change/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/comptes/2fa/totp/activate/")
    # Just logged in with the password: the set-up opens without a second password prompt.
    assert client.get("/comptes/2fa/totp/activate/").status_code == 200


def test_staff_mfa_setup_long_after_login_asks_the_password_again(time_machine) -> None:
    time_machine.move_to(time.time())
    user = ConsultantFactory(mfa=False)
    client = Client()
    _login(client, user.email)
    time_machine.shift(timedelta(minutes=6))
    response = client.get("/comptes/2fa/totp/activate/")
    assert response["Location"].startswith("/comptes/reauthenticate/")


def test_beneficiary_without_mfa_uses_the_portal(beneficiaire) -> None:
    client = Client()
    _login(client, beneficiaire.email)
    assert client.get("/portail/").status_code == 200


def test_staff_cannot_remove_their_second_factor(consultant) -> None:
    from allauth.mfa.models import Authenticator

    from bilan.comptes.adapters import MfaAdapter

    auth = Authenticator.objects.get(user=consultant)
    assert MfaAdapter().can_delete_authenticator(auth) is False


# --- Passwords --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("court-11car", "au minimum 12 caractères"),
        ("password1234", "trop courant"),
        ("mon-bilan-de-competences", "« bilan »"),
        ("horizoncompetences-2026", "nom de l'organisme"),
        ("Horizon Compétences 2026!", "nom de l'organisme"),
    ],
)
def test_password_is_refused_with_a_french_reason(password: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert any(message in m for m in exc.value.messages), exc.value.messages


def test_password_long_enough_needs_no_composition_rule() -> None:
    validate_password("une girafe mange des tulipes")


def test_password_reset_token_is_single_use(beneficiaire) -> None:
    Client().post("/comptes/password/reset/", {"email": beneficiaire.email})
    link = re.search(r"http://\S+/comptes/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[-1]
    client = Client()
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    new = "une girafe mange des tulipes"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    beneficiaire.refresh_from_db()
    assert beneficiaire.check_password(new)
    again = Client().get(path, follow=True)
    assert "plus valable" in again.content.decode()


def test_password_reset_token_expires_after_an_hour(beneficiaire, time_machine) -> None:
    time_machine.move_to(time.time())
    Client().post("/comptes/password/reset/", {"email": beneficiaire.email})
    link = re.search(r"http://\S+/comptes/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    time_machine.shift(timedelta(minutes=61))
    response = Client().get(link.split("testserver", 1)[-1], follow=True)
    assert "plus valable" in response.content.decode()


def test_password_reset_for_an_unknown_address_looks_the_same(beneficiaire) -> None:
    known = Client().post("/comptes/password/reset/", {"email": beneficiaire.email})
    unknown = Client().post("/comptes/password/reset/", {"email": "personne@inconnu.test"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])


# --- Sessions ---------------------------------------------------------------------------


def test_session_ends_after_thirty_idle_minutes(beneficiaire, time_machine) -> None:
    time_machine.move_to(time.time())
    client = Client()
    _login(client, beneficiaire.email)
    time_machine.shift(timedelta(minutes=29))
    assert client.get("/portail/").status_code == 200
    time_machine.shift(timedelta(minutes=31))
    assert client.get("/portail/").status_code == 302


def test_session_ends_twelve_hours_after_login_even_when_active(beneficiaire, time_machine) -> None:
    time_machine.move_to(time.time())
    client = Client()
    _login(client, beneficiaire.email)
    for _ in range(12 * 3 - 1):
        time_machine.shift(timedelta(minutes=20))
        assert client.get("/portail/").status_code == 200
    time_machine.shift(timedelta(minutes=21))
    response = client.get("/portail/")
    assert (response.status_code, response["Location"]) == (302, LOGIN_URL)


def test_logout_makes_the_old_cookie_useless(beneficiaire) -> None:
    client = Client()
    _login(client, beneficiaire.email)
    cookie = client.cookies["sessionid"].value
    client.post("/comptes/logout/")
    replay = Client()
    replay.cookies["sessionid"] = cookie
    assert replay.get("/portail/").status_code == 302


def test_deactivation_ends_every_session_of_the_user(beneficiaire, admin) -> None:
    laptop, phone = Client(), Client()
    _login(laptop, beneficiaire.email)
    _login(phone, beneficiaire.email)
    admin_client = Client()
    admin_client.force_login(admin)
    response = admin_client.post(f"/administration/utilisateurs/{beneficiaire.pk}/desactiver/")
    assert response.status_code == 302
    assert laptop.get("/portail/").status_code == 302
    assert phone.get("/portail/").status_code == 302
    assert UserSession.objects.filter(user=beneficiaire).count() == 0
    assert Session.objects.filter(session_key=laptop.session.session_key).count() == 0


def test_password_change_ends_the_other_sessions(beneficiaire) -> None:
    here, elsewhere = Client(), Client()
    _login(here, beneficiaire.email)
    _login(elsewhere, beneficiaire.email)
    new = "une girafe mange des tulipes"
    response = here.post(
        "/comptes/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": new,
            "password2": new,
        },
    )
    assert response.status_code == 302
    assert here.get("/portail/").status_code == 200
    assert elsewhere.get("/portail/").status_code == 302


# --- Accounts created by an administrator -----------------------------------------------


def test_user_create_sends_a_french_invitation_with_a_password_link(admin) -> None:
    with_mail = user_create(
        email=" Nina.Nouvelle@Exemple.test ",
        first_name="Nina",
        last_name="Nouvelle",
        role=Role.CONSULTANT,
        created_by=admin,
    )
    assert with_mail.email == "nina.nouvelle@exemple.test"
    assert not with_mail.has_usable_password()


def test_admin_creates_an_account_and_the_invitation_is_sent(
    admin, client_de, django_capture_on_commit_callbacks
) -> None:
    client = client_de(admin)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            "/administration/utilisateurs/nouveau/",
            {
                "email": "nina@exemple.test",
                "first_name": "Nina",
                "last_name": "Nouvelle",
                "role": "consultant",
            },
        )
    assert response.status_code == 302
    nina = User.objects.get(email="nina@exemple.test")
    assert nina.role == Role.CONSULTANT
    assert len(callbacks) == 1  # the invitation task is enqueued when the creation commits
    user_invitation_send_task(user_id=nina.pk)  # tasks are called directly (style.md)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.endswith("Votre compte a été créé")


def test_invitation_link_lets_the_person_choose_a_password_once(admin) -> None:
    nina = user_create(
        email="nina@exemple.test",
        first_name="Nina",
        last_name="Nouvelle",
        role=Role.BENEFICIAIRE,
        created_by=admin,
    )
    user_invitation_send(user_id=nina.pk)
    link = re.search(r"http://\S+/comptes/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    path = link.split("127.0.0.1:8000", 1)[-1]
    client = Client()
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    new = "une girafe mange des tulipes"
    assert client.post(form_url, {"password1": new, "password2": new}).status_code == 302
    nina.refresh_from_db()
    assert nina.check_password(new)
    assert "plus valable" in Client().get(path, follow=True).content.decode()
    user_invitation_send(user_id=nina.pk)  # already set up: no second mail
    assert len(mail.outbox) == 1


def test_admin_creating_a_duplicate_account_gets_a_french_error_and_nothing_changes(
    admin, beneficiaire, client_de
) -> None:
    count = User.objects.count()
    response = client_de(admin).post(
        "/administration/utilisateurs/nouveau/",
        {
            "email": beneficiaire.email.upper(),
            "first_name": "X",
            "last_name": "Y",
            "role": "consultant",
        },
    )
    assert response.status_code == 200
    assert "Un compte existe déjà avec cette adresse e-mail." in response.content.decode()
    assert User.objects.count() == count


def test_admin_creating_an_account_with_bad_input_gets_french_errors(admin, client_de) -> None:
    count = User.objects.count()
    response = client_de(admin).post(
        "/administration/utilisateurs/nouveau/",
        {
            "email": "pas-une-adresse",
            "first_name": "   ",
            "last_name": "Y",
            "role": "roi",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide." in body
    assert "Ce champ est obligatoire." in body
    assert "Sélectionnez un choix valide. roi n’en fait pas partie." in body
    assert User.objects.count() == count


def test_user_create_refuses_an_unknown_role() -> None:
    with pytest.raises(ComptesError) as exc:
        user_create(email="a@exemple.test", first_name="A", last_name="B", role="roi")
    assert exc.value.code == "role_invalid"


def test_admin_cannot_deactivate_their_own_account(admin, client_de) -> None:
    client = client_de(admin)
    response = client.post(f"/administration/utilisateurs/{admin.pk}/desactiver/", follow=True)
    assert "Vous ne pouvez pas désactiver votre propre compte." in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_user_list_query_count_does_not_grow_with_users(
    admin, client_de, django_assert_max_num_queries
) -> None:
    client = client_de(admin)
    client.get("/administration/utilisateurs/")
    with django_assert_max_num_queries(12) as few:
        client.get("/administration/utilisateurs/")
    ConsultantFactory.create_batch(3, mfa=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/administration/utilisateurs/")


def test_totp_guessing_is_stopped_after_six_wrong_codes(consultant) -> None:
    client = Client()
    _login(client, consultant.email)
    for _ in range(6):
        client.post("/comptes/2fa/authenticate/", {"code": "000000"})
    client.post("/comptes/2fa/authenticate/", {"code": totp_code()})
    assert client.get("/espace/").status_code == 302  # still not logged in
    failures = AuditEvent.objects.filter(event="auth.mfa_failed", target_id=str(consultant.pk))
    assert failures.count() >= 6


def test_lockout_behind_a_proxy_is_per_client_address(beneficiaire, settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(5):
        _login(
            Client(),
            beneficiaire.email,
            "pas-le-bon-mot-de-passe",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
            **proxy,
        )
    other = _login(Client(), beneficiaire.email, HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy)
    blocked = _login(Client(), beneficiaire.email, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert (blocked.status_code, other.status_code) == (429, 302)
    assert AuditEvent.objects.filter(event="auth.login", ip="198.51.100.4").exists()


def test_a_forged_forwarded_for_does_not_change_the_client_address(beneficiaire, settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    _login(
        Client(),
        beneficiaire.email,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.4",
    )
    assert AuditEvent.objects.get(event="auth.login").ip == "198.51.100.4"


def test_session_list_follows_the_new_key_after_a_password_change(beneficiaire, admin) -> None:
    client = Client()
    _login(client, beneficiaire.email)
    new = "une girafe mange des tulipes"
    client.post(
        "/comptes/password/change/", {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert client.get("/portail/").status_code == 200
    assert UserSession.objects.filter(
        user=beneficiaire, session_key=client.session.session_key
    ).exists()
    admin_client = Client()
    admin_client.force_login(admin)
    admin_client.post(f"/administration/utilisateurs/{beneficiaire.pk}/desactiver/")
    assert not Session.objects.filter(session_key=client.session.session_key).exists()


class _NImporteQuoi:
    """Stands for any object in a matrix row's URL arguments: every attribute is 1."""

    def __getattr__(self, name: str) -> int:
        return 1


def test_staff_without_mfa_is_sent_to_the_setup_from_every_page() -> None:
    """Every URL of the project (from the resolver), but the MFA set-up and logout."""
    from collections import defaultdict

    from django.urls import reverse

    from tests.matrice import noms_des_urls, toutes_les_lignes

    user = ConsultantFactory(mfa=False)
    client = Client()
    client.force_login(user)
    lignes = {ligne.nom: ligne for ligne in toutes_les_lignes()}
    allowed = {"account_logout", "account_reauthenticate"}
    for name in sorted(noms_des_urls()):
        if name.startswith("mfa_") or name in allowed:
            continue
        # Any object will do: the middleware answers before the view looks anything up.
        url = reverse(name, kwargs=lignes[name].kwargs(defaultdict(_NImporteQuoi)))
        response = client.get(url)
        assert (name, response.status_code, response.get("Location")) == (
            name,
            302,
            "/comptes/2fa/totp/activate/",
        )


def test_deactivation_asks_for_confirmation_first(admin, beneficiaire, client_de) -> None:
    client = client_de(admin)
    response = client.get(f"/administration/utilisateurs/{beneficiaire.pk}/desactiver/")
    assert "Désactiver ce compte ?" in response.content.decode()
    beneficiaire.refresh_from_db()
    assert beneficiaire.is_active


def test_navigation_marks_the_current_page(beneficiaire, client_de) -> None:
    body = client_de(beneficiaire).get("/portail/").content.decode()
    assert '<a href="/portail/" aria-current="page">Mon espace</a>' in body


def test_login_address_cannot_be_changed_by_its_owner(beneficiaire, client_de) -> None:
    client = client_de(beneficiaire)
    response = client.post("/comptes/email/", {"email": "pirate@exemple.test", "action_add": ""})
    assert response.status_code == 405
    assert "demandez-le à votre organisme" in client.get("/comptes/email/").content.decode()
    beneficiaire.refresh_from_db()
    assert beneficiaire.email != "pirate@exemple.test"
    assert not beneficiaire.emailaddress_set.filter(email="pirate@exemple.test").exists()


def test_session_is_saved_at_most_once_a_minute_and_still_ends_after_thirty_idle_minutes(
    beneficiaire, time_machine
) -> None:
    # Foundation: 30 min idle. The expiry is renewed by saving the session, at most once a
    # minute (SessionIdleRefreshMiddleware), not on every request.
    from django.contrib.sessions.models import Session

    time_machine.move_to(time.time())
    client = Client()
    client.force_login(beneficiaire)
    client.get("/portail/")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    first = Session.objects.get(session_key=key).expire_date
    time_machine.shift(timedelta(seconds=30))
    client.get("/portail/")
    assert Session.objects.get(session_key=key).expire_date == first
    time_machine.shift(timedelta(seconds=31))
    client.get("/portail/")
    assert Session.objects.get(session_key=key).expire_date > first
    time_machine.shift(timedelta(minutes=29))
    assert client.get("/portail/").status_code == 200
    time_machine.shift(timedelta(minutes=31))
    assert client.get("/portail/").status_code == 302


def test_password_reset_page_says_adresse_e_mail_as_elsewhere(db) -> None:
    page = Client().get("/comptes/password/reset/").content.decode()
    assert '<label for="id_email">Adresse e-mail\u00a0:</label>' in page  # French suffix
    assert "Courriel" not in page
