"""Render, seal and store the platform's PDFs; check a PDF someone holds (domain.md,
points 7 to 9).

Every document goes through :func:`document_sceller`: weasyprint renders the template of
``templates/<app>/pdf/``, pyHanko adds the organisation's PAdES signature (B-B level: no
timestamp authority is reachable from the platform), the file is stored under its reference
and its SHA-256 recorded. The verification page uses :func:`pdf_verifier`: valid, altered or
unknown, with the type and date — never the content.
"""

from __future__ import annotations

import hashlib
import io
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from bilan.audit.services import audit_record
from bilan.pdf import render_pdf

from . import certificat
from .errors import ScellementError
from .models import DocumentScelle, TypeDocument

logger = logging.getLogger(__name__)

# Crockford's base 32 without the letters read as digits: a reference read aloud or typed
# from paper is not mistaken.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def reference_new() -> str:
    """A fresh random reference such as ``DS-7K3Q-9XJ2-M4PB`` (60 bits)."""
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"DS-{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def reference_normalise(saisie: str) -> str:
    """What a person typed, made comparable: case, spaces, O/I/L read as digits."""
    s = saisie.strip().upper().replace(" ", "").translate(str.maketrans("OIL", "011"))
    s = s.replace("-", "")
    if s.startswith("DS"):
        s = s[2:]
    if len(s) != 12:
        return ""
    return f"DS-{s[:4]}-{s[4:8]}-{s[8:]}"


def pdf_sceller(*, pdf: bytes, raison: str) -> bytes:
    """Add the organisation's PAdES seal to ``pdf`` (an incremental update)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    meta = signers.PdfSignatureMetadata(
        field_name="Scellement",
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=raison,
        location="France",
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = signers.PdfSigner(meta, signer=certificat.signer()).sign_pdf(writer)
    return out.getvalue()


@transaction.atomic
def document_sceller(
    *,
    bilan: Any,
    type_document: TypeDocument,
    template_name: str,
    context: dict[str, Any],
    nom_fichier: str = "",
    acteur: Any = None,
) -> DocumentScelle:
    """Render ``template_name`` to PDF, seal it, store it and record it.

    The template receives ``document_reference`` and ``document_emis_le`` to print. The file
    is written before the row: a storage failure (disk full, read-only) raises
    :class:`ScellementError` ``"stockage"`` and records nothing; a failure after the write
    removes the file again.
    """
    type_document = TypeDocument(type_document)
    reference = reference_new()
    emis_le = timezone.now()
    pdf = render_pdf(
        template_name=template_name,
        context={**context, "document_reference": reference, "document_emis_le": emis_le},
    )
    scelle = pdf_sceller(pdf=pdf, raison=type_document.label)
    document = DocumentScelle(
        reference=reference,
        type_document=type_document,
        bilan=bilan,
        empreinte=hashlib.sha256(scelle).hexdigest(),
        taille=len(scelle),
        emis_le=emis_le,
        emis_par=acteur if getattr(acteur, "pk", None) else None,
    )
    try:
        document.fichier.save(f"{reference}.pdf", ContentFile(scelle), save=False)
    except OSError as exc:
        logger.error("scellement : stockage impossible (%s)", exc.__class__.__name__)
        _effacer_partiel(document, reference)
        raise ScellementError("stockage") from exc
    try:
        document.save()
        audit_record(event="document.scelle", actor=document.emis_par, target=document)
    except BaseException:
        document.fichier.delete(save=False)
        raise
    return document


def _effacer_partiel(document: DocumentScelle, reference: str) -> None:
    """A disk that fills up mid-write leaves part of a file: remove it (best effort)."""
    field = document.fichier.field
    nom = field.generate_filename(document, f"{reference}.pdf")
    try:
        if field.storage.exists(nom):
            field.storage.delete(nom)
    except OSError:
        logger.error("scellement : fichier partiel %s non effacé", nom)


@dataclass(frozen=True)
class Verification:
    statut: str  # "valide", "altere" or "inconnu"
    document: DocumentScelle | None = None

    @property
    def libelle(self) -> str:
        return {
            "valide": "Document authentique et intact",
            "altere": "Document modifié après son émission",
            "inconnu": "Document inconnu",
        }[self.statut]


def _seal_status(pdf: bytes) -> str:
    """ "ours" (intact, valid, trusted, whole file), "broken" (a seal that does not hold) or
    "none" (no readable seal of ours)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001  (any unreadable file is simply not a sealed PDF)
        return "broken" if b"/Scellement" in pdf else "none"
    if not signatures:
        return "none"
    context = ValidationContext(trust_roots=certificat.trust_roots(), allow_fetching=False)
    try:
        status = validate_pdf_signature(signatures[-1], context)
    except Exception:  # noqa: BLE001
        return "broken"
    if not status.trusted and status.intact and status.valid:
        return "none"  # sealed by someone else
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    return "ours" if status.intact and status.valid and status.trusted and whole else "broken"


def pdf_verifier(*, pdf: bytes) -> Verification:
    """Valid (our seal holds over the whole file and we issued it), altered (our seal no
    longer holds, or the file was changed after sealing) or unknown."""
    document = DocumentScelle.objects.filter(empreinte=hashlib.sha256(pdf).hexdigest()).first()
    seal = _seal_status(pdf)
    if seal == "ours":
        return Verification("valide", document) if document else Verification("inconnu")
    if seal == "broken":
        return Verification("altere")
    return Verification("inconnu")


def document_par_reference(*, reference: str) -> DocumentScelle | None:
    """The document a printed reference names (metadata only), or None."""
    normalised = reference_normalise(reference)
    if not normalised:
        return None
    return DocumentScelle.objects.filter(reference=normalised).first()
