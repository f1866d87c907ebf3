"""A real Celery worker on the real broker (Redis in CI, the filesystem transport without it)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from bilan.audit.models import AuditEvent
from bilan.audit.services import audit_record
from bilan.audit.tasks import audit_purge_expired_task
from bilan.celery import app
from bilan.tasks import ping_task

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker() -> Iterator[None]:
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def test_worker_answers_through_the_configured_broker(worker) -> None:
    expected = settings.REDIS_URL or "filesystem://"
    assert app.conf.broker_url == expected
    assert ping_task.delay().get(timeout=30) == "pong"


def test_worker_runs_the_audit_purge_against_the_database(worker, time_machine) -> None:
    time_machine.move_to(time.time() - timedelta(days=400).total_seconds(), tick=True)
    old = audit_record(event="test.old")
    time_machine.move_to(time.time() + timedelta(days=400).total_seconds(), tick=True)
    recent = audit_record(event="test.recent")
    audit_purge_expired_task.delay()
    deadline = time.monotonic() + 30
    while AuditEvent.objects.filter(pk=old.pk).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]


def test_beat_schedule_names_registered_tasks() -> None:
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
