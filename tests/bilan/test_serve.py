"""`make run` (manage.py serve) shows the platform as a visitor will meet it: the French
error pages with DEBUG off, static files without collectstatic, one log line per refusal."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bilan.management.commands.serve import web_env

RACINE = Path(__file__).resolve().parents[2]


def test_web_env_turns_debug_off_for_the_local_hosts() -> None:
    env = web_env(addr="127.0.0.1:8000", environ={"PATH": "/bin"})
    assert env["DJANGO_DEBUG"] == "0"
    assert env["DJANGO_ALLOWED_HOSTS"] == "127.0.0.1,localhost"
    assert env["PATH"] == "/bin"


def test_web_env_adds_the_host_of_addr_and_keeps_the_callers_choice() -> None:
    assert web_env(addr="192.0.2.4:8000", environ={})["DJANGO_ALLOWED_HOSTS"] == (
        "127.0.0.1,localhost,192.0.2.4"
    )
    choisi = web_env(addr="0.0.0.0:8000", environ={"DJANGO_DEBUG": "1"})
    assert choisi["DJANGO_DEBUG"] == "1"
    assert choisi["DJANGO_ALLOWED_HOSTS"] == "127.0.0.1,localhost"


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, host: str = "") -> tuple[int, str, bytes]:
    requete = urllib.request.Request(url, headers={"Host": host} if host else {})  # noqa: S310
    try:
        with urllib.request.urlopen(requete, timeout=10) as r:  # noqa: S310
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


@pytest.fixture
def serveur(tmp_path: Path):
    """The web server of `make run`, as serve starts it (no database needed for these pages)."""
    port = _port_libre()
    env = web_env(addr=f"127.0.0.1:{port}", environ={**os.environ, "BILAN_VAR_DIR": str(tmp_path)})
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the tests' settings module is not the served one
    # The embedded defaults of `make run` (SQLite under BILAN_VAR_DIR): runserver checks the
    # migrations of its database at start, and CI's DATABASE_URL names one no test creates.
    for nom in ("DATABASE_URL", "REDIS_URL"):
        env.pop(nom, None)
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=RACINE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.5)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def test_serve_shows_the_french_404_and_serves_static_files(serveur: str) -> None:
    status, _type, corps = _get(f"{serveur}/cette-page-nexiste-pas/")
    page = corps.decode()
    assert status == 404
    assert "<h1>Page introuvable</h1>" in page
    assert "Django" not in page and "URLconf" not in page
    status, type_, corps = _get(f"{serveur}/static/css/app.css")
    assert (status, type_.split(";")[0]) == (200, "text/css")
    assert corps
    assert _get(f"{serveur}/", host="ailleurs.test")[0] == 400  # ALLOWED_HOSTS: local only


SCRIPT_403 = """
import django
django.setup()
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden
from django.test import RequestFactory
from django.utils.log import log_response
try:
    raise PermissionDenied
except PermissionDenied as exc:
    log_response(
        "Forbidden (Permission denied): %s", "/espace/",
        response=HttpResponseForbidden(), request=RequestFactory().get("/espace/"), exception=exc,
    )
"""


@pytest.mark.parametrize("debug", ["1", "0"])
def test_a_403_is_logged_once_without_traceback(debug: str, tmp_path: Path) -> None:
    env = {**os.environ, "DJANGO_DEBUG": debug, "BILAN_VAR_DIR": str(tmp_path)}
    env["DJANGO_SETTINGS_MODULE"] = "bilan.settings"
    sortie = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT_403],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lignes = [ligne for ligne in sortie.stderr.splitlines() if "Forbidden" in ligne]
    assert len(lignes) == 1, sortie.stderr
    assert lignes[0].endswith("WARNING django.request Forbidden (Permission denied): /espace/")
    assert "Traceback" not in sortie.stderr
