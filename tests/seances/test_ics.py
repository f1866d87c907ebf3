"""iCalendar feed and per-session .ics: no bilan content; the feed token is revocable and
stored hashed."""

from __future__ import annotations

import hashlib

import pytest

from seances.errors import SeanceError
from seances.models import FluxAgenda
from seances.services import flux_create, flux_revoke, ics_flux, ics_seance
from tests.seances.outils import jour, planifier, seance_n

pytestmark = pytest.mark.django_db


def test_ics_seance_has_times_and_place_but_no_content(plan, en_cours) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(1))
    text = ics_seance(seance=seance)
    assert "SUMMARY:Séance de bilan\r\n" in text
    assert "DTSTART:20261202T080000Z\r\n" in text
    assert "DTEND:20261202T100000Z\r\n" in text
    assert "LOCATION:12 rue des Lilas\\, Nantes\r\n" in text
    assert en_cours.reference not in text
    assert "Engagement" not in text  # the session's title stays out
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")


def test_flux_token_is_stored_hashed_and_lists_the_sessions(plan, en_cours, consultant):
    planifier(seance_n(en_cours, 1), jour(1))
    jeton = flux_create(consultant=consultant)
    assert FluxAgenda.objects.get().jeton_hash == hashlib.sha256(jeton.encode()).hexdigest()
    assert ics_flux(jeton=jeton).count("BEGIN:VEVENT") == 1


def test_flux_revoked_token_is_refused(consultant) -> None:
    jeton = flux_create(consultant=consultant)
    flux_revoke(consultant=consultant)
    with pytest.raises(SeanceError) as exc:
        ics_flux(jeton=jeton)
    assert exc.value.message == (
        "Ce lien d'agenda a été révoqué : créez-en un nouveau depuis votre agenda."
    )


def test_flux_create_again_revokes_the_previous_token(consultant) -> None:
    old = flux_create(consultant=consultant)
    new = flux_create(consultant=consultant)
    with pytest.raises(SeanceError) as exc:
        ics_flux(jeton=old)
    assert exc.value.code == "flux_revoked"
    assert "BEGIN:VCALENDAR" in ics_flux(jeton=new)


def test_flux_unknown_token_is_refused(db) -> None:
    with pytest.raises(SeanceError) as exc:
        ics_flux(jeton="inconnu")
    assert exc.value.code == "flux_unknown"


def _distanciel(seance, lien: str):
    from seances.services import seance_schedule
    from tests.seances.outils import t

    return seance_schedule(
        seance=seance,
        consultant=seance.bilan.consultant,
        date=jour(1),
        debut=t("09:00"),
        fin=t("11:00"),
        modalite="distanciel",
        lien_visio=lien,
    )


def _lignes(text: str) -> list[str]:
    """The content lines once unfolded (RFC 5545, 3.1)."""
    assert text.endswith("\r\n")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


@pytest.mark.parametrize(
    "lien",
    [
        "https://visio.test/a\r\nATTENDEE:mailto:x@y.test",
        "https://visio.test/a\nDESCRIPTION:x",
        "https://visio.test/a b",
        "https://visio.test/a\tb",
        "https://visio.test/a\x00b",
        "https://visio.test/a\u2028b",
    ],
)
def test_seance_schedule_with_a_visio_link_with_a_break_or_space_is_refused(
    plan, en_cours, lien
) -> None:
    """RFC 5545, 3.1: a line break in the link would add a property to the calendars."""
    with pytest.raises(SeanceError) as exc:
        _distanciel(seance_n(en_cours, 1), lien)
    assert exc.value.code == "lien_invalid"
    assert exc.value.message == (
        "Le lien de visioconférence ne doit contenir ni espace, ni retour à la ligne, "
        "ni caractère de contrôle."
    )
    seance = seance_n(en_cours, 1)
    assert (seance.statut, seance.lien_visio) == ("a_planifier", "")


def test_ics_seance_link_stored_with_a_line_break_cannot_inject_a_property(plan, en_cours) -> None:
    seance = _distanciel(seance_n(en_cours, 1), "https://visio.test/salle")
    type(seance).objects.filter(pk=seance.pk).update(
        lien_visio="https://visio.test/a\r\nATTENDEE:mailto:x@y.test\rX b"
    )
    seance.refresh_from_db()
    lignes = _lignes(ics_seance(seance=seance))
    assert "URL:https://visio.test/a%0D%0AATTENDEE:mailto:x@y.test%0DX%20b" in lignes
    assert "LOCATION:https://visio.test/a\\nATTENDEE:mailto:x@y.test\\nX b" in lignes
    assert not any(ligne.startswith("ATTENDEE") for ligne in lignes)
    assert not any(c in ligne for ligne in lignes for c in "\r\n")


def test_ics_seance_escapes_text_values(plan, en_cours) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(1))
    type(seance).objects.filter(pk=seance.pk).update(lieu="Salle A; 2e, aile\\nord\nNantes")
    seance.refresh_from_db()
    assert "LOCATION:Salle A\\; 2e\\, aile\\\\nord\\nNantes" in _lignes(ics_seance(seance=seance))


def test_ics_seance_long_lines_are_folded_at_75_octets(plan, en_cours) -> None:
    lien = "https://visio.test/" + "é" * 10 + "a" * 120
    seance = _distanciel(seance_n(en_cours, 1), lien)
    text = ics_seance(seance=seance)
    physiques = text.split("\r\n")[:-1]
    assert all(len(ligne.encode()) <= 75 for ligne in physiques)
    assert any(ligne.startswith(" ") for ligne in physiques)
    assert f"URL:{lien}" in _lignes(text)
