"""The 360° links kept out of the access log, and the demo content (issue 11, point 5)."""

from __future__ import annotations

import pytest

from bilan import gunicorn_conf


def test_redact_hides_the_token_of_a_360_link() -> None:
    ligne = '192.0.2.1 - - [x] "GET /entourage/AbC-123_xyz/ HTTP/1.1" 200 10 "-" 0'
    assert gunicorn_conf.redact(ligne) == (
        '192.0.2.1 - - [x] "GET /entourage/…/ HTTP/1.1" 200 10 "-" 0'
    )


def test_redact_keeps_the_other_prefixes_as_they_were() -> None:
    assert gunicorn_conf.redact("GET /agenda/abc.ics") == "GET /agenda/…"
    assert gunicorn_conf.redact("GET /signature/convention/abc/") == "GET /signature/…/"


@pytest.mark.django_db
def test_demo_questionnaires_sophie_answered_one_idempotent() -> None:
    from bilan.demo import load_demo
    from seances.questionnaires.models import Passation

    load_demo()
    load_demo()
    passations = Passation.objects.filter(
        bilan__beneficiaire__user__email="sophie.durand@exemple.test"
    ).order_by("pk")
    assert [(p.questionnaire.nom, p.repondu_le is not None) for p in passations] == [
        ("Intérêts professionnels", True),
        ("Valeurs professionnelles", False),
    ]
