"""Published tests' restitutions, the hand-over, the change of consultant and the retention
registry (issue 11, point 5; seed 004, Document de synthèse: every result is handed over;
domain.md, Confidentiality: a change of consultant moves the access; R6313-7)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from beneficiaires.services import bilan_assign_consultant
from bilan import retention
from seances.outils.remise import remises
from seances.questionnaires.errors import QuestionnaireError
from seances.questionnaires.models import (
    Enquete360,
    Invitation360,
    Passation,
    Reponse360,
    Restitution,
)
from seances.questionnaires.selectors import (
    enquetes_visible_to,
    passations_visible_to,
    restitutions_visible_to,
)
from seances.questionnaires.services import questionnaires_remettre, restitution_enregistrer
from tests.questionnaires.conftest import brut

pytestmark = pytest.mark.django_db


def _restitution(bilan, consultant, **kw):
    data = {
        "test_nom": "NEO PI-R",
        "date": timezone.localdate(),
        "notes": "Échange sur les résultats.",
    }
    data.update(kw)
    return restitution_enregistrer(bilan=bilan, consultant=consultant, **data)


def test_restitution_enregistrer_encrypts_the_notes(bilan_en_cours, consultant) -> None:
    restitution = _restitution(bilan_en_cours, consultant, document_reference="DOC-12")
    assert brut(Restitution, restitution.pk, "notes").startswith("fernet:")
    assert restitution.document_reference == "DOC-12"


@pytest.mark.parametrize(
    ("champs", "code"),
    [
        ({"test_nom": " "}, "test_requis"),
        ({"notes": ""}, "notes_requises"),
        ({"date": timezone.localdate() + datetime.timedelta(days=1)}, "date_future"),
    ],
)
def test_restitution_enregistrer_bad_input_is_refused(
    bilan_en_cours, consultant, champs, code
) -> None:
    with pytest.raises(QuestionnaireError) as exc:
        _restitution(bilan_en_cours, consultant, **champs)
    assert exc.value.code == code
    assert not Restitution.objects.exists()


def test_restitution_enregistrer_by_another_consultant_is_refused(
    bilan_en_cours, autre_consultant
) -> None:
    with pytest.raises(QuestionnaireError) as exc:
        _restitution(bilan_en_cours, autre_consultant)
    assert exc.value.code == "not_assigned"


def test_restitution_beneficiary_reads_it_once_handed_over(
    restitution_test, beneficiaire, consultant, admin
) -> None:
    assert list(restitutions_visible_to(consultant)) == [restitution_test]
    assert list(restitutions_visible_to(beneficiaire)) == []
    assert questionnaires_remettre(restitution_test.bilan, consultant) == 1
    assert list(restitutions_visible_to(beneficiaire)) == [restitution_test]
    assert list(restitutions_visible_to(admin)) == []


def test_questionnaires_remettre_marks_each_result_once(
    passation_remplie, passation_a_remplir, jeton_360_utilise, restitution_test, consultant
) -> None:
    bilan = passation_remplie.bilan
    # Answered questionnaire + answered survey + restitution; not the unanswered one.
    assert questionnaires_remettre(bilan, consultant) == 3
    assert Passation.objects.get(pk=passation_a_remplir.pk).remis_le is None
    assert Enquete360.objects.get().remis_le is not None
    assert questionnaires_remettre(bilan, consultant) == 0


def test_questionnaires_remettre_is_registered() -> None:
    assert any(r.remettre is questionnaires_remettre for r in remises())


def test_consultant_change_moves_the_access(
    passation_a_remplir, enquete_360, restitution_test, consultant, autre_consultant, admin
) -> None:
    bilan_assign_consultant(bilan=passation_a_remplir.bilan, consultant=autre_consultant, by=admin)
    assert list(passations_visible_to(autre_consultant)) == [passation_a_remplir]
    assert list(enquetes_visible_to(autre_consultant)) == [enquete_360]
    assert list(restitutions_visible_to(autre_consultant)) == [restitution_test]
    for selector in (passations_visible_to, enquetes_visible_to, restitutions_visible_to):
        assert list(selector(consultant)) == []


def test_retention_registers_every_content_model_as_contenu() -> None:
    inscrits = {
        r.model: (r.categorie, r.bilan_path)
        for r in retention.registrations()
        if r.model._meta.app_label == "questionnaires"
    }
    assert inscrits == {
        Passation: (retention.Categorie.CONTENU, "bilan"),
        Enquete360: (retention.Categorie.CONTENU, "bilan"),
        Invitation360: (retention.Categorie.CONTENU, "enquete__bilan"),
        Reponse360: (retention.Categorie.CONTENU, "enquete__bilan"),
        Restitution: (retention.Categorie.CONTENU, "bilan"),
    }


def test_retention_deleting_by_bilan_path_leaves_nothing(
    passation_remplie, jeton_360_utilise, restitution_test
) -> None:
    """What the retention engine does with each registration: delete the bilan's rows (the
    permission rows go with them: direct foreign keys)."""
    from seances.questionnaires.models import PassationUserObjectPermission

    bilan = passation_remplie.bilan
    for r in retention.registrations():
        if r.model._meta.app_label == "questionnaires":
            r.model.objects.filter(**{r.bilan_path: bilan}).delete()
    for model in (Passation, Enquete360, Invitation360, Reponse360, Restitution):
        assert not model.objects.exists()
    assert not PassationUserObjectPermission.objects.exists()


def test_retention_engine_purges_the_bilans_questionnaires_and_leaves_nothing(
    passation_remplie, jeton_360_utilise, restitution_test
) -> None:
    """The retention engine's own path (bilan.conservation), in its order of destruction."""
    from bilan.conservation.echeances import ordre_de_destruction
    from bilan.conservation.services.purge import entree_purger
    from seances.questionnaires.models import (
        Enquete360UserObjectPermission,
        PassationUserObjectPermission,
        RestitutionUserObjectPermission,
    )

    bilan = passation_remplie.bilan
    for entree in ordre_de_destruction(retention.registrations()):
        if entree.model._meta.app_label == "questionnaires":
            entree_purger(entree=entree, bilans=[bilan.pk], execution=None, motif="echeance")
    for model in (
        Passation,
        Enquete360,
        Invitation360,
        Reponse360,
        Restitution,
        PassationUserObjectPermission,
        Enquete360UserObjectPermission,
        RestitutionUserObjectPermission,
    ):
        assert not model.objects.exists(), model.__name__


def test_the_consultants_one_click_hand_over_includes_the_questionnaires(
    passation_remplie, restitution_test, consultant, beneficiaire
) -> None:
    from seances.outils.services.remise import resultats_remettre

    faits = resultats_remettre(bilan=passation_remplie.bilan, consultant=consultant)
    assert ("Questionnaires et tests", 2) in [(f.libelle, f.nombre) for f in faits]
    assert list(restitutions_visible_to(beneficiaire)) == [restitution_test]
