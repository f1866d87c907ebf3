"""Redis stopped while people work (issue: faults): the pages keep answering, the tasks asked
for meanwhile wait in the database and run once Redis is back — on a private Redis the test
starts and stops, never the machine's."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.cache import caches
from django.urls import reverse

from bilan.celery import app
from bilan.comptes.models import User
from bilan.models import TacheEnAttente
from bilan.taches import taches_relancer
from tests.fautes.services_prives import RedisPrive, redis_prive

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis(tmp_path: Path, settings) -> Iterator[RedisPrive]:
    """The broker and the cache on a private Redis for the time of the test."""
    with redis_prive(tmp_path) as prive:
        ancien = app.conf.broker_url, app.conf.broker_transport_options
        settings.CACHES = {
            "default": {
                "BACKEND": "bilan.cache.CacheTolerante",
                "LOCATION": prive.url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
        _broker(prive.url, {"socket_connect_timeout": 2})
        try:
            yield prive
        finally:
            _broker(*ancien)
            caches["default"].close()


def _broker(url: str, options: dict) -> None:
    app.conf.broker_url = url
    app.conf.broker_transport_options = options
    app._pool = None
    app.amqp._producer_pool = None


def _inviter(client, admin, email: str):
    client.force_login(admin)
    return client.post(
        reverse("administration:utilisateur_creer"),
        {"email": email, "first_name": "Inès", "last_name": "Durand", "role": "consultant"},
    )


def test_pages_answer_while_redis_is_down_and_the_task_runs_when_it_is_back(
    redis: RedisPrive, client, admin
) -> None:
    redis.stop()

    debut = time.monotonic()
    reponse = _inviter(client, admin, "ines.durand@exemple.test")
    duree = time.monotonic() - debut

    assert reponse.status_code == 302, reponse.content[:500]
    assert duree < 10
    assert User.objects.filter(email="ines.durand@exemple.test").exists()
    assert client.get(reverse("administration:utilisateurs")).status_code == 200
    attente = TacheEnAttente.objects.get()
    assert attente.nom == "bilan.comptes.tasks.user_invitation_send_task"
    assert mail.outbox == []

    # Still down: the beat job tries, keeps the task, fails nothing.
    assert taches_relancer() == 0
    assert TacheEnAttente.objects.get().tentatives == 1

    redis.start()
    assert taches_relancer() == 1
    assert not TacheEnAttente.objects.exists()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        fin = time.monotonic() + 30
        while not mail.outbox and time.monotonic() < fin:
            time.sleep(0.2)
    assert [m.to for m in mail.outbox] == [["ines.durand@exemple.test"]]


def test_login_works_while_the_cache_is_down(redis: RedisPrive, client, consultant) -> None:
    redis.stop()
    reponse = client.post(
        reverse("account_login"), {"login": consultant.email, "password": "mauvais"}
    )
    assert reponse.status_code == 200
    assert "incorrect" in reponse.content.decode().lower()
