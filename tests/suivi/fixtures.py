"""Fixtures of the suivi tests that the permission matrix also uses.

Imported by tests/conftest.py.
"""

from __future__ import annotations

import datetime as _dt

import pytest as _pytest
from django.utils import timezone as _tz


@_pytest.fixture
def suivi_seed(db: None) -> None:
    """The default questionnaires and offer (migration 0002), back after a flush."""
    from suivi.demo import seed_ensure

    seed_ensure()


@_pytest.fixture
def suivi_bilan_termine(dossier, consultant, suivi_seed):
    """The personas' bilan, ended today (its 8 sessions held and signed)."""
    from tests.beneficiaires.factories import BilanFactory

    return BilanFactory(beneficiaire=dossier, consultant=consultant, etat="termine")


@_pytest.fixture
def suivi_entretien(suivi_bilan_termine, consultant):
    """Its follow-up interview, scheduled by the consultant and begun an hour ago."""
    from suivi.models import EntretienSuivi
    from suivi.services import entretien_planifier

    entretien = entretien_planifier(
        bilan=suivi_bilan_termine,
        consultant=consultant,
        debut=_tz.now() + _dt.timedelta(days=1),
        duree_minutes=60,
        modalite="distanciel",
    )
    EntretienSuivi.objects.filter(pk=entretien.pk).update(debut=_tz.now() - _dt.timedelta(hours=1))
    entretien.refresh_from_db()
    return entretien


@_pytest.fixture
def suivi_creneau(consultant):
    """A free slot of the persona consultant, in ten days."""
    from suivi.services import creneau_proposer

    return creneau_proposer(
        consultant=consultant,
        debut=_tz.now().replace(microsecond=0) + _dt.timedelta(days=10),
        duree_minutes=60,
        modalite="distanciel",
    )


@_pytest.fixture
def suivi_question(suivi_seed):
    from suivi.models import Question

    return Question.objects.filter(questionnaire__moment="chaud", active=True).first()


@_pytest.fixture
def suivi_offre(suivi_seed):
    from suivi.models import Offre

    return Offre.objects.get(principale=True)


@_pytest.fixture
def suivi_jeton(suivi_bilan_termine) -> str:
    """A valid à-froid survey link's token for the personas' bilan."""
    from suivi.services import invitation_froid_preparer

    return invitation_froid_preparer(
        bilan=suivi_bilan_termine, expires_at=_tz.now() + _dt.timedelta(days=30)
    )
