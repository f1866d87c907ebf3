"""Headers and cookies of every page in production settings (issue 9, point 3).

The settings are read once, at import, and ``DJANGO_ENV=production`` changes the security
ones (HSTS, Secure cookies with the ``__Host-`` prefix, HTTPS redirect). So a subprocess
starts the platform in production exactly as a server does (collectstatic, migrate, real
requests) and hands back its security settings and the answers to a few requests; the
tests here then apply those settings in-process (``override_settings``) and walk every GET
row of the permission matrix, once per distinct outcome (200, 403, 404, 405, 410, redirects),
over HTTPS behind the proxy. ``test_in_process_production_settings_answer_as_the_real_process``
proves the override is faithful: the same requests give the same headers and cookies.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from csp.constants import NONCE
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path, reverse

from bilan import urls as bilan_urls
from bilan.comptes.models import User
from tests.bilan.test_settings import HOST, ISOLATED_REDIS, production_env, run_python
from tests.factories import PASSWORD, BeneficiaireFactory
from tests.matrice import PERSONAS, Ligne, toutes_les_lignes

pytestmark = pytest.mark.django_db

ONE_YEAR = 365 * 24 * 60 * 60
NONCE_MARK = "<nonce>"
# The settings that decide a header or a cookie; MIDDLEWARE too, so a production-only
# middleware could not be missed by the in-process run.
SECURITY_PREFIXES = ("SECURE_", "SESSION_", "CSRF_", "CONTENT_SECURITY_POLICY", "LANGUAGE")
SECURITY_NAMES = ("MIDDLEWARE", "X_FRAME_OPTIONS", "DEBUG", "ALLOWED_HOSTS", "MESSAGE_STORAGE")
# Headers compared between the real production process and the in-process override.
COMPARED_HEADERS = (
    "Content-Type",
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
    "Cache-Control",
    "Location",
)
LOGIN_EMAIL = "sophie.production@exemple.test"
SCRIPT_TAG = re.compile(r"<script\b[^>]*>")
NONCE_ATTRIBUTE = re.compile(r'\snonce="([^"]*)"')
SCRIPT_SOURCE = re.compile(r'\ssrc="([^"]*)"')
# An inline event handler (onclick=...) or a javascript: link would be refused by the CSP.
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=|href\s*=\s*[\"']?\s*javascript:", re.I)

# Run by the production subprocess once its database is migrated: dump the security
# settings, then answer the same sequence of requests as REQUESTS below.
SERVE_IN_PRODUCTION = f"""
import json
import django
django.setup()
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from bilan.comptes.models import User
from tests.securite.test_entetes_production import REQUESTS, dump_settings, answer

user = User.objects.create_user({LOGIN_EMAIL!r}, {PASSWORD!r}, role="beneficiaire",
                                first_name="Sophie", last_name="Durand")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
client = Client(SERVER_NAME={HOST!r})
print(json.dumps({{
    "settings": dump_settings(settings),
    "answers": [answer(client, *request) for request in REQUESTS],
}}))
"""

# (method, path, data, https): the anonymous login page, the login itself (session and
# CSRF cookies), a logged-in page, the French 404, and plain HTTP sent to HTTPS. The TLS
# proxy tells the scheme in X-Forwarded-Proto.
REQUESTS: list[tuple[str, str, dict[str, str], bool]] = [
    ("get", "/comptes/login/", {}, True),
    ("post", "/comptes/login/", {"login": LOGIN_EMAIL, "password": PASSWORD}, True),
    ("get", "/comptes/password/change/", {}, True),
    ("get", "/page-qui-n-existe-pas/", {}, True),
    ("get", "/comptes/login/", {}, False),
]


def dump_settings(settings: Any) -> dict[str, Any]:
    """The security settings as JSON (the CSP nonce marker as a string)."""
    names = [
        name
        for name in dir(settings)
        if name.isupper() and (name.startswith(SECURITY_PREFIXES) or name in SECURITY_NAMES)
    ]
    return json.loads(
        json.dumps(
            {name: getattr(settings, name) for name in names},
            default=lambda value: NONCE_MARK if value is NONCE else str(value),
        )
    )


def load_settings(dumped: dict[str, Any]) -> dict[str, Any]:
    """The inverse of dump_settings: tuples and the CSP nonce marker restored."""
    restored = json.loads(json.dumps(dumped))
    if restored.get("SECURE_PROXY_SSL_HEADER"):
        restored["SECURE_PROXY_SSL_HEADER"] = tuple(restored["SECURE_PROXY_SSL_HEADER"])
    for key in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
        policy = restored.get(key) or {}
        for directive, sources in policy.get("DIRECTIVES", {}).items():
            policy["DIRECTIVES"][directive] = [NONCE if s == NONCE_MARK else s for s in sources]
    return restored


def answer(client: Client, method: str, path: str, data: dict[str, str], https: bool) -> dict:
    """What a response says about security: status, compared headers, cookie attributes."""
    scheme = "https" if https else "http"
    response = getattr(client, method)(path, data, secure=https, HTTP_X_FORWARDED_PROTO=scheme)
    headers = {name: response.headers.get(name) for name in COMPARED_HEADERS}
    if headers["Content-Security-Policy"]:
        # The nonce changes with every answer; the directives' order means nothing.
        policy = re.sub(r"'nonce-[^']+'", "'nonce-…'", headers["Content-Security-Policy"])
        headers["Content-Security-Policy"] = "; ".join(sorted(p.strip() for p in policy.split(";")))
    return {"status": response.status_code, "headers": headers, "cookies": cookies_of(response)}


def cookies_of(response: HttpResponse) -> dict[str, dict[str, Any]]:
    return {
        name: {
            "deleted": morsel.value == "" and morsel["max-age"] == 0,
            **{
                attribute: morsel[attribute]
                for attribute in ("secure", "httponly", "samesite", "path", "domain", "max-age")
            },
        }
        for name, morsel in response.cookies.items()
    }


def assert_cookie_is_protected(name: str, attributes: dict[str, Any], context: str = "") -> None:
    """Secure, out of scripts' reach, not sent by other sites' requests; ``__Host-`` kept.

    A deletion (empty value, max-age 0, as Django sends for a consumed messages cookie)
    carries nothing to protect.
    """
    if attributes["deleted"]:
        return
    assert attributes["secure"] is True, (context, name)
    assert attributes["httponly"] is True, (context, name)
    assert attributes["samesite"] in ("Lax", "Strict"), (context, name)
    if name.startswith("__Host-"):
        # What browsers demand of the prefix: set over HTTPS, whole site, no Domain.
        assert (attributes["path"], attributes["domain"]) == ("/", ""), (context, name)


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The platform started with DJANGO_ENV=production: its settings and its answers."""
    var_dir = tmp_path_factory.mktemp("production") / "var"
    database = var_dir.parent / "production.sqlite3"
    env = {
        # A database of its own, and the Redis database the suite keeps for such processes.
        **production_env(var_dir, DATABASE_URL=f"sqlite:///{database}", REDIS_URL=ISOLATED_REDIS),
        "DJANGO_SETTINGS_MODULE": "bilan.settings",
    }
    for command in (("collectstatic", "--noinput"), ("migrate",)):
        done = run_python("manage.py", *command, "-v", "0", env=env)
        assert done.returncode == 0, done.stderr
    served = run_python("-c", SERVE_IN_PRODUCTION, env=env)
    assert served.returncode == 0, served.stderr
    return json.loads(served.stdout.strip().splitlines()[-1])


@pytest.fixture
def production_settings(production: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """This test runs under the production process's security settings."""
    restored = load_settings(production["settings"])
    with override_settings(**restored):
        yield restored


def https_client(user: User | None = None) -> Client:
    """A browser reaching the platform through the TLS proxy, as production serves it."""
    client = Client(SERVER_NAME=HOST, HTTP_X_FORWARDED_PROTO="https")
    if user is not None:
        client.force_login(user)
    return client


# --- The override is the production process -------------------------------------------


def test_production_settings_are_strict(production_settings: dict[str, Any]) -> None:
    assert production_settings["DEBUG"] is False
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    assert production_settings["SECURE_HSTS_SECONDS"] >= ONE_YEAR
    assert production_settings["SESSION_COOKIE_SECURE"] is True
    assert production_settings["CSRF_COOKIE_SECURE"] is True
    assert production_settings["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert production_settings["CSRF_COOKIE_NAME"].startswith("__Host-")


def test_in_process_production_settings_answer_as_the_real_process(
    production: dict[str, Any], production_settings: dict[str, Any]
) -> None:
    BeneficiaireFactory(email=LOGIN_EMAIL, first_name="Sophie", last_name="Durand")
    client = Client(SERVER_NAME=HOST)

    here = [answer(client, *request) for request in REQUESTS]

    for mine, theirs in zip(here, production["answers"], strict=True):
        assert mine == theirs
    # And the real process did what the rest of this file relies on.
    login_page, logged_in, page, missing, plain_http = production["answers"]
    assert (logged_in["status"], page["status"], missing["status"]) == (302, 200, 404)
    assert {"__Host-sessionid", "__Host-csrftoken"} <= set(logged_in["cookies"])
    assert (plain_http["status"], plain_http["headers"]["Location"]) == (
        301,
        f"https://{HOST}/comptes/login/",
    )
    for served in production["answers"]:
        for name, attributes in served["cookies"].items():
            assert_cookie_is_protected(name, attributes)


# --- Every page of the matrix -----------------------------------------------------------


def _rows() -> list[Ligne]:
    return [ligne for ligne in toutes_les_lignes() if ligne.methode == "GET"]


class _Personnes:
    def __init__(self, request: pytest.FixtureRequest) -> None:
        self._request = request

    def __getitem__(self, persona: str) -> Any:
        return self._request.getfixturevalue(persona)


def _one_persona_per_outcome(ligne: Ligne) -> list[str]:
    seen: dict[str, str] = {}
    for persona in PERSONAS:
        seen.setdefault(str(ligne.attendu[persona]), persona)
    return list(seen.values())


@pytest.mark.parametrize("ligne", _rows(), ids=[ligne.ident for ligne in _rows()])
def test_every_page_has_the_security_headers_in_production(
    ligne: Ligne, request: pytest.FixtureRequest, production_settings: dict[str, Any]
) -> None:
    personnes = _Personnes(request)
    url = reverse(ligne.nom, kwargs=ligne.kwargs(personnes))
    for persona in _one_persona_per_outcome(ligne):
        client = https_client(personnes[persona])
        response = client.get(url, ligne.donnees(personnes), secure=True)
        assert_security_headers(response, context=f"{ligne.ident} as {persona}")


# --- The error pages ----------------------------------------------------------------------


def test_the_500_page_has_the_security_headers_in_production(
    production_settings: dict[str, Any],
) -> None:
    client = Client(SERVER_NAME=HOST, HTTP_X_FORWARDED_PROTO="https", raise_request_exception=False)

    with override_settings(ROOT_URLCONF=__name__):
        response = client.get("/panne/", secure=True)

    assert response.status_code == 500
    assert "<h1>Le service rencontre un problème</h1>" in response.content.decode()
    assert_security_headers(response, context="500")


def test_the_expired_form_page_has_the_security_headers_in_production(
    beneficiaire: User, production_settings: dict[str, Any]
) -> None:
    client = Client(SERVER_NAME=HOST, HTTP_X_FORWARDED_PROTO="https", enforce_csrf_checks=True)

    response = client.post(
        "/comptes/login/", {"login": beneficiaire.email, "password": PASSWORD}, secure=True
    )

    assert response.status_code == 403
    assert "<h1>Formulaire expiré</h1>" in response.content.decode()
    assert_security_headers(response, context="403 CSRF")


def assert_security_headers(response: HttpResponse, *, context: str) -> None:
    """What every answer of the platform carries in production (issue 9, point 3)."""
    headers = response.headers
    assert _hsts_max_age(headers.get("Strict-Transport-Security", "")) >= ONE_YEAR, context
    assert headers.get("X-Content-Type-Options") == "nosniff", context
    assert headers.get("Referrer-Policy") == "same-origin", context
    assert "no-store" in headers.get("Cache-Control", ""), context
    for name, attributes in cookies_of(response).items():
        assert_cookie_is_protected(name, attributes, context)
    content_type = headers.get("Content-Type", "")
    if content_type.startswith("text/html"):
        assert_strict_csp(response, context=context)
    elif response.status_code == 200:
        assert_download(response, context=context)


def assert_strict_csp(response: HttpResponse, *, context: str) -> None:
    directives = csp_directives(response.headers.get("Content-Security-Policy", ""))
    script_src = directives.get("script-src", directives.get("default-src"))
    assert script_src, context
    assert "'unsafe-inline'" not in script_src, context
    assert "'unsafe-eval'" not in script_src, context
    assert not [s for s in script_src if s in ("*", "http:", "https:", "data:")], context
    assert directives.get("frame-ancestors") == ["'none'"], context
    assert directives.get("object-src") == ["'none'"], context
    assert directives.get("base-uri") in (["'self'"], ["'none'"]), context
    assert response.headers.get("X-Frame-Options") == "DENY", context
    # Every script of the page is one the policy lets run: a file of the platform itself, or
    # inline code carrying the nonce of this very answer; no inline handler anywhere.
    body = response.content.decode()
    nonces = {s[len("'nonce-") : -1] for s in script_src if s.startswith("'nonce-")}
    for tag in SCRIPT_TAG.findall(body):
        source = SCRIPT_SOURCE.search(tag)
        nonce = NONCE_ATTRIBUTE.search(tag)
        if source:
            assert source.group(1).startswith("/") and not source.group(1).startswith("//"), tag
        else:
            assert nonce is not None and nonce.group(1) in nonces, (context, tag)
    assert not INLINE_HANDLER.search(body), context


def assert_download(response: HttpResponse, *, context: str) -> None:
    """A file is saved or shown as what it is (and, like every answer, never kept)."""
    assert response.headers.get("Content-Disposition", "").startswith(("attachment;", "inline;")), (
        context
    )


def csp_directives(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        if part.strip():
            name, *sources = part.split()
            directives[name] = sources
    return directives


def _hsts_max_age(header: str) -> int:
    found = re.search(r"max-age=(\d+)", header)
    return int(found.group(1)) if found else 0


def _panne(request: Any) -> HttpResponse:
    raise RuntimeError("panne simulée")


# The project's URLs plus one that fails, for the 500 page (ROOT_URLCONF=__name__).
urlpatterns = [*bilan_urls.urlpatterns, path("panne/", _panne)]
