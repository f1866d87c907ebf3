"""Fifty concurrent sign requests on one row: one signature, 49 clear refusals (issue 5,
Reliability), with real connections to PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from seances.errors import SeanceError
from seances.models import Emargement
from seances.services import emargement_code_request, emargement_sign
from tests.seances.outils import jour, planifier, seance_n

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent connections need PostgreSQL (SQLite serialises every writer)",
    ),
]

N = 50


def test_fifty_concurrent_signatures_make_exactly_one(plan, en_cours, beneficiaire, horloge):
    seance = planifier(seance_n(en_cours, 1), jour(1))
    horloge(jour(1), "10:00")
    code = emargement_code_request(seance=seance, signataire=beneficiaire, demi_journee="matin")
    barrier = threading.Barrier(N)
    results: list[object] = []
    lock = threading.Lock()

    def sign() -> None:
        try:
            barrier.wait()
            emargement_sign(
                seance=seance,
                signataire=beneficiaire,
                demi_journee="matin",
                code=code.code,
                ip="203.0.113.9",
            )
            outcome: object = "signed"
        except SeanceError as exc:
            outcome = exc.code
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=sign) for _ in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("signed") == 1
    assert len(results) == N
    assert set(results) - {"signed"} <= {"code_used", "already_signed"}
    assert Emargement.objects.count() == 1
