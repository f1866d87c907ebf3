from __future__ import annotations

import pytest

from beneficiaires.models import Beneficiaire, Bilan
from bilan.comptes.models import User
from tests.beneficiaires.factories import BilanFactory, DossierFactory


@pytest.fixture
def dossier(beneficiaire: User) -> Beneficiaire:
    """The persona beneficiary's profile."""
    return DossierFactory(user=beneficiaire)


@pytest.fixture
def bilan(dossier: Beneficiaire, consultant: User) -> Bilan:
    """A bilan in préalable, of the persona beneficiary, assigned to the persona consultant."""
    return BilanFactory(beneficiaire=dossier, consultant=consultant)
