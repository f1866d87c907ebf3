"""Attendance signatures (domain.md, The life of a bilan, 5: same day only, one-time code,
immutable, bound to a SHA-256 of the row; Code civil 1366-1367)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import DatabaseError, IntegrityError, connection, transaction

from bilan.audit.models import AuditEvent
from bilan.signatures.models import CodeUnique
from seances.errors import SeanceError
from seances.models import Emargement
from seances.selectors import bilan_progression
from seances.services import (
    emargement_code_request,
    emargement_sign,
    emargement_verifier,
    seance_reschedule,
)
from seances.tasks import emargement_code_send_task
from tests.seances.outils import jour, planifier, seance_n, signer, t, tenir

pytestmark = pytest.mark.django_db


@pytest.fixture
def seance1(plan, en_cours, horloge):
    seance = planifier(seance_n(en_cours, 1), jour(1))
    horloge(jour(1), "10:00")
    return seance


def _code(seance, user, demi="matin"):
    return emargement_code_request(seance=seance, signataire=user, demi_journee=demi)


def _sign(seance, user, code, demi="matin"):
    return emargement_sign(
        seance=seance,
        signataire=user,
        demi_journee=demi,
        code=code,
        ip="203.0.113.9",
        user_agent="Firefox",
    )


def test_emargement_sign_stores_time_ip_agent_and_hash(seance1, beneficiaire) -> None:
    signature = signer(seance1, beneficiaire)
    assert signature.role == "beneficiaire"
    assert signature.signe_le == datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)
    assert (signature.ip, signature.user_agent) == ("203.0.113.9", "Firefox")
    assert len(signature.empreinte) == 64
    assert emargement_verifier(emargement=signature) == "intact"
    assert AuditEvent.objects.filter(event="emargement.signed").count() == 1


def test_session_signed_by_both_counts_as_done(seance1, en_cours, beneficiaire, consultant):
    signer(seance1, beneficiaire)
    assert bilan_progression(bilan=en_cours).minutes_accompagnement_realisees == 0
    signer(seance1, consultant)
    progression = bilan_progression(bilan=en_cours)
    assert progression.minutes_accompagnement_realisees == 120
    assert progression.taux == 120 / 960
    en_cours.plan_seances.refresh_from_db()
    assert en_cours.plan_seances.minutes_accompagnement_realisees == 120


def test_emargement_sign_before_the_day_is_refused(plan, en_cours, beneficiaire, horloge):
    seance = planifier(seance_n(en_cours, 1), jour(1))
    with pytest.raises(SeanceError) as exc:
        _code(seance, beneficiaire)
    assert (
        exc.value.message == "L'émargement n'est possible que le jour de la séance, le 02/12/2026."
    )
    assert not CodeUnique.objects.exists()


def test_emargement_sign_after_the_day_is_refused(seance1, beneficiaire, horloge) -> None:
    code = _code(seance1, beneficiaire).code
    horloge(jour(2), "00:01")
    with pytest.raises(SeanceError) as exc:
        _sign(seance1, beneficiaire, code)
    assert exc.value.code == "too_late"
    assert not Emargement.objects.exists()


def test_emargement_sign_with_a_wrong_code_is_refused_and_counts_a_try(seance1, beneficiaire):
    code = _code(seance1, beneficiaire)
    wrong = "000000" if code.code != "000000" else "111111"
    with pytest.raises(SeanceError) as exc:
        _sign(seance1, beneficiaire, wrong)
    assert exc.value.message == "Code incorrect. Il vous reste 4 essai(s)."
    code.refresh_from_db()
    assert code.essais == 1
    assert not Emargement.objects.exists()


def test_emargement_sign_sixth_try_is_refused_even_with_the_right_code(seance1, beneficiaire):
    code = _code(seance1, beneficiaire)
    wrong = "000000" if code.code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(SeanceError):
            _sign(seance1, beneficiaire, wrong)
    with pytest.raises(SeanceError) as exc:
        _sign(seance1, beneficiaire, code.code)
    assert exc.value.code == "code_tries_exhausted"
    assert exc.value.message == "Trop d'essais : ce code est bloqué, demandez un nouveau code."
    assert not Emargement.objects.exists()


def test_emargement_sign_with_an_expired_code_is_refused(seance1, beneficiaire, horloge):
    code = _code(seance1, beneficiaire).code
    horloge(jour(1), "10:10")
    with pytest.raises(SeanceError) as exc:
        _sign(seance1, beneficiaire, code)
    assert exc.value.message == "Ce code a expiré (10 minutes) : demandez un nouveau code."
    assert not Emargement.objects.exists()


def test_emargement_sign_with_a_used_code_is_refused(seance1, beneficiaire) -> None:
    # Afternoon added to the same session: a reused morning code must not sign it.
    code = _code(seance1, beneficiaire).code
    _sign(seance1, beneficiaire, code)
    with pytest.raises(SeanceError) as exc:
        _sign(seance1, beneficiaire, code)
    assert exc.value.code == "already_signed"
    assert Emargement.objects.count() == 1


@pytest.fixture
def journee(plan, en_cours, horloge):
    """A session over the morning and the afternoon: two rows per signer."""
    seance = planifier(seance_n(en_cours, 1), jour(1), "11:00", "14:00")
    horloge(jour(1), "14:00")
    return seance


def test_code_reused_on_another_row_is_refused(journee, beneficiaire) -> None:
    code = _code(journee, beneficiaire, "matin").code
    _sign(journee, beneficiaire, code, "matin")
    with pytest.raises(SeanceError) as exc:
        _sign(journee, beneficiaire, code, "apres_midi")
    assert exc.value.message == "Ce code a déjà été utilisé : demandez un nouveau code."
    assert Emargement.objects.count() == 1


def test_code_for_another_row_is_refused(journee, beneficiaire) -> None:
    code = _code(journee, beneficiaire, "matin").code
    with pytest.raises(SeanceError) as exc:
        _sign(journee, beneficiaire, code, "apres_midi")
    assert exc.value.code == "code_other_row"
    assert exc.value.message == (
        "Ce code a été émis pour une autre signature : demandez un code pour celle-ci."
    )
    assert not Emargement.objects.exists()


def test_emargement_sign_for_someone_else_is_refused(
    seance1, beneficiaire, autre_beneficiaire, autre_consultant
) -> None:
    code = _code(seance1, beneficiaire).code
    for intrus in (autre_beneficiaire, autre_consultant):
        with pytest.raises(SeanceError) as exc:
            _sign(seance1, intrus, code)
        assert exc.value.message == (
            "Seuls le bénéficiaire et le consultant de la séance signent, chacun pour soi."
        )
    assert not Emargement.objects.exists()


def test_code_of_the_beneficiary_does_not_sign_for_the_consultant(
    seance1, beneficiaire, consultant
) -> None:
    code = _code(seance1, beneficiaire).code
    with pytest.raises(SeanceError) as exc:
        _sign(seance1, consultant, code)
    assert exc.value.code == "code_missing"
    assert not Emargement.objects.exists()


def test_new_code_invalidates_the_previous_one(seance1, beneficiaire) -> None:
    first = _code(seance1, beneficiaire).code
    second = _code(seance1, beneficiaire).code
    if first != second:
        with pytest.raises(SeanceError):
            _sign(seance1, beneficiaire, first)
    _sign(seance1, beneficiaire, second)
    assert Emargement.objects.count() == 1


def test_code_email_is_sent_on_commit_in_french(
    seance1, beneficiaire, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        code = _code(seance1, beneficiaire)
    assert len(callbacks) == 1
    assert emargement_code_send_task(code_id=code.pk, seance_id=seance1.pk) is True
    message = mail.outbox[0]
    assert message.to == [beneficiaire.email]
    assert message.subject.endswith("Votre code de signature")
    assert code.code in message.body
    assert "séance du 02/12/2026 (09:00 – 11:00)" in message.body
    assert code.code in message.alternatives[0][0]


def test_code_email_of_a_replaced_code_is_not_sent(seance1, beneficiaire) -> None:
    old = _code(seance1, beneficiaire)
    _code(seance1, beneficiaire)
    assert emargement_code_send_task(code_id=old.pk, seance_id=seance1.pk) is False
    assert mail.outbox == []


def test_editing_a_signed_session_is_refused(seance1, beneficiaire, consultant) -> None:
    signer(seance1, beneficiaire)
    with pytest.raises(SeanceError) as exc:
        seance_reschedule(
            seance=seance1,
            consultant=consultant,
            date=jour(3),
            debut=t("09:00"),
            fin=t("11:00"),
            modalite="presentiel",
            lieu="Nantes",
            motif="Erreur",
        )
    assert exc.value.message == (
        "Cette séance a déjà été émargée : elle ne peut plus être modifiée."
    )
    seance1.refresh_from_db()
    assert seance1.date == jour(1)


def test_signature_row_cannot_be_updated_or_deleted(seance1, beneficiaire) -> None:
    signature = signer(seance1, beneficiaire)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        Emargement.objects.filter(pk=signature.pk).update(ip="198.51.100.1")
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        Emargement.objects.filter(pk=signature.pk).delete()
    assert Emargement.objects.get(pk=signature.pk).ip == "203.0.113.9"


def test_altered_session_row_is_detected(seance1, beneficiaire, consultant) -> None:
    a = signer(seance1, beneficiaire)
    b = signer(seance1, consultant)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE seances_seance SET fin = %s WHERE id = %s", ["12:00:00", seance1.pk])
    assert emargement_verifier(emargement=a) == "altere"
    assert emargement_verifier(emargement=b) == "altere"


def test_phase_not_held_before_is_refused_at_signing(plan, en_cours, beneficiaire, horloge):
    planifier(seance_n(en_cours, 1), jour(1))
    inv = planifier(seance_n(en_cours, 2), jour(8))
    horloge(jour(8))
    with pytest.raises(SeanceError) as exc:
        _code(inv, beneficiaire)
    assert exc.value.message == (
        "Une séance de la phase d'investigation ne peut être émargée qu'après une séance de la "
        "phase préliminaire tenue et signée."
    )


def test_session_over_morning_and_afternoon_needs_four_signatures(
    plan, en_cours, beneficiaire, consultant, horloge
) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(1), "11:00", "14:00")
    horloge(jour(1), "14:00")
    signer(seance, beneficiaire, "matin")
    signer(seance, consultant, "matin")
    assert bilan_progression(bilan=en_cours).minutes_accompagnement_realisees == 0
    tenir_reste = [("apres_midi", beneficiaire), ("apres_midi", consultant)]
    for demi, user in tenir_reste:
        signer(seance, user, demi)
    assert bilan_progression(bilan=en_cours).minutes_accompagnement_realisees == 180


def test_whole_plan_held_reaches_the_planned_hours(plan, en_cours, horloge) -> None:
    for numero in range(1, 9):
        seance = planifier(seance_n(en_cours, numero), jour(7 * numero))
        horloge(jour(7 * numero), "10:30")
        tenir(seance)
    progression = bilan_progression(bilan=en_cours)
    assert (progression.minutes_accompagnement_realisees, progression.taux) == (960, 1.0)


def test_emargement_code_request_beyond_three_in_ten_minutes_is_refused(
    seance1, beneficiaire
) -> None:
    """The 5 tries of a code are not renewed by asking for new codes without end."""
    for _unused in range(3):
        _code(seance1, beneficiaire)
    with pytest.raises(SeanceError) as exc:
        _code(seance1, beneficiaire)
    assert exc.value.code == "code_too_many"
    assert exc.value.message == "Trop de codes demandés : réessayez à partir de 10:10."
    assert CodeUnique.objects.count() == 3
    assert AuditEvent.objects.filter(event="emargement.code_requested").count() == 3


@pytest.fixture
def midi(plan, en_cours, horloge):
    """A session from 12:00 to 14:00: a morning half and an afternoon half."""
    return planifier(seance_n(en_cours, 1), jour(1), "12:00", "14:00")


def test_emargement_afternoon_before_the_session_starts_is_refused(
    midi, beneficiaire, horloge
) -> None:
    """domain.md, Attendance: nobody signs for time not yet begun."""
    horloge(jour(1), "07:00")
    with pytest.raises(SeanceError) as exc:
        _code(midi, beneficiaire, "apres_midi")
    assert exc.value.code == "too_early"
    assert exc.value.message == (
        "Cette demi-journée de la séance n'a pas commencé : l'émargement n'est possible "
        "qu'à partir de 13:00."
    )
    assert not CodeUnique.objects.exists()


def test_emargement_morning_before_the_session_starts_is_refused(
    midi, beneficiaire, horloge
) -> None:
    horloge(jour(1), "11:59")
    with pytest.raises(SeanceError) as exc:
        _code(midi, beneficiaire, "matin")
    assert exc.value.message == (
        "Cette demi-journée de la séance n'a pas commencé : l'émargement n'est possible "
        "qu'à partir de 12:00."
    )
    assert not CodeUnique.objects.exists()


def test_emargement_morning_once_the_session_started_is_allowed(
    midi, beneficiaire, horloge
) -> None:
    horloge(jour(1), "12:05")
    assert signer(midi, beneficiaire, "matin").demi_journee == "matin"


def test_emargement_afternoon_before_13h_is_refused(midi, beneficiaire, horloge) -> None:
    horloge(jour(1), "12:05")
    with pytest.raises(SeanceError) as exc:
        _code(midi, beneficiaire, "apres_midi")
    assert exc.value.code == "too_early"
    assert not CodeUnique.objects.exists()


def test_emargement_afternoon_after_13h_is_allowed(midi, beneficiaire, horloge) -> None:
    horloge(jour(1), "13:05")
    assert signer(midi, beneficiaire, "apres_midi").demi_journee == "apres_midi"


def test_emargement_afternoon_of_a_session_starting_after_13h_waits_for_its_start(
    plan, en_cours, beneficiaire, horloge
) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(1), "14:30", "16:30")
    horloge(jour(1), "14:00")
    with pytest.raises(SeanceError) as exc:
        _code(seance, beneficiaire, "apres_midi")
    assert exc.value.message.endswith("qu'à partir de 14:30.")
    horloge(jour(1), "14:30")
    assert signer(seance, beneficiaire, "apres_midi").demi_journee == "apres_midi"


def test_code_email_failure_loses_no_signature_a_new_code_signs(
    seance1, beneficiaire, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    # Issue (sessions), Reliability: "No signature is lost if the e-mail of the code fails:
    # the signer can ask for a new code". The SMTP server is outside: it is the part mocked.
    import smtplib

    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages

    def refused(self, messages):
        raise smtplib.SMTPServerDisconnected("serveur indisponible")

    monkeypatch.setattr(EmailBackend, "send_messages", refused)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = _code(seance1, beneficiaire)
    with pytest.raises(smtplib.SMTPException):
        emargement_code_send_task(code_id=first.pk, seance_id=seance1.pk)
    assert mail.outbox == [] and not Emargement.objects.exists() and len(callbacks) == 1

    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    second = _code(seance1, beneficiaire)
    emargement_code_send_task(code_id=second.pk, seance_id=seance1.pk)
    sent = mail.outbox[-1].body
    assert second.code in sent
    _sign(seance1, beneficiaire, second.code)
    assert Emargement.objects.filter(seance=seance1).count() == 1
