"""Fixtures of the documents tests that the permission matrix also uses.

Imported by tests/conftest.py. Files go to a temporary MEDIA_ROOT, one per test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beneficiaires.models import Bilan
from bilan.comptes.models import User


@pytest.fixture
def documents_media(settings, tmp_path: Path) -> Path:
    """A MEDIA_ROOT of the test's own: what the storage holds is checked file by file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _deposer(bilan: Bilan, auteur: User, titre: str, **kwargs):
    from seances.documents.demo import pdf_minimal
    from seances.documents.services import document_deposer

    return document_deposer(
        bilan=bilan,
        auteur=auteur,
        contenu=kwargs.pop("contenu", pdf_minimal(titre)),
        nom=kwargs.pop("nom", "rapport.pdf"),
        titre=titre,
        type=kwargs.pop("type", "rapport_test"),
        **kwargs,
    )


@pytest.fixture
def document_prive(documents_media: Path, bilan_en_cours: Bilan, consultant: User):
    """A publisher's test report uploaded by the consultant, not yet handed over."""
    return _deposer(bilan_en_cours, consultant, "Rapport MBTI")


@pytest.fixture
def document_remis(document_prive, consultant: User):
    """The same report, handed over to the beneficiary."""
    from seances.documents.services import document_remettre

    return document_remettre(document=document_prive, consultant=consultant)


@pytest.fixture
def document_beneficiaire(documents_media: Path, bilan_en_cours: Bilan, beneficiaire: User):
    """A CV draft uploaded by the beneficiary."""
    return _deposer(bilan_en_cours, beneficiaire, "Mon CV", type="cv", nom="cv.pdf")
