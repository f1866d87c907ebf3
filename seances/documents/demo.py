"""Demo data: one publisher's test report, handed over, in Sophie's running bilan
(bilan.demo step, idempotent). Also the small PDF the tests upload."""

from __future__ import annotations

from beneficiaires.models import Bilan, Etat
from bilan.comptes.models import User

from .models import Document, TypeDocument
from .services import document_deposer, document_remettre

SOPHIE = "sophie.durand@exemple.test"


def pdf_minimal(texte: str = "Rapport de test") -> bytes:
    """A one-page PDF showing ``texte`` (ASCII), with a correct cross-reference table."""
    flux = f"BT /F1 18 Tf 72 720 Td ({texte}) Tj ET".encode("latin-1")
    objets = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(flux)).encode() + b" >>\nstream\n" + flux + b"\nendstream",
    ]
    sortie = bytearray(b"%PDF-1.4\n")
    positions = []
    for i, objet in enumerate(objets, start=1):
        positions.append(len(sortie))
        sortie += f"{i} 0 obj\n".encode() + objet + b"\nendobj\n"
    xref = len(sortie)
    sortie += f"xref\n0 {len(objets) + 1}\n0000000000 65535 f \n".encode()
    for position in positions:
        sortie += f"{position:010d} 00000 n \n".encode()
    sortie += (
        f"trailer\n<< /Size {len(objets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(sortie)


def demo_documents(users: dict[str, User]) -> list[str]:
    sophie = users.get(SOPHIE)
    bilan = (
        Bilan.objects.filter(beneficiaire__user=sophie, etat=Etat.EN_COURS)
        .select_related("consultant")
        .first()
        if sophie
        else None
    )
    if bilan is None or bilan.consultant is None:
        return []
    if not Document.objects.filter(bilan=bilan).exists():
        document = document_deposer(
            bilan=bilan,
            auteur=bilan.consultant,
            contenu=pdf_minimal("Rapport de restitution - questionnaire de personnalite"),
            nom="rapport-restitution.pdf",
            titre="Rapport de l'éditeur du questionnaire de personnalité",
            type=TypeDocument.RAPPORT_TEST,
            commentaire="Remis après la restitution de la séance 4.",
        )
        document_remettre(document=document, consultant=bilan.consultant)
    return [f"Documents de travail : un rapport de test dans le bilan {bilan.reference}"]
