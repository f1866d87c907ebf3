"""Security headers, cookies and the French error pages (issue: foundation, "Security").

Every HTML answer carries a strict Content-Security-Policy (scripts from the platform
itself or with the request's nonce, never inline or eval'd code; no framing, no plugins),
refuses framing and MIME sniffing, and sends the referrer to the platform only.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client

from bilan.comptes.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NONCE_SOURCE = re.compile(r"^'nonce-([A-Za-z0-9+/=_-]+)'$")
SCRIPT_TAG = re.compile(r"<script\b[^>]*>")
NONCE_ATTRIBUTE = re.compile(r'\snonce="([^"]*)"')


def csp_directives(response: HttpResponse) -> dict[str, list[str]]:
    """The Content-Security-Policy header, as {directive: [sources]}."""
    directives: dict[str, list[str]] = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_strict_security_headers(response: HttpResponse) -> None:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"

    directives = csp_directives(response)
    script_src = directives["script-src"]
    assert script_src[0] == "'self'"
    assert len(script_src) == 2
    nonce = NONCE_SOURCE.match(script_src[1])
    assert nonce is not None, script_src
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]

    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"

    # The nonce of the header is the one the page's scripts carry, on every <script>.
    tags = SCRIPT_TAG.findall(response.content.decode())
    assert tags, "the page has no <script> tag to check"
    assert [NONCE_ATTRIBUTE.search(tag).group(1) for tag in tags] == [nonce.group(1)] * len(tags)


def test_login_page_for_anonymous_has_strict_security_headers(client: Client) -> None:
    response = client.get("/comptes/login/")

    assert_strict_security_headers(response)


def test_consultant_dashboard_has_strict_security_headers(
    consultant: User, client_de: Callable[[User | None], Client]
) -> None:
    response = client_de(consultant).get("/espace/")

    assert_strict_security_headers(response)
    assert "Nouveau bénéficiaire</a>" in response.content.decode()


def test_csp_nonce_changes_with_each_response(client: Client) -> None:
    # A nonce is worth something only if an attacker cannot predict it.
    first = csp_directives(client.get("/comptes/login/"))["script-src"]
    second = csp_directives(client.get("/comptes/login/"))["script-src"]

    assert first != second


def test_unknown_url_answers_the_french_404_page(client: Client) -> None:
    response = client.get("/page-qui-n-existe-pas/")

    assert response.status_code == 404
    assert "<h1>Page introuvable</h1>" in response.content.decode()
    assert "Cette page n'existe pas ou n'est pas accessible avec votre compte." in (
        response.content.decode()
    )


def test_backoffice_for_a_beneficiary_answers_the_french_403_page(
    beneficiaire: User, client_de: Callable[[User | None], Client]
) -> None:
    response = client_de(beneficiaire).get("/espace/")

    assert response.status_code == 403
    assert "<h1>Accès refusé</h1>" in response.content.decode()


def test_post_without_csrf_token_answers_the_french_expired_form_page(
    beneficiaire: User,
) -> None:
    # Rule: bad input gives a clear French message and leaves nothing half-written.
    client = Client(enforce_csrf_checks=True)

    response = client.post("/comptes/login/", {"login": beneficiaire.email, "password": PASSWORD})

    assert response.status_code == 403
    body = response.content.decode()
    assert "<h1>Formulaire expiré</h1>" in body
    assert "Rien n'a été enregistré." in body
    assert "_auth_user_id" not in client.session


def test_session_and_csrf_cookies_after_login_are_httponly_and_samesite_lax(
    beneficiaire: User, client: Client
) -> None:
    # Beneficiaries log in with e-mail and password only (no second factor).
    response = client.post("/comptes/login/", {"login": beneficiaire.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(beneficiaire.pk)
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        cookie = response.cookies[name]
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name


def test_pages_are_never_kept_in_a_browser_or_proxy_cache(
    beneficiaire: User, client_de: Callable[[User | None], Client]
) -> None:
    # A portal page left in the disk cache of a shared computer outlives the session.
    response = client_de(beneficiaire).get("/portail/")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_view_that_sets_its_own_cache_rule_keeps_it(client: Client) -> None:
    # allauth marks its pages never_cache: its stricter header is left as it is.
    response = client.get("/comptes/login/")

    assert response.headers["Cache-Control"] == (
        "max-age=0, no-cache, no-store, must-revalidate, private"
    )


def test_calendar_files_are_downloads_that_are_never_kept(
    consultant: User, seance_planifiee, jeton_flux: str, client_de: Callable[[User | None], Client]
) -> None:
    seance = client_de(consultant).get(f"/espace/seances/{seance_planifiee.pk}/seance.ics")
    feed = Client().get(f"/agenda/{jeton_flux}.ics")

    assert seance.headers["Content-Disposition"] == (
        f'attachment; filename="seance-{seance_planifiee.pk}.ics"'
    )
    assert feed.headers["Content-Disposition"] == 'inline; filename="agenda.ics"'
    for response in (seance, feed):
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "private, no-store"
