"""The invariants also hold in the database (style.md, rule 2)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from beneficiaires.models import Beneficiaire, Bilan, BilanEvenement
from tests.beneficiaires.factories import DossierFactory
from tests.factories import BeneficiaireFactory

pytestmark = pytest.mark.django_db


def test_beneficiaire_salarie_without_employeur_is_refused_by_the_database() -> None:
    """domain.md, Minimisation: the employer's name is the one kept for an employee."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Beneficiaire.objects.create(user=BeneficiaireFactory(), statut_professionnel="salarie")


def test_beneficiaire_unknown_statut_is_refused_by_the_database() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Beneficiaire.objects.create(user=BeneficiaireFactory(), statut_professionnel="retraite")


def test_bilan_unknown_etat_is_refused_by_the_database() -> None:
    """domain.md, The life of a bilan: nine states, no other."""
    dossier = DossierFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Bilan.objects.create(reference="BC-2026-00001", beneficiaire=dossier, etat="suspendu")


def test_bilan_unknown_financement_is_refused_by_the_database() -> None:
    """domain.md, Funding: five paths, or none before the engagement."""
    dossier = DossierFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Bilan.objects.create(reference="BC-2026-00001", beneficiaire=dossier, financement="don")


def test_bilan_reference_twice_is_refused_by_the_database() -> None:
    dossier = DossierFactory()
    Bilan.objects.create(reference="BC-2026-00001", beneficiaire=dossier)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bilan.objects.create(reference="BC-2026-00001", beneficiaire=dossier)


def test_bilan_evenement_without_a_change_is_refused_by_the_database() -> None:
    bilan = Bilan.objects.create(reference="BC-2026-00001", beneficiaire=DossierFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        BilanEvenement.objects.create(bilan=bilan, de="prealable", vers="prealable")
