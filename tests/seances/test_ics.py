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
