"""Action-plan fixtures: the personas' running bilan and its plan, and the same bilan once
over (its state set directly: closing a bilan is the sessions' tests' business)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from beneficiaires.models import Bilan, Etat

JOUR = datetime.timedelta(days=1)


def aujourdhui() -> datetime.date:
    return timezone.localdate()


def action_donnees(**autres):
    """A valid action (keyword arguments of ``plan_action_action_save``)."""
    return {
        "horizon": "prochains_mois",
        "intitule": "Rencontrer trois formateurs en poste",
        "debut": aujourdhui() + 10 * JOUR,
        "fin": aujourdhui() + 60 * JOUR,
        "budget": "Aucun",
        "temps": "Trois demi-journées",
        "contacts": "Réseau des anciens collègues",
        "indicateurs": "Trois entretiens tenus",
        "obstacles": "Peu de disponibilités",
        "alternatives": "Entretiens par téléphone",
        **autres,
    }


def objectif_donnees(**autres):
    return {
        "intitule": "Devenir formatrice en logistique",
        "specifique": "Titre professionnel de formateur pour adultes",
        "mesurable": "Titre obtenu",
        "atteignable": "Dix ans d'expérience",
        "realiste": "Financement CPF",
        "echeance": aujourdhui() + 200 * JOUR,
        **autres,
    }


def terminer(bilan: Bilan) -> Bilan:
    Bilan.objects.filter(pk=bilan.pk).update(etat=Etat.TERMINE)
    bilan.refresh_from_db()
    return bilan


@pytest.fixture
def termine(bilan_en_cours: Bilan, plan_action_action) -> Bilan:
    """The personas' bilan, its plan holding one action, now over."""
    return terminer(bilan_en_cours)
