"""Fixtures of the conservation tests that the permission matrix also uses.

Imported by tests/conftest.py.
"""

from __future__ import annotations

import pytest
from django.utils import timezone


@pytest.fixture
def demande_rgpd(beneficiaire):
    """An access request of the persona beneficiary, received today, open."""
    from bilan.conservation.services import demande_enregistrer

    return demande_enregistrer(
        personne=beneficiaire,
        type="acces",
        recue_le=timezone.localdate(),
        enregistree_par=beneficiaire,
    )


@pytest.fixture
def demande_effacement(beneficiaire):
    """An erasure request of the persona beneficiary (who has no bilan), open."""
    from bilan.conservation.services import demande_enregistrer

    return demande_enregistrer(
        personne=beneficiaire,
        type="effacement",
        recue_le=timezone.localdate(),
        enregistree_par=beneficiaire,
    )


@pytest.fixture
def jeton_export(beneficiaire) -> str:
    """The raw token of the persona beneficiary's data export, ready to download."""
    from bilan.conservation.services import export_demander, export_preparer

    export, jeton = export_demander(personne=beneficiaire)
    export_preparer(export_id=export.pk)
    return jeton
