"""Bilans ended with content, proof and files, for the conservation tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from beneficiaires.models import Beneficiaire, Bilan
from bilan.comptes.models import User
from bilan.scelles.models import DocumentScelle, TypeDocument
from seances.models import NoteSeance, Seance, TravailPersonnel


def document(bilan: Bilan, type_document: str, n: int) -> DocumentScelle:
    """A stored document row (the bytes stand for a sealed PDF: sealing is tested by scelles)."""
    doc = DocumentScelle(
        reference=f"DS-TEST-{bilan.pk:04d}-{n:03d}",
        type_document=type_document,
        bilan=bilan,
        empreinte="0" * 64,
        taille=9,
        emis_le=timezone.now(),
    )
    doc.fichier.save(f"{doc.reference}.pdf", ContentFile(b"%PDF-test"), save=False)
    doc.save()
    return doc


def avec_contenu(bilan: Bilan) -> Bilan:
    """Notes, personal work, a synthèse file (content) and an attestation file (proof)."""
    premiere, seconde = Seance.objects.filter(bilan=bilan).order_by("numero")[:2]
    NoteSeance.objects.create(
        seance=premiere, texte="Piste : logistique hospitalière.", partagee=True
    )
    NoteSeance.objects.create(seance=seconde, texte="Note privée du consultant.")
    TravailPersonnel.objects.create(
        bilan=bilan,
        consignes="Lister trois réussites.",
        echeance=timezone.localdate(),
        minutes_prevues=60,
    )
    document(bilan, TypeDocument.SYNTHESE, 1)
    document(bilan, TypeDocument.ATTESTATION_FIN, 2)
    return bilan


@pytest.fixture
def bilan_termine(dossier: Beneficiaire, consultant: User) -> Bilan:
    """The personas' bilan, held, signed and terminé today, with content and proof."""
    from tests.beneficiaires.factories import BilanFactory

    return avec_contenu(BilanFactory(beneficiaire=dossier, consultant=consultant, etat="termine"))


@pytest.fixture
def plus_tard():
    """``plus_tard(days=n)``: an instant n days from now (the purge's ``maintenant``)."""

    def instant(**kwargs: int):
        return timezone.now() + timedelta(**kwargs)

    return instant


@pytest.fixture
def registre():
    """The retention registry and the prolongation hooks, restored after the test."""
    from bilan import retention

    entrees, hooks = list(retention._registry), list(retention._prolongations)
    yield retention
    retention._registry[:] = entrees
    retention._prolongations[:] = hooks


@pytest.fixture
def synthese_envoyee_au_cep(registre):
    """The synthèse as the CEP exception (what the synthèse app registers for a synthèse sent
    to the CEP at the beneficiary's request): EXCEPTION_SUIVI instead of CONTENU."""
    from django.db.models import Q

    from bilan.retention import Categorie, Registration

    synthese = Q(type_document="synthese")
    registre._registry[:] = [
        r
        for r in registre._registry
        if not (r.model is DocumentScelle and r.categorie == Categorie.CONTENU)
    ]
    registre._registry.append(
        Registration(
            model=DocumentScelle,
            categorie=Categorie.EXCEPTION_SUIVI,
            bilan_path="bilan",
            filtre=synthese,
        )
    )
    return registre
