"""The audit log (domain.md, Confidentiality and data: append-only, never a value, 6-12 months)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client, override_settings
from django.utils import timezone

from bilan.audit.models import AuditEvent, AuditPurgePermit
from bilan.audit.services import audit_purge_expired, audit_record, audit_retention_days
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_audit_record_stores_event_actor_target_and_ip(consultant, beneficiaire) -> None:
    event = audit_record(event="bilan.viewed", actor=consultant, target=beneficiaire, ip="10.0.0.1")
    event.refresh_from_db()
    assert (event.event, event.actor_id, event.target_type, event.target_id, event.ip) == (
        "bilan.viewed",
        consultant.pk,
        "comptes.user",
        str(beneficiaire.pk),
        "10.0.0.1",
    )
    assert abs(event.at - timezone.now()) < timedelta(seconds=5)


def test_audit_record_refuses_an_event_name_that_could_carry_a_value() -> None:
    with pytest.raises(ValueError):
        audit_record(event="note: le bénéficiaire a dit ...")
    assert AuditEvent.objects.count() == 0


def test_audit_event_update_is_refused_by_the_database() -> None:
    event = audit_record(event="test.created")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(event="test.changed")
    assert AuditEvent.objects.get(pk=event.pk).event == "test.created"


def test_audit_event_raw_sql_update_is_refused_by_the_database() -> None:
    event = audit_record(event="test.created")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET ip = '1.2.3.4' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).ip is None


def test_audit_event_delete_is_refused_by_the_database() -> None:
    event = audit_record(event="test.created")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_event_truncate_is_refused_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE n'existe que sur PostgreSQL")  # SQLite has no TRUNCATE
    audit_record(event="test.created")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == 1


def test_audit_delete_is_refused_for_events_younger_than_the_permit() -> None:
    recent = audit_record(event="test.created")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditPurgePermit.objects.create(cutoff=timezone.now() - timedelta(days=1))
        AuditEvent.objects.filter(pk=recent.pk).delete()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()


def test_audit_purge_deletes_only_events_past_the_retention(time_machine) -> None:
    time_machine.move_to(timezone.now() - timedelta(days=400))
    old = audit_record(event="test.old")
    time_machine.move_to(timezone.now() + timedelta(days=400))
    recent = audit_record(event="test.recent")
    assert audit_purge_expired() == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditPurgePermit.objects.count() == 0


def test_audit_purge_run_twice_deletes_nothing_more(time_machine) -> None:
    time_machine.move_to(timezone.now() - timedelta(days=400))
    audit_record(event="test.old")
    time_machine.move_to(timezone.now() + timedelta(days=400))
    assert audit_purge_expired() == 1
    assert audit_purge_expired() == 0


@pytest.mark.parametrize(("setting", "expected"), [(30, 183), (200, 200), (3650, 365)])
def test_audit_retention_stays_within_six_to_twelve_months(setting, expected) -> None:
    with override_settings(AUDIT_RETENTION_DAYS=setting):
        assert audit_retention_days() == expected


def _login(client: Client, email: str, password: str):
    return client.post(
        "/comptes/login/", {"login": email, "password": password}, REMOTE_ADDR="192.0.2.7"
    )


def test_login_and_logout_are_audited_without_values(beneficiaire) -> None:
    client = Client()
    _login(client, beneficiaire.email, PASSWORD)
    client.post("/comptes/logout/", REMOTE_ADDR="192.0.2.7")
    rows = list(AuditEvent.objects.order_by("pk").values_list("event", "actor_id", "ip"))
    assert rows == [
        ("auth.login", beneficiaire.pk, "192.0.2.7"),
        ("auth.logout", beneficiaire.pk, "192.0.2.7"),
    ]


def test_failed_login_is_audited_without_the_typed_login(beneficiaire) -> None:
    _login(Client(), beneficiaire.email, "mauvais-mot-de-passe")
    event = AuditEvent.objects.get()
    assert (event.event, event.actor_id, event.target_id) == (
        "auth.login_failed",
        None,
        str(beneficiaire.pk),
    )
    stored = " ".join(str(v) for v in AuditEvent.objects.values_list().get())
    assert beneficiaire.email not in stored and "mauvais" not in stored


def test_lockout_is_audited(beneficiaire) -> None:
    client = Client()
    for _ in range(5):
        _login(client, beneficiaire.email, "mauvais-mot-de-passe")
    assert AuditEvent.objects.filter(event="auth.lockout", target_id=str(beneficiaire.pk)).exists()
