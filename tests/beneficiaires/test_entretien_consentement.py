"""The entretien préalable and the beneficiary's consent (domain.md, The life of a bilan, 1;
L6313-4): mandatory fields, encrypted content, a consent given once, timestamped, with IP;
"refusing is never misconduct"; "where a rule says refuse, the platform refuses with a clear
French message and changes nothing"."""

from __future__ import annotations

import datetime
from datetime import UTC

import pytest
import time_machine
from django.db import connection

from beneficiaires.models import Bilan, BilanEvenement, Consentement, EntretienPrealable
from beneficiaires.services import (
    BilanError,
    bilan_assign_consultant,
    bilan_transition,
    consentement_record,
    entretien_prealable_record,
)
from bilan.audit.models import AuditEvent
from tests.beneficiaires.factories import ENTRETIEN, entretien_record

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 3, 9, 30, tzinfo=UTC)  # 10:30 in Paris
TEXTES = ("besoin", "attentes", "situation", "objectifs")


def _put(bilan: Bilan, etat: str) -> None:
    """Test set-up only: place the bilan in a state without the service."""
    Bilan.objects.filter(pk=bilan.pk).update(etat=etat)
    bilan.refresh_from_db()


def _audit_rows(after: int) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(pk__gt=after)
        .order_by("pk")
        .values_list("event", "actor_id", "target_type", "target_id", "ip")
    )


def _last_audit_pk() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _consent(bilan: Bilan, *, donne: bool = True, ip: str = "203.0.113.5") -> Consentement:
    return consentement_record(
        bilan=bilan, beneficiaire_user=bilan.beneficiaire.user, donne=donne, ip=ip
    )


# --- entretien préalable -------------------------------------------------------------------


def test_entretien_prealable_record_stores_every_field(bilan, consultant) -> None:
    entretien = entretien_record(bilan, tenu_le=datetime.date(2026, 11, 2))
    stored = EntretienPrealable.objects.get(bilan=bilan)
    assert stored.pk == entretien.pk
    assert {name: getattr(stored, name) for name in (*TEXTES, "format")} == ENTRETIEN
    assert (stored.tenu_le, stored.acteur_id) == (datetime.date(2026, 11, 2), consultant.pk)


def test_entretien_prealable_record_strips_the_texts(bilan) -> None:
    entretien_record(bilan, besoin="  Changer de métier.\n")
    assert EntretienPrealable.objects.get(bilan=bilan).besoin == "Changer de métier."


def test_entretien_prealable_record_twice_updates_the_same_record(bilan) -> None:
    with time_machine.travel(NOW, tick=False):
        first = entretien_record(bilan)
    with time_machine.travel(NOW + datetime.timedelta(hours=2), tick=False):
        second = entretien_record(bilan, objectifs="Valider une reconversion.", format="distanciel")
    assert second.pk == first.pk
    stored = EntretienPrealable.objects.get()
    assert (stored.objectifs, stored.format) == ("Valider une reconversion.", "distanciel")
    assert (stored.created_at, stored.updated_at) == (NOW, NOW + datetime.timedelta(hours=2))


def test_entretien_prealable_record_audits_without_values(bilan, consultant) -> None:
    before = _last_audit_pk()
    entretien = entretien_record(bilan, ip="198.51.100.7")
    assert _audit_rows(before) == [
        (
            "entretien.recorded",
            consultant.pk,
            "beneficiaires.entretienprealable",
            str(entretien.pk),
            "198.51.100.7",
        )
    ]


def test_entretien_prealable_columns_hold_no_clear_text(bilan) -> None:
    entretien_record(bilan)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT besoin, attentes, situation, objectifs FROM beneficiaires_entretienprealable"
        )
        raw = cursor.fetchone()
    for name, value in zip(TEXTES, raw, strict=True):
        assert value.startswith("fernet:")
        assert ENTRETIEN[name] not in value
        assert "logistique" not in value


def test_entretien_prealable_record_by_another_consultant_is_refused(
    bilan, autre_consultant
) -> None:
    before = _last_audit_pk()
    with pytest.raises(BilanError) as exc:
        entretien_record(bilan, consultant=autre_consultant)
    assert (exc.value.code, exc.value.message) == (
        "not_assigned",
        "Vous n'êtes pas le consultant chargé de ce bilan.",
    )
    assert EntretienPrealable.objects.count() == 0
    assert _audit_rows(before) == []


def test_entretien_prealable_record_by_the_former_consultant_is_refused(
    bilan, consultant, autre_consultant
) -> None:
    bilan_assign_consultant(bilan=bilan, consultant=autre_consultant, by=None)
    with pytest.raises(BilanError) as exc:
        entretien_record(bilan, consultant=consultant)
    assert exc.value.code == "not_assigned"
    entretien_record(bilan, consultant=autre_consultant)
    assert EntretienPrealable.objects.get().acteur_id == autre_consultant.pk


@pytest.mark.parametrize("etat", ["engagement", "en_cours", "abandonne", "refuse"])
def test_entretien_prealable_record_outside_prealable_is_refused(bilan, etat) -> None:
    _put(bilan, etat)
    before = _last_audit_pk()
    with pytest.raises(BilanError) as exc:
        entretien_record(bilan)
    assert exc.value.code == "wrong_state"
    assert EntretienPrealable.objects.count() == 0
    assert _audit_rows(before) == []


def test_entretien_prealable_correction_after_prealable_is_refused(bilan) -> None:
    entretien_record(bilan)
    _put(bilan, "engagement")
    with pytest.raises(BilanError) as exc:
        entretien_record(bilan, besoin="Autre chose.")
    assert exc.value.code == "wrong_state"
    assert EntretienPrealable.objects.get().besoin == ENTRETIEN["besoin"]


@pytest.mark.parametrize(
    ("blank", "listed"),
    [
        ({"besoin": ""}, "le besoin"),
        ({"attentes": "   "}, "les attentes"),
        ({"situation": "\n\t"}, "la situation"),
        ({"objectifs": ""}, "les objectifs"),
        ({"besoin": " ", "objectifs": ""}, "le besoin, les objectifs"),
        (dict.fromkeys(TEXTES, ""), "le besoin, les attentes, la situation, les objectifs"),
    ],
)
def test_entretien_prealable_record_incomplete_is_refused(bilan, blank, listed) -> None:
    before = _last_audit_pk()
    with pytest.raises(BilanError) as exc:
        entretien_record(bilan, **blank)
    assert (exc.value.code, exc.value.message) == (
        "entretien_incomplete",
        f"L'entretien préalable est incomplet : renseignez {listed}.",
    )
    assert EntretienPrealable.objects.count() == 0
    assert _audit_rows(before) == []


def test_entretien_prealable_incomplete_correction_changes_nothing(bilan) -> None:
    entretien_record(bilan)
    with pytest.raises(BilanError):
        entretien_record(bilan, besoin="Nouveau besoin.", situation="")
    assert EntretienPrealable.objects.get().besoin == ENTRETIEN["besoin"]


@pytest.mark.parametrize("format", ["", "hybride", "PRESENTIEL"])
def test_entretien_prealable_record_unknown_format_is_refused(bilan, format) -> None:
    with pytest.raises(BilanError) as exc:
        entretien_record(bilan, format=format)
    assert exc.value.code == "format_invalid"
    assert EntretienPrealable.objects.count() == 0


def test_entretien_prealable_record_is_keyword_only(bilan, consultant) -> None:
    with pytest.raises(TypeError):
        entretien_prealable_record(bilan, consultant)  # type: ignore[misc]


# --- consent -------------------------------------------------------------------------------


def test_consentement_record_stores_the_time_and_the_ip(bilan) -> None:
    entretien_record(bilan)
    with time_machine.travel(NOW, tick=False):
        consentement = _consent(bilan, ip="2001:db8::7")
    stored = Consentement.objects.get(bilan=bilan)
    assert stored.pk == consentement.pk
    assert (stored.decision, stored.at, stored.ip) == ("donne", NOW, "2001:db8::7")
    assert Bilan.objects.get(pk=bilan.pk).etat == "prealable"


def test_consentement_given_is_audited_without_values(bilan, beneficiaire) -> None:
    entretien_record(bilan)
    before = _last_audit_pk()
    consentement = _consent(bilan, ip="203.0.113.5")
    assert _audit_rows(before) == [
        (
            "consentement.given",
            beneficiaire.pk,
            "beneficiaires.consentement",
            str(consentement.pk),
            "203.0.113.5",
        )
    ]


def test_consentement_refused_moves_the_bilan_to_refuse(bilan, beneficiaire) -> None:
    entretien_record(bilan)
    before = _last_audit_pk()
    consentement = _consent(bilan, donne=False, ip="203.0.113.5")
    assert bilan.etat == "refuse"  # the caller's instance follows
    assert Bilan.objects.get(pk=bilan.pk).etat == "refuse"
    assert Consentement.objects.get().decision == "refuse"
    assert list(BilanEvenement.objects.values_list("de", "vers", "acteur_id")) == [
        ("prealable", "refuse", beneficiaire.pk)
    ]
    assert _audit_rows(before) == [
        (
            "consentement.refused",
            beneficiaire.pk,
            "beneficiaires.consentement",
            str(consentement.pk),
            "203.0.113.5",
        ),
        (
            "bilan.state_changed",
            beneficiaire.pk,
            "beneficiaires.bilan",
            str(bilan.pk),
            "203.0.113.5",
        ),
    ]


def test_consentement_keeps_no_reason() -> None:
    """domain.md: refusing is never misconduct; nothing asks or keeps why."""
    names = {f.name for f in Consentement._meta.concrete_fields}
    assert names == {"id", "bilan", "decision", "at", "ip"}


def test_consentement_record_by_another_beneficiary_is_refused(bilan, autre_beneficiaire) -> None:
    entretien_record(bilan)
    before = _last_audit_pk()
    with pytest.raises(BilanError) as exc:
        consentement_record(bilan=bilan, beneficiaire_user=autre_beneficiaire, donne=False, ip=None)
    assert (exc.value.code, exc.value.message) == ("not_owner", "Ce bilan n'est pas le vôtre.")
    assert Consentement.objects.count() == 0
    assert Bilan.objects.get(pk=bilan.pk).etat == "prealable"
    assert _audit_rows(before) == []


def test_consentement_record_by_the_consultant_is_refused(bilan, consultant) -> None:
    entretien_record(bilan)
    with pytest.raises(BilanError) as exc:
        consentement_record(bilan=bilan, beneficiaire_user=consultant, donne=True, ip=None)
    assert exc.value.code == "not_owner"
    assert Consentement.objects.count() == 0


@pytest.mark.parametrize("donne", [True, False])
def test_consentement_record_before_the_entretien_is_refused(bilan, donne) -> None:
    before = _last_audit_pk()
    with pytest.raises(BilanError) as exc:
        _consent(bilan, donne=donne)
    assert (exc.value.code, exc.value.message) == (
        "entretien_missing",
        "Votre consentement pourra être recueilli après l'entretien préalable.",
    )
    assert Consentement.objects.count() == 0
    assert Bilan.objects.get(pk=bilan.pk).etat == "prealable"
    assert _audit_rows(before) == []


@pytest.mark.parametrize(("first", "second"), [(True, True), (True, False), (False, True)])
def test_consentement_record_twice_is_refused(bilan, first, second) -> None:
    entretien_record(bilan)
    with time_machine.travel(NOW, tick=False):
        _consent(bilan, donne=first, ip="203.0.113.5")
    etat = Bilan.objects.get(pk=bilan.pk).etat
    before = _last_audit_pk()
    with pytest.raises(BilanError) as exc:
        _consent(bilan, donne=second, ip="198.51.100.9")
    assert (exc.value.code, exc.value.message) == (
        "consent_already_recorded",
        "Votre réponse a déjà été enregistrée le 03/11/2026 à 10:30.",
    )
    stored = Consentement.objects.get()
    assert (stored.decision, stored.at, stored.ip) == (
        "donne" if first else "refuse",
        NOW,
        "203.0.113.5",
    )
    assert Bilan.objects.get(pk=bilan.pk).etat == etat
    assert _audit_rows(before) == []


@pytest.mark.parametrize("etat", ["abandonne", "engagement"])
def test_consentement_record_outside_prealable_is_refused(bilan, etat) -> None:
    entretien_record(bilan)
    _put(bilan, etat)
    with pytest.raises(BilanError) as exc:
        _consent(bilan, donne=False)
    assert exc.value.code == "wrong_state"
    assert Consentement.objects.count() == 0
    assert Bilan.objects.get(pk=bilan.pk).etat == etat


# --- leaving préalable ---------------------------------------------------------------------


def test_bilan_leaving_prealable_without_entretien_nor_consent_is_refused(bilan) -> None:
    before = _last_audit_pk()
    with pytest.raises(BilanError) as exc:
        bilan_transition(bilan=bilan, vers="engagement", by=None)
    assert (exc.value.code, exc.value.message) == (
        "conditions_unmet",
        "L'entretien préalable n'est pas encore enregistré. "
        "Le bénéficiaire n'a pas donné son consentement au bilan.",
    )
    assert Bilan.objects.get(pk=bilan.pk).etat == "prealable"
    assert BilanEvenement.objects.count() == 0
    assert _audit_rows(before) == []


def test_bilan_leaving_prealable_without_consent_is_refused(bilan, consultant) -> None:
    entretien_record(bilan)
    with pytest.raises(BilanError) as exc:
        bilan_transition(bilan=bilan, vers="engagement", by=consultant)
    assert (exc.value.code, exc.value.message) == (
        "conditions_unmet",
        "Le bénéficiaire n'a pas donné son consentement au bilan.",
    )
    assert Bilan.objects.get(pk=bilan.pk).etat == "prealable"


def test_bilan_leaving_prealable_with_consent_goes_to_engagement(bilan, consultant) -> None:
    entretien_record(bilan)
    _consent(bilan)
    bilan_transition(bilan=bilan, vers="engagement", by=consultant)
    assert Bilan.objects.get(pk=bilan.pk).etat == "engagement"


def test_bilan_without_consent_may_still_be_abandoned(bilan, consultant) -> None:
    bilan_transition(bilan=bilan, vers="abandonne", by=consultant)
    assert Bilan.objects.get(pk=bilan.pk).etat == "abandonne"


def test_entretien_prealable_record_checks_the_consultant_before_the_form(
    bilan, autre_consultant
) -> None:
    with pytest.raises(BilanError) as exc:
        entretien_record(bilan, consultant=autre_consultant, besoin="")
    assert exc.value.code == "not_assigned"
