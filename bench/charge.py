"""What the load benchmarks share: a fresh PostgreSQL database, gunicorn serving the platform,
simulated users who log in once (password and second factor, as people do), concurrent
requests, and the figures written to ``bench/resultats/<name>.json``.

The README's performance table is rebuilt from those files by ``bench/readme.py``.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTATS = ROOT / "bench" / "resultats"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bilan_bench"


def django_on_fresh_database() -> str:
    """Create an empty PostgreSQL database for the benchmark, migrate it, set Django up.

    ``BENCH_DATABASE_URL`` names it (default: ``bilan_bench`` on the local server); it is
    dropped and created again, so it must not be a database anyone uses.
    """
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        sys.exit("Les mesures de charge se font sur PostgreSQL (BENCH_DATABASE_URL).")
    name = parts.path.lstrip("/")
    import psycopg

    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("DJANGO_DEBUG", "false")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(workers: int) -> Iterator[int]:
    """gunicorn serving the platform with the benchmark settings; yields its port."""
    port = _free_port()
    binary = Path(sys.executable).with_name("gunicorn")
    command = [str(binary), "bilan.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    command += [
        "--log-level",
        "warning",
        "--control-socket",
        str(RESULTATS / f"gunicorn-{port}.ctl"),
    ]
    proc = subprocess.Popen(  # noqa: S603 (a fixed command line)
        command,
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn n'a pas démarré")
        yield port
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


class Navigateur:
    """A minimal HTTP client that keeps its cookies: one per simulated user."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, data: dict[str, str] | None = None
    ) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response.status, text

    def login(self, email: str, password: str, totp_secret: str | None) -> None:
        """Log in through the real pages: password, then the authenticator code if asked."""
        _, page = self.request("GET", "/comptes/login/")
        status, _ = self.request(
            "POST", "/comptes/login/", {**_csrf(page), "login": email, "password": password}
        )
        if status != 302:
            raise RuntimeError(f"connexion refusée pour {email} ({status})")
        if totp_secret:
            from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

            _, page = self.request("GET", "/comptes/2fa/authenticate/")
            code = format_hotp_value(hotp_value(totp_secret, int(time.time()) // 30))
            status, _ = self.request(
                "POST", "/comptes/2fa/authenticate/", {**_csrf(page), "code": code}
            )
            if status != 302:
                raise RuntimeError(f"second facteur refusé pour {email} ({status})")


def _csrf(page: str) -> dict[str, str]:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not match:
        raise RuntimeError("jeton CSRF introuvable")
    return {"csrfmiddlewaretoken": match.group(1)}


@dataclass
class Mesure:
    latences_ms: list[float] = field(default_factory=list)
    erreurs: int = 0
    duree_s: float = 0.0

    def resume(self) -> dict[str, float]:
        lat = sorted(self.latences_ms)
        return {
            "requetes": len(lat),
            "erreurs": self.erreurs,
            "p50_ms": round(statistics.median(lat), 1),
            "p95_ms": round(lat[int(0.95 * (len(lat) - 1))], 1),
            "req_par_s": round(len(lat) / self.duree_s, 1),
        }


def charge(
    navigateurs: list[Navigateur], chemins: Callable[[int, int], str], secondes: float
) -> Mesure:
    """Every simulated user requests ``chemins(user, n)`` in a loop, all at once, for
    ``secondes``; a page answering anything but 200 counts as an error."""
    mesure = Mesure()
    verrou = threading.Lock()
    fin = time.monotonic() + secondes

    def utilisateur(i: int, nav: Navigateur) -> None:
        n = 0
        while time.monotonic() < fin:
            debut = time.perf_counter()
            try:
                status, _ = nav.request("GET", chemins(i, n))
            except OSError:
                status = 0
            ecoule = (time.perf_counter() - debut) * 1000
            with verrou:
                if status == 200:
                    mesure.latences_ms.append(ecoule)
                else:
                    mesure.erreurs += 1
            n += 1

    threads = [
        threading.Thread(target=utilisateur, args=(i, nav)) for i, nav in enumerate(navigateurs)
    ]
    debut = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    mesure.duree_s = time.monotonic() - debut
    return mesure


def ecrire(nom: str, resultats: dict[str, object]) -> Path:
    """Write the figures of one benchmark, with what they were measured on."""
    RESULTATS.mkdir(parents=True, exist_ok=True)
    chemin = RESULTATS / f"{nom}.json"
    donnees = {
        "mesure_le": time.strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} cœurs, Python {platform.python_version()}",
        **resultats,
    }
    chemin.write_text(json.dumps(donnees, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return chemin
