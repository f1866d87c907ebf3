"""PostgreSQL restarted under a running web server (issue: faults): the next requests succeed
without restarting gunicorn (persistent connections are health-checked) — on a private
cluster the test creates, never the machine's."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fautes.services_prives import PostgresPrive, _attendre, port_libre, postgres_prive

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


@pytest.fixture
def serveur(tmp_path: Path) -> Iterator[tuple[str, PostgresPrive]]:
    with postgres_prive() as pg:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "BILAN_VAR_DIR": str(tmp_path / "var"),
            "DJANGO_SETTINGS_MODULE": "bilan.settings",
            "DATABASE_URL": pg.url,
        }
        python = sys.executable
        subprocess.run(
            [python, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        port = port_libre()
        gunicorn = subprocess.Popen(  # noqa: S603
            [
                python,
                "-m",
                "gunicorn",
                "bilan.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _attendre(lambda: _repond(base), 30)
            yield base, pg
        finally:
            gunicorn.terminate()
            gunicorn.wait(timeout=10)


def _repond(base: str) -> bool:
    try:
        urllib.request.urlopen(f"{base}/comptes/login/", timeout=2)  # noqa: S310
        return True
    except (urllib.error.URLError, OSError):
        return False


def _connexion_refusee(base: str) -> int:
    """A failed login: reads the user table and writes axes' attempt row (the database)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/comptes/login/", timeout=10).read().decode()  # noqa: S310
    jeton = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    donnees = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": jeton, "login": "personne@exemple.test", "password": "x"}
    ).encode()
    requete = urllib.request.Request(  # noqa: S310
        f"{base}/comptes/login/", data=donnees, headers={"Referer": f"{base}/comptes/login/"}
    )
    try:
        reponse = opener.open(requete, timeout=10)  # noqa: S310
    except urllib.error.HTTPError as exc:
        return exc.code
    assert "incorrect" in reponse.read().decode().lower()
    return reponse.status


def test_requests_succeed_after_postgres_restarts(serveur) -> None:
    base, pg = serveur
    assert _connexion_refusee(base) == 200

    pg.restart()
    time.sleep(0.5)

    assert _connexion_refusee(base) == 200
    assert _connexion_refusee(base) == 200
