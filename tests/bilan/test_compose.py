"""The container setup (docker-compose.yml, Dockerfile, .dockerignore), read as files.

No Docker engine runs on the test machines: the files are parsed, and what they name
(modules, Celery app, variables the production settings require, Debian packages) is
checked against the project itself. No database is needed.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from celery import Celery
from celery.app.utils import find_app
from cryptography.fernet import Fernet
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
APP_SERVICES = ("web", "worker", "beat")
# What bilan/settings.py refuses to start without; the test below also reads the file,
# so that a variable added there is caught even if this list is not updated.
KNOWN_REQUIRED = {
    "DJANGO_SECRET_KEY",
    "CONTENT_ENCRYPTION_KEYS",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
}
SECRETS = {"DJANGO_SECRET_KEY", "CONTENT_ENCRYPTION_KEYS"}


# --- Reading the files ----------------------------------------------------------------


def _compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def _service(name: str) -> dict[str, Any]:
    return _compose()["services"][name]


def _argv(name: str) -> list[str]:
    command = _service(name)["command"]
    return shlex.split(command) if isinstance(command, str) else [str(c) for c in command]


def _steps(name: str) -> list[list[str]]:
    """The service's command as simple commands: `sh -c "a && exec b"` gives [a, b]."""
    argv = _argv(name)
    if argv[:2] != ["sh", "-c"]:
        return [argv]
    steps = [shlex.split(part) for part in argv[2].split("&&")]
    return [step[1:] if step[:1] == ["exec"] else step for step in steps]


def _environment(name: str) -> dict[str, str]:
    env = _service(name).get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


_VARIABLE = re.compile(r"\$\{(\w+)(?:(:?[-?])([^}]*))?\}")


def _required_by_compose(value: str) -> set[str]:
    """Names that compose demands from the .env file (`${NAME:?message}`)."""
    return {m.group(1) for m in _VARIABLE.finditer(value) if m.group(2) in (":?", "?")}


def _interpolate(value: str, given: dict[str, str]) -> str:
    """Compose's interpolation, for the forms this file uses."""

    def replace(match: re.Match[str]) -> str:
        name, operator, argument = match.groups()
        if name in given:
            return given[name]
        if operator in (":?", "?"):
            raise AssertionError(f"{name} is required by docker-compose.yml: {argument}")
        return argument if operator in (":-", "-") else ""

    return _VARIABLE.sub(replace, value.replace("$$", "\0")).replace("\0", "$")


def _dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    instructions: list[tuple[str, str]] = []
    current = ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        keyword, _, arguments = (current + stripped).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        current = ""
    return instructions


def _instructions(keyword: str) -> list[str]:
    return [arguments for kw, arguments in _dockerfile() if kw == keyword]


def _settings_required_in_production() -> set[str]:
    """The names bilan/settings.py passes to ``_required_in_production``."""
    tree = ast.parse((ROOT / "bilan" / "settings.py").read_text())
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_required_in_production"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def _makefile_runtime_packages() -> list[str]:
    match = re.search(
        r"^DEBIAN_RUNTIME\s*:?=\s*(.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE
    )
    assert match, "DEBIAN_RUNTIME not found in the Makefile"
    return match.group(1).split()


# --- docker-compose.yml: services and commands ----------------------------------------


def test_compose_services_all_five_declared() -> None:
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(_compose()["services"])


def test_compose_web_migrates_before_gunicorn() -> None:
    steps = _steps("web")
    assert len(steps) == 2, f"expected `migrate && gunicorn`, got {steps}"
    migrate, serve = steps
    assert migrate[-3:] == ["manage.py", "migrate", "--noinput"]
    assert serve[0] == "gunicorn"
    assert "bilan.wsgi:application" in serve
    assert serve[serve.index("--bind") + 1] == "0.0.0.0:8000"


def test_compose_web_wsgi_application_importable() -> None:
    target = next(
        arg
        for arg in _steps("web")[-1]
        if ":" in arg and not arg.startswith("-") and arg[0].isalpha()
    )
    module_name, _, attribute = target.partition(":")
    application = getattr(importlib.import_module(module_name), attribute)
    assert callable(application)
    assert settings.WSGI_APPLICATION == f"{module_name}.{attribute}"


def test_compose_web_published_on_loopback_only() -> None:
    # TLS is terminated by a reverse proxy on the host; reached directly, gunicorn would
    # let a client forge X-Forwarded-Proto, which production settings trust.
    ports = [str(p) for p in _service("web").get("ports", [])]
    assert ports, "web publishes no port"
    assert all(p.startswith("127.0.0.1:") for p in ports), ports


def test_compose_worker_runs_celery_worker() -> None:
    assert _argv("worker")[:4] == ["celery", "-A", "bilan", "worker"]


def test_compose_beat_runs_celery_beat_with_writable_schedule() -> None:
    argv = _argv("beat")
    assert argv[:4] == ["celery", "-A", "bilan", "beat"]
    schedule = argv[argv.index("--schedule") + 1] if "--schedule" in argv else ""
    # var/celery is created and given to the application user by the Dockerfile.
    assert schedule.startswith("/app/var/celery/"), schedule
    assert any("var/celery" in run and "chown" in run for run in _instructions("RUN"))


def test_compose_celery_option_a_finds_the_app() -> None:
    for name in ("worker", "beat"):
        argv = _argv(name)
        app = find_app(argv[argv.index("-A") + 1])
        assert isinstance(app, Celery)
        assert app is importlib.import_module("bilan.celery").app


# --- docker-compose.yml: environment --------------------------------------------------


def test_compose_app_services_receive_production_variables() -> None:
    required = _settings_required_in_production()
    assert KNOWN_REQUIRED <= required, "settings.py is no longer read correctly"
    for name in APP_SERVICES:
        env = _environment(name)
        assert env.get("DJANGO_ENV") == "production", name
        missing = sorted(v for v in required if not env.get(v))
        assert not missing, f"{name} lacks {missing}"
        for secret in SECRETS:
            # A secret comes from the .env file, compose refusing to start without it.
            assert _required_by_compose(env[secret]) == {secret}, (name, env[secret])


def test_compose_app_environment_starts_production_settings(tmp_path: Path) -> None:
    env = _environment("web")
    demanded = set().union(*(_required_by_compose(v) for v in env.values()))
    given = {name: secrets.token_urlsafe(24) for name in demanded}
    given["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    given["CONTENT_ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
    given["EMAIL_URL"] = "smtp+tls://envoi:motdepasse@smtp.exemple.fr:587"
    given["BILAN_BASE_URL"] = "https://bilan.exemple.fr"
    given["SCELLES_PKCS12_PASSWORD"] = settings.SCELLES_PKCS12_PASSWORD
    container_env = {key: _interpolate(value, given) for key, value in env.items()}
    # The operator's certificate, mounted from ./certificats in the containers.
    from bilan.scelles.certificat import _self_signed_pkcs12

    p12 = tmp_path / "certificats" / "organisation.p12"
    p12.parent.mkdir()
    p12.write_bytes(_self_signed_pkcs12())
    assert container_env["SCELLES_PKCS12_PATH"] == "/app/certificats/organisation.p12"
    container_env["SCELLES_PKCS12_PATH"] = str(p12)
    script = (
        "import json, django\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.management import call_command\n"
        "call_command('check', '--deploy', '--fail-level', 'ERROR')\n"
        "db = settings.DATABASES['default']\n"
        "print(json.dumps({'production': settings.PRODUCTION, 'debug': settings.DEBUG,\n"
        "    'db': [db['ENGINE'], db['HOST']], 'broker': settings.CELERY_BROKER_URL}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        # Nothing inherited (pytest-django's DJANGO_SETTINGS_MODULE among others).
        env={
            "PATH": os.environ.get("PATH", ""),
            "BILAN_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "bilan.settings",
            **container_env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert state == {
        "production": True,
        "debug": False,
        "db": ["django.db.backends.postgresql", "postgres"],
        "broker": "redis://redis:6379/0",
    }


def test_compose_database_url_matches_postgres_service() -> None:
    given = {"POSTGRES_PASSWORD": "pw-test"}
    url = urlsplit(_interpolate(_environment("web")["DATABASE_URL"], given))
    postgres = {k: _interpolate(v, given) for k, v in _environment("postgres").items()}
    assert (url.hostname, url.port) == ("postgres", 5432)
    assert url.username == postgres["POSTGRES_USER"]
    assert url.password == postgres["POSTGRES_PASSWORD"]
    assert url.path.lstrip("/") == postgres["POSTGRES_DB"]
    assert urlsplit(_environment("web")["REDIS_URL"]).hostname == "redis"


def test_compose_app_services_share_media_volume() -> None:
    compose = _compose()
    for name in APP_SERVICES:
        volumes = [str(v) for v in compose["services"][name].get("volumes", [])]
        assert "media:/app/var/media" in volumes, name
    assert "media" in compose["volumes"]


# --- docker-compose.yml: build and dependencies ---------------------------------------


def test_compose_app_services_build_from_dockerfile() -> None:
    for name in APP_SERVICES:
        build = _service(name)["build"]
        if isinstance(build, str):
            build = {"context": build}
        context = (ROOT / build.get("context", ".")).resolve()
        dockerfile = context / build.get("dockerfile", "Dockerfile")
        assert dockerfile == DOCKERFILE, name
    assert DOCKERFILE.is_file()


def test_compose_app_services_wait_for_healthy_backends() -> None:
    for name in APP_SERVICES:
        depends_on = _service(name)["depends_on"]
        for backend in ("postgres", "redis"):
            assert depends_on[backend]["condition"] == "service_healthy", (name, backend)
            assert _service(backend).get("healthcheck"), backend


def test_compose_postgres_uses_named_volume_and_pg_isready() -> None:
    compose = _compose()
    postgres = compose["services"]["postgres"]
    assert str(postgres["image"]).startswith("postgres:15")
    assert "pg_isready" in " ".join(map(str, postgres["healthcheck"]["test"]))
    volume = str(postgres["volumes"][0]).split(":")[0]
    assert volume in compose["volumes"], "postgres data is not on a named volume"


def test_compose_redis_uses_redis7_with_ping_healthcheck() -> None:
    redis = _service("redis")
    assert str(redis["image"]).startswith("redis:7")
    assert "ping" in " ".join(map(str, redis["healthcheck"]["test"]))


# --- Dockerfile and .dockerignore -----------------------------------------------------


def test_compose_dockerfile_installs_weasyprint_libraries() -> None:
    apt = [run for run in _instructions("RUN") if "apt-get install" in run]
    assert apt, "no apt-get install"
    words = set(" ".join(apt).split())
    assert "libharfbuzz-subset0" in words
    assert set(_makefile_runtime_packages()) <= words, "out of step with the Makefile"
    assert "--no-install-recommends" in words
    assert any("rm -rf /var/lib/apt/lists" in run for run in apt)


def test_compose_dockerfile_runs_as_non_root() -> None:
    instructions = _dockerfile()
    users = [i for i, (kw, _) in enumerate(instructions) if kw == "USER"]
    assert users, "no USER line: the container would run as root"
    user = instructions[users[-1]][1].split(":")[0]
    assert user not in {"root", "0"}
    cmd = next(i for i, (kw, _) in enumerate(instructions) if kw == "CMD")
    assert users[-1] < cmd


def test_compose_dockerfile_collects_static_with_inline_dummies() -> None:
    instructions = _dockerfile()
    collect = [
        i
        for i, (kw, args) in enumerate(instructions)
        if kw == "RUN" and "manage.py collectstatic --noinput" in args
    ]
    assert collect, "collectstatic is not run at build time"
    run = instructions[collect[0]][1]
    for name in _settings_required_in_production():
        assert re.search(rf"(^|\s){name}=\S", run), f"{name} not given to collectstatic"
    env_production = any(
        re.search(r"(^|\s)DJANGO_ENV=production", args)
        for kw, args in instructions[: collect[0]]
        if kw == "ENV"
    )
    assert env_production or "DJANGO_ENV=production" in run
    install = next(
        i for i, (kw, args) in enumerate(instructions) if kw == "RUN" and "pip install ." in args
    )
    assert install < collect[0]


def test_compose_dockerfile_bakes_no_production_variable() -> None:
    baked: set[str] = set()
    for keyword in ("ENV", "ARG"):
        for args in _instructions(keyword):
            words = shlex.split(args)
            if keyword == "ENV" and words and "=" not in words[0]:
                baked.add(words[0])  # legacy `ENV NAME value`
            else:
                baked.update(word.split("=", 1)[0] for word in words)
    assert not baked & _settings_required_in_production(), baked


def test_compose_dockerfile_installs_without_dev_extra_and_serves_gunicorn() -> None:
    instructions = _dockerfile()
    assert instructions[0] == ("FROM", "python:3.11-slim-bookworm")
    pip = " ".join(args for kw, args in instructions if kw == "RUN" and "pip install" in args)
    assert re.search(r"pip install \.(\s|$)", pip), pip
    assert "[dev]" not in pip
    cmd = json.loads(_instructions("CMD")[-1])
    assert cmd[:2] == ["gunicorn", "bilan.wsgi:application"]
    assert cmd[cmd.index("--bind") + 1] == "0.0.0.0:8000"
    assert "8000" in " ".join(_instructions("EXPOSE"))


def test_compose_dockerignore_excludes_local_state_and_secrets() -> None:
    ignored = {
        line.strip().rstrip("/")
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    # var/ holds the development database and content key; .env the production secrets.
    assert {".env", "var", ".venv", ".git"} <= ignored, ignored
