"""Questionnaires assigned by the consultant and answered once by the beneficiary (issue 11,
point 5; domain.md, Confidentiality: answers are bilan content, encrypted, for the two of
them). Every refusal: a stable code, a French message, nothing stored."""

from __future__ import annotations

import json

import pytest

from bilan.audit.models import AuditEvent
from seances.questionnaires.errors import QuestionnaireError
from seances.questionnaires.models import Passation, Questionnaire
from seances.questionnaires.selectors import passations_visible_to
from seances.questionnaires.services import (
    passation_attribuer,
    passation_repondre,
    passation_scores,
)
from tests.beneficiaires.factories import BilanFactory
from tests.questionnaires.conftest import brut
from tests.questionnaires.fixtures import reponses_toutes

pytestmark = pytest.mark.django_db


def test_passation_attribuer_grants_the_beneficiary_and_the_consultant(
    passation_a_remplir, beneficiaire, consultant, autre_consultant, admin, superuser
) -> None:
    assert list(passations_visible_to(beneficiaire)) == [passation_a_remplir]
    assert list(passations_visible_to(consultant)) == [passation_a_remplir]
    for user in (autre_consultant, admin, superuser):
        assert list(passations_visible_to(user)) == []
    assert AuditEvent.objects.filter(event="questionnaire.assigned").count() == 1


def test_passation_attribuer_twice_is_refused(passation_a_remplir, consultant) -> None:
    with pytest.raises(QuestionnaireError) as exc:
        passation_attribuer(
            bilan=passation_a_remplir.bilan,
            consultant=consultant,
            questionnaire=passation_a_remplir.questionnaire,
        )
    assert exc.value.code == "deja_attribue"
    assert Passation.objects.count() == 1


def test_passation_attribuer_by_another_consultant_is_refused(
    bilan_en_cours, autre_consultant, questionnaire_interets
) -> None:
    with pytest.raises(QuestionnaireError) as exc:
        passation_attribuer(
            bilan=bilan_en_cours, consultant=autre_consultant, questionnaire=questionnaire_interets
        )
    assert exc.value.code == "not_assigned"
    assert not Passation.objects.exists()


def test_passation_attribuer_before_the_bilan_runs_is_refused(
    bilan, consultant, questionnaire_interets
) -> None:
    with pytest.raises(QuestionnaireError) as exc:
        passation_attribuer(
            bilan=bilan, consultant=consultant, questionnaire=questionnaire_interets
        )
    assert exc.value.code == "bilan_inactif"
    assert not Passation.objects.exists()


def test_passation_attribuer_inactive_questionnaire_is_refused(
    bilan_en_cours, consultant, questionnaire_interets
) -> None:
    Questionnaire.objects.filter(pk=questionnaire_interets.pk).update(actif=False)
    with pytest.raises(QuestionnaireError) as exc:
        passation_attribuer(
            bilan=bilan_en_cours, consultant=consultant, questionnaire=questionnaire_interets
        )
    assert exc.value.code == "questionnaire_inactif"


def test_passation_repondre_scores_and_encrypts(passation_a_remplir, beneficiaire) -> None:
    questionnaire = passation_a_remplir.questionnaire
    reponses = reponses_toutes(questionnaire, 2)
    premier = min(reponses)
    reponses[premier] = 5
    passation = passation_repondre(
        passation=passation_a_remplir, beneficiaire_user=beneficiaire, reponses=reponses
    )
    scores = passation_scores(Passation.objects.get(pk=passation.pk))
    assert [s.libelle for s in scores] == [d.libelle for d in questionnaire.dimensions.all()]
    assert scores[0].score == 2.75  # (5 + 2 + 2 + 2) / 4
    assert {s.score for s in scores[1:]} == {2.0}
    for colonne in ("reponses", "scores"):
        assert brut(Passation, passation.pk, colonne).startswith("fernet:")
    assert "2.75" not in brut(Passation, passation.pk, "scores")
    stored = json.loads(Passation.objects.get(pk=passation.pk).reponses)
    assert stored[str(premier)] == 5


def _refus(passation, user, reponses) -> str:
    with pytest.raises(QuestionnaireError) as exc:
        passation_repondre(passation=passation, beneficiaire_user=user, reponses=reponses)
    fresh = Passation.objects.get(pk=passation.pk)
    assert (fresh.repondu_le, fresh.reponses, fresh.scores) == (None, "", "")
    return exc.value.code


def test_passation_repondre_missing_answer_is_refused(passation_a_remplir, beneficiaire) -> None:
    reponses = reponses_toutes(passation_a_remplir.questionnaire)
    reponses.pop(min(reponses))
    assert _refus(passation_a_remplir, beneficiaire, reponses) == "reponse_manquante"


@pytest.mark.parametrize("valeur", [0, 6, -1, "abc", "3.5"])
def test_passation_repondre_out_of_range_is_refused(
    passation_a_remplir, beneficiaire, valeur
) -> None:
    reponses = reponses_toutes(passation_a_remplir.questionnaire)
    reponses[min(reponses)] = valeur
    assert _refus(passation_a_remplir, beneficiaire, reponses) == "reponse_hors_echelle"


def test_passation_repondre_by_someone_else_is_refused(
    passation_a_remplir, autre_beneficiaire
) -> None:
    reponses = reponses_toutes(passation_a_remplir.questionnaire)
    assert _refus(passation_a_remplir, autre_beneficiaire, reponses) == "not_owner"


def test_passation_repondre_twice_is_refused_and_changes_nothing(
    passation_remplie, beneficiaire
) -> None:
    avant = Passation.objects.get(pk=passation_remplie.pk)
    with pytest.raises(QuestionnaireError) as exc:
        passation_repondre(
            passation=passation_remplie,
            beneficiaire_user=beneficiaire,
            reponses=reponses_toutes(passation_remplie.questionnaire, 1),
        )
    assert exc.value.code == "deja_repondu"
    assert "qu'une fois" in exc.value.message
    apres = Passation.objects.get(pk=passation_remplie.pk)
    assert (apres.reponses, apres.scores, apres.repondu_le) == (
        avant.reponses,
        avant.scores,
        avant.repondu_le,
    )
    assert {s.score for s in passation_scores(apres)} == {4.0}


def test_passations_visible_to_another_bilan_of_another_person(
    passation_a_remplir, autre_beneficiaire, autre_consultant
) -> None:
    autre = BilanFactory(consultant=autre_consultant, etat="en_cours")
    mien = passation_attribuer(
        bilan=autre, consultant=autre_consultant, questionnaire=passation_a_remplir.questionnaire
    )
    assert list(passations_visible_to(autre_consultant)) == [mien]
