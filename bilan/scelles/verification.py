"""The public verification of a sealed document: upload the PDF or type the reference
printed on it (issue 6, point 4).

The answer is the status (valid, altered, unknown), the document's type and issue date,
never its content nor the person's name. Each check is audited, without the file, and
counted per client address so that nobody can probe references in bulk.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from bilan.audit.services import audit_record
from bilan.comptes.models import User

from .models import DocumentScelle

# 10 MB: far above any document the platform issues, far below what would tie up a worker.
TAILLE_MAX = 10 * 1024 * 1024
# Checks allowed per client address and per window (seconds).
LIMITE = 20
FENETRE = 600


def taille_max() -> int:
    return int(getattr(settings, "VERIFICATION_TAILLE_MAX", TAILLE_MAX))


@dataclass(frozen=True)
class Resultat:
    """What the page tells: the status, and for a known document its type and date only."""

    statut: str  # "valide", "altere", "inconnu", or "connu" (a reference without a file)
    type_libelle: str = ""
    emis_le: object = None


def verification_autorisee(*, ip: str | None) -> bool:
    """Count one check for ``ip``; False past ``VERIFICATION_LIMITE`` in the window."""
    limite = int(getattr(settings, "VERIFICATION_LIMITE", LIMITE))
    fenetre = int(getattr(settings, "VERIFICATION_FENETRE", FENETRE))
    cle = f"scelles:verification:{ip or 'inconnue'}"
    cache.add(cle, 0, timeout=fenetre)
    try:
        compte = cache.incr(cle)
    except ValueError:  # expired between add and incr
        cache.set(cle, 1, timeout=fenetre)
        compte = 1
    return compte <= limite


def verification_pdf(*, pdf: bytes, user: User | None, ip: str | None) -> Resultat:
    """Check an uploaded PDF against the sealed documents; audited without the file."""
    from .services import pdf_verifier

    verdict = pdf_verifier(pdf=pdf)
    document = verdict.document
    _audit("verification.pdf_checked", user=user, document=document, ip=ip)
    return _resultat(verdict.statut, document)


def verification_reference(*, reference: str, user: User | None, ip: str | None) -> Resultat:
    """Whether a reference exists: its type and date; the file alone proves integrity."""
    from .services import document_par_reference

    document = document_par_reference(reference=reference or "")
    _audit("verification.reference_checked", user=user, document=document, ip=ip)
    return _resultat("connu" if document else "inconnu", document)


def _resultat(statut: str, document: DocumentScelle | None) -> Resultat:
    if document is None:
        return Resultat(statut=statut)
    return Resultat(
        statut=statut,
        type_libelle=str(document.get_type_document_display()),
        emis_le=timezone.localtime(document.emis_le),
    )


def _audit(
    event: str, *, user: User | None, document: DocumentScelle | None, ip: str | None
) -> None:
    actor = user if user is not None and user.is_authenticated else None
    audit_record(event=event, actor=actor, target=document, ip=ip)
