"""Answered once, even under concurrent submissions (issue 11, point 5: "a questionnaire
answered twice", "a reused 360° link"), with real connections to PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from seances.questionnaires.errors import QuestionnaireError
from seances.questionnaires.models import Passation, Reponse360
from seances.questionnaires.services import passation_repondre, reponse360_enregistrer
from tests.questionnaires.fixtures import NOTES_360, reponses_toutes

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent connections need PostgreSQL (SQLite serialises every writer)",
    ),
]

N = 12


def _en_meme_temps(action: Callable[[], object]) -> list[object]:
    barrier = threading.Barrier(N)
    results: list[object] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait()
            action()
            outcome: object = "ok"
        except QuestionnaireError as exc:
            outcome = exc.code
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_answers_to_one_questionnaire_record_one(
    passation_a_remplir, beneficiaire
) -> None:
    reponses = reponses_toutes(passation_a_remplir.questionnaire, 3)
    results = _en_meme_temps(
        lambda: passation_repondre(
            passation=passation_a_remplir, beneficiaire_user=beneficiaire, reponses=reponses
        )
    )
    assert results.count("ok") == 1
    assert set(results) - {"ok"} == {"deja_repondu"}
    assert Passation.objects.get().repondu_le is not None


def test_concurrent_answers_through_one_link_record_one(jeton_360) -> None:
    results = _en_meme_temps(
        lambda: reponse360_enregistrer(token=jeton_360, notes=NOTES_360, textes={})
    )
    assert results.count("ok") == 1
    assert set(results) - {"ok"} == {"lien_utilise"}
    assert Reponse360.objects.count() == 1
