"""Fixtures of the action plan that the permission matrix also uses: an objective and an
action of the personas' running bilan, written through the services."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from beneficiaires.models import Bilan
from bilan.comptes.models import User

__all__ = ["plan_action_action", "plan_action_objectif"]


@pytest.fixture
def plan_action_objectif(bilan_en_cours: Bilan, consultant: User):
    from synthese.plan_action.services import plan_action_objectif_save

    return plan_action_objectif_save(
        bilan=bilan_en_cours,
        consultant=consultant,
        intitule="Devenir formatrice en logistique",
        specifique="Titre professionnel de formateur pour adultes",
        mesurable="Titre obtenu",
        atteignable="Dix ans d'expérience du métier enseigné",
        realiste="Formation finançable par le CPF",
        echeance=timezone.localdate() + datetime.timedelta(days=300),
    )


@pytest.fixture
def plan_action_action(plan_action_objectif, bilan_en_cours: Bilan, consultant: User):
    from synthese.plan_action.services import plan_action_action_save

    today = timezone.localdate()
    return plan_action_action_save(
        bilan=bilan_en_cours,
        consultant=consultant,
        horizon="immediat",
        intitule="Appeler deux organismes de formation",
        debut=today,
        fin=today + datetime.timedelta(days=14),
        objectif=plan_action_objectif,
    )
