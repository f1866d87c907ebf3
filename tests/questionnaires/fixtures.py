"""Fixtures of the questionnaires tests that the permission matrix also uses.

Imported by tests/conftest.py.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from beneficiaires.models import Bilan
from bilan.comptes.models import User

# Star-imported by tests/conftest.py: the fixtures and helpers only, never the modules above
# (a ``datetime`` module would shadow the conftest's own ``datetime`` class).
__all__ = [
    "NOTES_360",
    "enquete_360",
    "jeton_360",
    "jeton_360_utilise",
    "passation_a_remplir",
    "passation_remplie",
    "questionnaire_interets",
    "reponses_toutes",
    "restitution_test",
]


@pytest.fixture
def questionnaire_interets(db: None):
    """The default interests questionnaire (migration 0002; recreated after a flush)."""
    from seances.questionnaires.defauts import questionnaires_seed_ensure
    from seances.questionnaires.models import Questionnaire

    questionnaires_seed_ensure()
    return Questionnaire.objects.get(nom="Intérêts professionnels")


@pytest.fixture
def passation_a_remplir(bilan_en_cours: Bilan, consultant: User, questionnaire_interets):
    """The interests questionnaire, assigned to the personas' running bilan, not answered."""
    from seances.questionnaires.services import passation_attribuer

    return passation_attribuer(
        bilan=bilan_en_cours, consultant=consultant, questionnaire=questionnaire_interets
    )


def reponses_toutes(questionnaire, valeur: int = 3) -> dict[int, int]:
    from seances.questionnaires.models import Item

    return {
        pk: valeur
        for pk in Item.objects.filter(dimension__questionnaire=questionnaire).values_list(
            "pk", flat=True
        )
    }


@pytest.fixture
def passation_remplie(bilan_en_cours: Bilan, consultant: User, questionnaire_interets):
    """The values questionnaire, assigned and answered (every item: 4)."""
    from seances.questionnaires.models import Questionnaire
    from seances.questionnaires.services import passation_attribuer, passation_repondre

    valeurs = Questionnaire.objects.get(nom="Valeurs professionnelles")
    passation = passation_attribuer(
        bilan=bilan_en_cours, consultant=consultant, questionnaire=valeurs
    )
    return passation_repondre(
        passation=passation,
        beneficiaire_user=bilan_en_cours.beneficiaire.user,
        reponses=reponses_toutes(valeurs, 4),
    )


@pytest.fixture
def enquete_360(bilan_en_cours: Bilan):
    """The personas' 360° survey, anonymous, no invitation yet."""
    from seances.questionnaires.services import enquete_ouvrir

    return enquete_ouvrir(
        bilan=bilan_en_cours, beneficiaire_user=bilan_en_cours.beneficiaire.user, anonyme=True
    )


@pytest.fixture
def jeton_360(enquete_360) -> str:
    """The raw token of a live invitation to the personas' survey."""
    from seances.questionnaires.services import invitation_creer

    return invitation_creer(
        enquete=enquete_360,
        beneficiaire_user=enquete_360.bilan.beneficiaire.user,
        email="collegue@exemple.test",
        nom="Paul Collègue",
    )


NOTES_360 = {
    "organisation": 4,
    "communication": 3,
    "cooperation": 4,
    "solutions": 3,
    "adaptation": 2,
    "initiative": 3,
}


@pytest.fixture
def jeton_360_utilise(jeton_360: str) -> str:
    """The same token, once its person answered."""
    from seances.questionnaires.services import reponse360_enregistrer

    reponse360_enregistrer(token=jeton_360, notes=NOTES_360, textes={"forces": "Fiable."})
    return jeton_360


@pytest.fixture
def restitution_test(bilan_en_cours: Bilan, consultant: User):
    """A published test's restitution recorded by the consultant yesterday."""
    from seances.questionnaires.services import restitution_enregistrer

    return restitution_enregistrer(
        bilan=bilan_en_cours,
        consultant=consultant,
        test_nom="MBTI",
        date=timezone.localdate() - datetime.timedelta(days=1),
        notes="Préférence pour l'extraversion, échange riche sur le travail en équipe.",
    )
