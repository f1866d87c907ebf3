"""What the follow-up declares to the retention engine (domain.md, Confidentiality and data;
R6313-7), and the survey link kept out of the access log."""

from __future__ import annotations

from bilan import gunicorn_conf, retention
from suivi.models import EntretienSuivi, Invitation, Relance, Reponse, Suivi, Valeur


def test_each_model_holding_bilan_data_is_registered() -> None:
    categories = {r.model: r.categorie for r in retention.registrations()}
    # R6313-7 (b): kept under the written agreement for the follow-up, 3 years at most.
    assert categories[EntretienSuivi] == retention.Categorie.EXCEPTION_SUIVI
    assert categories[Invitation] == retention.Categorie.PREUVE
    assert categories[Suivi] == retention.Categorie.PREUVE
    assert categories[Relance] == retention.Categorie.PREUVE
    # The anonymous answers are not bilan data: the purge keeps them (domain.md, 10).
    assert Reponse not in categories and Valeur not in categories


def test_the_survey_token_never_reaches_the_access_log() -> None:
    ligne = '203.0.113.9 - - [24/Nov/2026] "GET /avis/Zm9vYmFyYmF6cXV4/ HTTP/1.1" 200 512'
    assert "Zm9vYmFy" not in gunicorn_conf.redact(ligne)
    assert "/avis/…" in gunicorn_conf.redact(ligne)


def test_a_booked_interview_outlives_the_purge_while_the_follow_up_runs(
    fini, horloge, consultant
) -> None:
    """Without the written agreement, the bilan's content goes the night after its end; the
    follow-up interview, booked later, stays until the bilan is closed, then goes too."""
    import datetime

    from beneficiaires.models import Bilan
    from bilan.conservation.services.purge import conservation_purger
    from suivi import services
    from tests.suivi.conftest import jour, paris

    horloge(140)
    entretien = services.entretien_planifier(
        bilan=fini,
        consultant=consultant,
        debut=datetime.datetime.fromtimestamp(paris(jour(160), "10:00"), tz=datetime.UTC),
        duree_minutes=60,
        modalite="telephone",
    )
    horloge(141)
    conservation_purger()
    assert EntretienSuivi.objects.filter(pk=entretien.pk).exists()

    Bilan.objects.filter(pk=fini.pk).update(etat="clos")
    horloge(170)
    conservation_purger()
    assert not EntretienSuivi.objects.filter(pk=entretien.pk).exists()
