"""Concurrency on PostgreSQL: eight beneficiaries book one slot at once (one booking,
seven clear refusals); two workers run the daily job at once (each mail once)."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from suivi import relances, services
from suivi.errors import SuiviError
from suivi.models import EntretienSuivi, EtatRelance, Relance
from tests.beneficiaires.factories import BilanFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent connections need PostgreSQL (SQLite serialises every writer)",
    ),
]

N = 8


def _en_parallele(n, fonction) -> list[object]:
    barrier = threading.Barrier(n)
    results: list[object] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            outcome = fonction(i)
        except SuiviError as exc:
            outcome = exc.code
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_eight_beneficiaries_booking_one_slot_make_one_booking(consultant, suivi_seed) -> None:
    bilans = [BilanFactory(consultant=consultant, etat="termine") for _ in range(N)]
    creneau = services.creneau_proposer(
        consultant=consultant,
        debut=timezone.now() + datetime.timedelta(days=3),
        duree_minutes=60,
        modalite="distanciel",
    )

    def reserver(i: int) -> str:
        b = bilans[i]
        services.entretien_reserver(
            bilan=b, beneficiaire_user=b.beneficiaire.user, creneau_id=creneau.pk
        )
        return "reserve"

    results = _en_parallele(N, reserver)
    assert results.count("reserve") == 1
    assert set(results) - {"reserve"} == {"creneau_pris"}
    assert EntretienSuivi.objects.filter(creneau=creneau).count() == 1


def test_two_workers_sending_at_once_send_each_mail_once(consultant, suivi_seed) -> None:
    bilans = [BilanFactory(consultant=consultant, etat="termine") for _ in range(6)]
    Relance.objects.bulk_create(
        [Relance(bilan=b, type="invitation", echeance=timezone.localdate()) for b in bilans]
    )
    mail.outbox = []
    results = _en_parallele(2, lambda i: relances.relances_envoyer())
    assert sum(results) == 6
    assert len(mail.outbox) == 6
    assert not Relance.objects.exclude(etat=EtatRelance.ENVOYEE).exists()
