"""Rotation of the sealing certificate (SECURITY.md, "Rotation des clés").

A new PKCS#12 seals from the day it is installed; the documents sealed before still verify
as long as the previous certificate is listed in ``SCELLES_CERTIFICATS_ACCEPTES``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from bilan.scelles import services
from bilan.scelles.certificat import _self_signed_pkcs12, ensure_pkcs12, pkcs12_password
from bilan.scelles.models import DocumentScelle, TypeDocument

pytestmark = pytest.mark.django_db


def _sceller(bilan: Any) -> DocumentScelle:
    return services.document_sceller(
        bilan=bilan,
        type_document=TypeDocument.ATTESTATION_PRESENCE,
        template_name="bilan/pdf/essai.html",
        context={"texte": "Texte du document"},
    )


def _certificate_pem(p12: Path, destination: Path) -> Path:
    """The public certificate of a PKCS#12, as the operator keeps it after a rotation."""
    _key, certificate, _chain = pkcs12.load_key_and_certificates(
        p12.read_bytes(), pkcs12_password()
    )
    destination.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return destination


@pytest.fixture
def rotated(bilan: Any, settings: Any, tmp_path: Path) -> tuple[bytes, Path]:
    """A document sealed with the old certificate, then a new certificate installed."""
    old_pdf = _sceller(bilan).fichier.read()
    old_pem = _certificate_pem(ensure_pkcs12(), tmp_path / "ancien.pem")
    new_p12 = tmp_path / "nouveau.p12"
    new_p12.write_bytes(_self_signed_pkcs12())
    settings.SCELLES_PKCS12_PATH = str(new_p12)
    return old_pdf, old_pem


def test_after_a_rotation_the_old_certificate_listed_keeps_old_documents_valid(
    rotated: tuple[bytes, Path], settings: Any, bilan: Any
) -> None:
    old_pdf, old_pem = rotated
    settings.SCELLES_CERTIFICATS_ACCEPTES = [str(old_pem)]

    assert services.pdf_verifier(pdf=old_pdf).statut == "valide"
    new_pdf = _sceller(bilan).fichier.read()
    assert services.pdf_verifier(pdf=new_pdf).statut == "valide"


def test_after_a_rotation_an_old_certificate_not_listed_is_no_longer_trusted(
    rotated: tuple[bytes, Path], settings: Any
) -> None:
    old_pdf, _old_pem = rotated
    settings.SCELLES_CERTIFICATS_ACCEPTES = []

    assert services.pdf_verifier(pdf=old_pdf).statut == "inconnu"
