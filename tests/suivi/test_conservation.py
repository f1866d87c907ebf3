"""What the follow-up declares to the retention engine (domain.md, Confidentiality and data;
R6313-7), and the survey link kept out of the access log."""

from __future__ import annotations

from bilan import gunicorn_conf, retention
from suivi.models import EntretienSuivi, Invitation, Relance, Reponse, Suivi, Valeur


def test_each_model_holding_bilan_data_is_registered() -> None:
    categories = {r.model: r.categorie for r in retention.registrations()}
    assert categories[EntretienSuivi] == retention.Categorie.CONTENU
    assert categories[Invitation] == retention.Categorie.CONTENU
    assert categories[Suivi] == retention.Categorie.PREUVE
    assert categories[Relance] == retention.Categorie.PREUVE
    # The anonymous answers are not bilan data: the purge keeps them (domain.md, 10).
    assert Reponse not in categories and Valeur not in categories


def test_the_survey_token_never_reaches_the_access_log() -> None:
    ligne = '203.0.113.9 - - [24/Nov/2026] "GET /avis/Zm9vYmFyYmF6cXV4/ HTTP/1.1" 200 512'
    assert "Zm9vYmFy" not in gunicorn_conf.redact(ligne)
    assert "/avis/…" in gunicorn_conf.redact(ligne)
