"""Twenty recipients' clicks at once on one share link: one download, nineteen refusals
(single-use, L6313-4 consent per recipient), with real connections to PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from bilan.audit.models import AuditEvent
from synthese.errors import SyntheseError
from synthese.partage import partage_lien_utiliser

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent connections need PostgreSQL (SQLite serialises every writer)",
    ),
]

N = 20


def test_twenty_concurrent_uses_serve_exactly_one(partage_jeton) -> None:
    barrier = threading.Barrier(N)
    results: list[str] = []
    lock = threading.Lock()

    def use() -> None:
        try:
            barrier.wait()
            partage_lien_utiliser(token=partage_jeton, ip="203.0.113.9")
            outcome = "served"
        except SyntheseError as exc:
            outcome = exc.code
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=use) for _ in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("served") == 1
    assert set(results) - {"served"} == {"lien_utilise"}
    assert AuditEvent.objects.filter(event="partage.link_used").count() == 1
