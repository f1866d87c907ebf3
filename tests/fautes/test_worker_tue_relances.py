"""The Celery worker killed in the middle of a reminder run, then restarted (issue 10, point
4): every reminder is sent exactly once — none missing, none twice (suivi.relances).

Real parts only: a private Redis as the broker (started by the test, never the machine's), a
real ``celery -A bilan worker`` process on the test's database, and a real SMTP server
(aiosmtpd) that records every mail it accepts. The server is slow (a before-queue filter:
it answers each mail after ``LENTEUR``), and it SIGKILLs the worker when a chosen mail
arrives, at two random points: the worker dies waiting for the server's answer, the mail in
flight is not accepted (the server drops a message whose client has gone, as a before-queue
filter does). The test then plays beat: it starts a worker again and asks for the run until
every reminder is marked sent.

The one window this cannot cover is left out on purpose: a kill between the server's ``250``
and the worker's mark, a few milliseconds, sends that mail twice (documented in
suivi.relances, unit-tested in tests/suivi/test_relances.py).
"""

from __future__ import annotations

import asyncio
import email
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import pytest
import redis as redis_py
from aiosmtpd.controller import Controller
from celery import Celery
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from beneficiaires.models import Beneficiaire, Bilan, Etat
from bilan.comptes.models import Role, User
from suivi.models import Relance
from tests.fautes.services_prives import RedisPrive, port_libre, redis_prive

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

N = 120
LENTEUR = 0.06  # seconds the server takes to accept one mail
REPRISE_SECONDES = 5  # longer than a batch of 50 takes here (about 4 s)
DELAI = 60


class _ServeurLent:
    """Records (Message-ID, recipient) of every mail it accepts; ``tuer_a[n]`` runs when the
    n-th DATA command arrives, before the answer."""

    def __init__(self) -> None:
        self.acceptes: list[tuple[str, str]] = []
        self.data_recus = 0
        self.tuer_a: dict[int, Callable[[], None]] = {}

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        self.data_recus += 1
        action = self.tuer_a.pop(self.data_recus, None)
        if action is not None:
            action()
        # aiosmtpd cancels this coroutine when the client goes: nothing is accepted then.
        await asyncio.sleep(LENTEUR)
        if server.transport is None or server.transport.is_closing():
            return "421 client parti"
        message = email.message_from_bytes(envelope.content)
        self.acceptes.append((message["Message-ID"], envelope.rcpt_tos[0]))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[_ServeurLent, int]]:
    serveur = _ServeurLent()
    port = port_libre()
    controller = Controller(serveur, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield serveur, port
    finally:
        controller.stop()


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisPrive]:
    with redis_prive(tmp_path) as prive:
        yield prive


def _relances_dues(n: int) -> dict[int, str]:
    """``n`` ended bilans, each owing its invitation today; {relance id: recipient}."""
    inutilisable = make_password(None)
    consultant = User.objects.create(
        email="c@faute.test", role=Role.CONSULTANT, password=inutilisable
    )
    personnes = User.objects.bulk_create(
        User(email=f"b{i}@faute.test", role=Role.BENEFICIAIRE, password=inutilisable)
        for i in range(n)
    )
    profils = Beneficiaire.objects.bulk_create(
        Beneficiaire(user=u, statut_professionnel="demandeur_emploi") for u in personnes
    )
    bilans = Bilan.objects.bulk_create(
        Bilan(
            reference=f"BC-2026-{i + 1:05d}",
            beneficiaire=p,
            consultant=consultant,
            etat=Etat.TERMINE,
            financement="cpf",
        )
        for i, p in enumerate(profils)
    )
    Relance.objects.bulk_create(
        Relance(bilan=b, type="invitation", echeance=timezone.localdate()) for b in bilans
    )
    return {
        pk: email_
        for pk, email_ in Relance.objects.values_list("pk", "bilan__beneficiaire__user__email")
    }


def _base_partagee(tmp_path: Path) -> tuple[str, Callable[[], dict[int, tuple[str, int]]]]:
    """The database the worker process uses, and how the test reads the rows' states.

    PostgreSQL (CI): the test database itself (committed: a transactional test). SQLite: the
    test database is in memory, so it is copied into a file the worker opens (WAL)."""
    requete = "SELECT id, etat, tentatives FROM suivi_relance"
    reglages = connection.settings_dict
    if connection.vendor == "postgresql":
        utilisateur = quote(reglages["USER"] or "")
        if reglages["PASSWORD"]:
            utilisateur += ":" + quote(reglages["PASSWORD"])
        url = (
            f"postgres://{utilisateur}@{reglages['HOST'] or '127.0.0.1'}:"
            f"{reglages['PORT'] or 5432}/{reglages['NAME']}"
        )

        def lire() -> dict[int, tuple[str, int]]:
            with connection.cursor() as curseur:
                curseur.execute(requete)
                return {pk: (etat, n) for pk, etat, n in curseur.fetchall()}

        return url, lire
    chemin = tmp_path / "partagee.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(chemin)) as copie:
        connection.connection.backup(copie)

    def lire_fichier() -> dict[int, tuple[str, int]]:
        with closing(sqlite3.connect(chemin, timeout=20)) as lecture:
            return {pk: (etat, n) for pk, etat, n in lecture.execute(requete)}

    return f"sqlite:///{chemin}", lire_fichier


def _lancer_worker(env: dict[str, str], journal: Path) -> subprocess.Popen[bytes]:
    with journal.open("ab") as sortie:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "bilan",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=sortie,
            stderr=subprocess.STDOUT,
        )


def test_a_worker_killed_twice_mid_run_sends_every_reminder_exactly_once(
    tmp_path: Path, redis: RedisPrive, smtp: tuple[_ServeurLent, int]
) -> None:
    serveur, port = smtp
    attendus = _relances_dues(N)
    url, lire = _base_partagee(tmp_path)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "TMPDIR": str(tmp_path),
        "BILAN_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": url,
        "REDIS_URL": redis.url,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "SUIVI_RELANCE_REPRISE_SECONDES": str(REPRISE_SECONDES),
    }
    journal = tmp_path / "worker.log"
    graine = random.SystemRandom().randrange(10**6)
    hasard = random.Random(graine)
    premier = hasard.randint(30, 50)
    second = hasard.randint(premier + 20, premier + 50)
    contexte = f"graine {graine}, morts aux mails {premier} et {second}; journal : {journal}"

    worker = _lancer_worker(env, journal)
    verrou = threading.Lock()

    def tuer() -> None:
        # Dead and reaped before the server decides: its socket is closed by then (under
        # load, a killed process can take longer than LENTEUR to let go of it).
        with verrou:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)

    serveur.tuer_a = {premier: tuer, second: tuer}
    # Not the current app: shared tasks resolve against the current one, and the rest of the
    # suite must keep the platform's (eager in tests) once this private broker is gone.
    beat = Celery("beat-du-test", broker=redis.url, set_as_current=False)
    file = redis_py.Redis.from_url(redis.url)
    morts: list[int] = []
    debut = time.monotonic()
    try:
        while time.monotonic() - debut < DELAI:
            with verrou:
                if worker.poll() is not None:
                    morts.append(worker.returncode)
                    worker = _lancer_worker(env, journal)
            etats = lire()
            if all(etat == "envoyee" for etat, _n in etats.values()):
                break
            if not file.llen("celery"):
                beat.send_task("suivi.tasks.suivi_relances_task")
            time.sleep(0.5)
        duree = time.monotonic() - debut
    finally:
        with verrou:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(timeout=10)
        beat.close()
        file.close()

    assert morts == [-signal.SIGKILL, -signal.SIGKILL], contexte
    assert Counter(etat for etat, _n in etats.values()) == {"envoyee": N}, contexte
    par_id = Counter(mid for mid, _to in serveur.acceptes)
    assert set(par_id) == {f"<relance-{pk}@bilan.localhost>" for pk in attendus}, contexte
    assert [mid for mid, n in par_id.items() if n > 1] == [], contexte
    assert Counter(to for _mid, to in serveur.acceptes) == Counter(attendus.values()), contexte
    # The rows left « en cours » by the dead workers were indeed taken again after the delay.
    assert any(n > 1 for _etat, n in etats.values()), contexte
    assert duree < DELAI, contexte
