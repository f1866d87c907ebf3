"""Fixtures of the outils tests (the matrix's ones are in fixtures.py)."""

from __future__ import annotations

import pytest

from tests.beneficiaires.factories import BilanFactory


@pytest.fixture
def bilan_prealable(dossier, consultant):
    """A bilan not yet under way: its tools cannot change."""
    return BilanFactory(beneficiaire=dossier, consultant=consultant, etat="prealable")


@pytest.fixture
def autre_bilan(autre_beneficiaire, autre_consultant):
    """Someone else's running bilan, with its own consultant."""
    from tests.beneficiaires.factories import DossierFactory

    dossier = DossierFactory(user=autre_beneficiaire)
    return BilanFactory(beneficiaire=dossier, consultant=autre_consultant, etat="en_cours")
