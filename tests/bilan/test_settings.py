"""Settings from the environment (issue: foundation, "Settings").

The settings are evaluated once, at import, so every case runs in its own Python process
with an environment built from scratch: PATH and HOME only, plus ``BILAN_VAR_DIR`` in a
temporary folder so that nothing is written under the project's real ``var/``.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parents[2]
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/bilan"
UNREACHABLE_POSTGRES = "postgres://postgres@127.0.0.1:1/bilan"
LOCAL_REDIS = "redis://127.0.0.1:6379/0"
# A database of its own for the subprocess that really serves requests: allauth's rate-limit
# counters land in the cache, and other runs' failed logins must not answer in its place.
ISOLATED_REDIS = "redis://127.0.0.1:6379/15"
HOST = "bilan.exemple.fr"

# Printed by `python -c` once django.setup() has read the settings.
PRINT_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "engine": s.DATABASES["default"]["ENGINE"],
    "name": str(s.DATABASES["default"]["NAME"]),
    "email_backend": s.EMAIL_BACKEND,
    "broker": s.CELERY_BROKER_URL,
    "result_backend": s.CELERY_RESULT_BACKEND,
    "cache_backend": s.CACHES["default"]["BACKEND"],
    "cache_location": s.CACHES["default"].get("LOCATION", ""),
    "debug": s.DEBUG,
    "silenced": list(getattr(s, "SILENCED_SYSTEM_CHECKS", [])),
}))
"""

# What a visitor's request meets when the production database does not answer: a
# returning visitor (session cookie, so the session is read from the database) and a
# login form sent (django-axes reads its attempts from the database).
REQUEST_WITH_DATABASE_DOWN = f"""
import json
import django
django.setup()
from django.conf import settings
from django.test import Client

answers = []
returning = Client(raise_request_exception=False, SERVER_NAME="{HOST}")
returning.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32
r = returning.get("/comptes/login/", secure=True)
answers.append([r.status_code, r.content.decode()])
sender = Client(raise_request_exception=False, SERVER_NAME="{HOST}")
r = sender.post("/comptes/login/", {{"login": "sophie@exemple.fr", "password": "x"}}, secure=True)
answers.append([r.status_code, r.content.decode()])
print(json.dumps(answers))
"""

REQUIRED_IN_PRODUCTION = (
    "DJANGO_SECRET_KEY",
    "CONTENT_ENCRYPTION_KEYS",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "BILAN_BASE_URL",
    "EMAIL_URL",
    "SCELLES_PKCS12_PATH",
    "SCELLES_PKCS12_PASSWORD",
)


def clean_env(var_dir: Path, **variables: str) -> dict[str, str]:
    """An environment from scratch: PATH, HOME, BILAN_VAR_DIR and the given variables."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(var_dir.parent)),
        "BILAN_VAR_DIR": str(var_dir),
    }
    env.update(variables)
    return env


def _certificat(var_dir: Path) -> Path:
    """A PKCS#12 sealing certificate such as an operator gives (self-signed here)."""
    from bilan.scelles.certificat import _self_signed_pkcs12

    path = var_dir.parent / "certificats" / "organisation.p12"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_self_signed_pkcs12())
    return path


def production_env(var_dir: Path, **overrides: str) -> dict[str, str]:
    """Every variable production requires, with real values; overrides win."""
    variables = {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),  # 64 random characters
        "CONTENT_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": LOCAL_POSTGRES,
        "REDIS_URL": LOCAL_REDIS,
        "BILAN_BASE_URL": f"https://{HOST}",
        "EMAIL_URL": "smtp+tls://envoi:motdepasse@smtp.exemple.fr:587",
        "SCELLES_PKCS12_PATH": str(_certificat(var_dir)),
        "SCELLES_PKCS12_PASSWORD": django_settings.SCELLES_PKCS12_PASSWORD,
    }
    variables.update(overrides)
    return clean_env(var_dir, **variables)


def run_python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def read_settings(env: dict[str, str]) -> dict[str, object]:
    result = run_python(
        "-c", PRINT_SETTINGS, env={**env, "DJANGO_SETTINGS_MODULE": "bilan.settings"}
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def var_dir(tmp_path: Path) -> Path:
    return tmp_path / "var"


def test_settings_without_any_environment_run_on_embedded_defaults(var_dir: Path) -> None:
    # Issue: "With no environment at all: SQLite under var/, console e-mail, Celery
    # without Redis (filesystem transport), DEBUG on."
    settings = read_settings(clean_env(var_dir))

    assert settings["engine"] == "django.db.backends.sqlite3"
    assert settings["name"] == str(var_dir / "bilan.sqlite3")
    assert settings["email_backend"] == "django.core.mail.backends.console.EmailBackend"
    assert settings["broker"] == "filesystem://"
    assert settings["result_backend"] == f"file://{var_dir / 'celery' / 'results'}"
    assert settings["cache_backend"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings["debug"] is True


def test_settings_with_database_and_redis_urls_use_postgresql_and_redis(var_dir: Path) -> None:
    # Issue: "With DATABASE_URL / REDIS_URL: PostgreSQL and Redis."
    settings = read_settings(clean_env(var_dir, DATABASE_URL=LOCAL_POSTGRES, REDIS_URL=LOCAL_REDIS))

    assert settings["engine"] == "django.db.backends.postgresql"
    assert settings["name"] == "bilan"
    assert settings["broker"] == LOCAL_REDIS
    assert settings["result_backend"] == LOCAL_REDIS
    assert settings["cache_backend"] == "bilan.cache.CacheTolerante"
    assert settings["cache_location"] == LOCAL_REDIS
    # Redis carries the messages: no filesystem broker folders are made.
    assert not (var_dir / "celery").exists()


def test_settings_in_production_pass_the_deployment_checks(var_dir: Path) -> None:
    # Issue: "With DJANGO_ENV=production: DEBUG off ... and `python manage.py check
    # --deploy --fail-level WARNING` passes (HSTS preload silenced deliberately)".
    env = production_env(var_dir)

    check = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout == "System check identified no issues (1 silenced).\n"
    settings = read_settings(env)
    assert settings["debug"] is False
    assert settings["silenced"] == ["security.W021"]


@pytest.mark.parametrize("missing", REQUIRED_IN_PRODUCTION)
def test_settings_in_production_without_a_required_variable_refuse_to_start(
    var_dir: Path, missing: str
) -> None:
    # Issue: "DJANGO_ENV=production: ... no default secret (start refuses without
    # DJANGO_SECRET_KEY)"; bad input gives "a clear start-up error for settings, never a
    # traceback, and leaves nothing half-written".
    env = production_env(var_dir)
    del env[missing]

    check = run_python("manage.py", "check", env=env)

    assert check.returncode == 2
    assert check.stderr == (
        f"Configuration incomplète : la variable d'environnement {missing} est obligatoire "
        "quand DJANGO_ENV=production. Le démarrage est refusé.\n"
    )
    assert "Traceback" not in check.stderr
    assert check.stdout == ""
    assert sorted(var_dir.rglob("*")) == []


@pytest.mark.parametrize(
    "empty",
    REQUIRED_IN_PRODUCTION,
)
def test_settings_in_production_with_an_empty_required_variable_refuse_to_start(
    var_dir: Path, empty: str
) -> None:
    # An empty variable (`DATABASE_URL=` in an env file) is a missing one: same clear
    # start-up error, never a traceback.
    check = run_python("manage.py", "check", env=production_env(var_dir, **{empty: ""}))

    assert check.returncode == 2
    assert f"la variable d'environnement {empty} est obligatoire" in check.stderr
    assert "Traceback" not in check.stderr


def test_request_in_production_with_the_database_down_gets_the_french_500_page(
    var_dir: Path,
) -> None:
    # Issue: "an unreachable database in production: ... a clear French message ...
    # never a traceback". Production serves hashed static files from the manifest, so
    # collectstatic runs first, as it does before any production start.
    env = {
        **production_env(var_dir, DATABASE_URL=UNREACHABLE_POSTGRES, REDIS_URL=ISOLATED_REDIS),
        "DJANGO_SETTINGS_MODULE": "bilan.settings",
    }
    _flush_isolated_redis()
    collect = run_python("manage.py", "collectstatic", "--noinput", "-v", "0", env=env)
    assert collect.returncode == 0, collect.stderr

    result = run_python("-c", REQUEST_WITH_DATABASE_DOWN, env=env)

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    assert [status for status, _ in answers] == [500, 500]
    for _, body in answers:
        assert "<title>Erreur du service</title>" in body
        assert "<h1>Le service rencontre un problème</h1>" in body
        assert "Votre demande n'a pas pu aboutir et rien n'a été enregistré." in body
        assert "Traceback" not in body
        assert "OperationalError" not in body
    # The server log keeps the details for the technical team.
    assert "OperationalError" in result.stderr


def _flush_isolated_redis() -> None:
    import redis

    try:
        redis.Redis.from_url(ISOLATED_REDIS).flushdb()
    except redis.RedisError:
        pass  # no Redis here: the cache then fails open, as in production


def test_settings_in_production_read_the_previous_secret_keys_for_a_rotation(
    var_dir: Path,
) -> None:
    # SECURITY.md, "Rotation des clés": the old key validates what it signed, until removed.
    old = [secrets.token_urlsafe(48), secrets.token_urlsafe(48)]
    env = production_env(var_dir, DJANGO_SECRET_KEY_FALLBACKS=",".join(old))

    check = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)
    printed = run_python(
        "-c",
        "import django; django.setup(); from django.conf import settings as s; "
        "import json; print(json.dumps(s.SECRET_KEY_FALLBACKS))",
        env={**env, "DJANGO_SETTINGS_MODULE": "bilan.settings"},
    )

    assert check.returncode == 0, check.stdout + check.stderr
    assert json.loads(printed.stdout) == old
