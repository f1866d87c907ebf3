"""The sealing service (domain.md, points 7 to 9): every PDF the platform issues carries the
organisation's PAdES seal, validates with pyHanko and poppler's pdfsig, and fails after a
one-byte change; storage failures record nothing."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage

from bilan.audit.models import AuditEvent
from bilan.scelles import services
from bilan.scelles.errors import ScellementError
from bilan.scelles.http import document_reponse
from bilan.scelles.models import DocumentScelle, TypeDocument
from bilan.scelles.tests_support import pdf_valide

pytestmark = pytest.mark.django_db


def _sceller(bilan, texte: str = "Texte du document") -> DocumentScelle:
    return services.document_sceller(
        bilan=bilan,
        type_document=TypeDocument.ATTESTATION_PRESENCE,
        template_name="bilan/pdf/essai.html",
        context={"texte": texte},
    )


def _octet_change(pdf: bytes) -> bytes:
    # One byte inside the signed page content (before the seal's incremental update).
    middle = len(pdf) // 3
    return pdf[:middle] + bytes([pdf[middle] ^ 0x01]) + pdf[middle + 1 :]


def test_a_sealed_document_validates_with_pyhanko(bilan) -> None:
    document = _sceller(bilan)
    data = document.fichier.read()
    assert data.startswith(b"%PDF-")
    assert pdf_valide(data)
    assert document.empreinte == hashlib.sha256(data).hexdigest()
    assert document.taille == len(data)


def test_the_document_prints_its_reference(bilan) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    document = _sceller(bilan)
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(document.fichier.read())).pages)
    assert document.reference in text


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils (make test) absent")
def test_pdfsig_calls_the_seal_valid(bilan, tmp_path: Path) -> None:
    document = _sceller(bilan)
    path = tmp_path / "doc.pdf"
    path.write_bytes(document.fichier.read())
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    assert "Signature is Valid" in out.stdout, out.stdout


def test_one_changed_byte_breaks_the_seal(bilan) -> None:
    data = _sceller(bilan).fichier.read()
    altered = _octet_change(data)
    assert not pdf_valide(altered)
    assert services.pdf_verifier(pdf=altered).statut == "altere"


def test_verification_of_the_intact_file_names_type_and_date(bilan) -> None:
    document = _sceller(bilan)
    verification = services.pdf_verifier(pdf=document.fichier.read())
    assert verification.statut == "valide"
    assert verification.document == document


def test_an_unsealed_pdf_is_unknown(bilan) -> None:
    from bilan.pdf import render_pdf

    pdf = render_pdf(template_name="bilan/pdf/essai.html", context={"texte": "x"})
    assert services.pdf_verifier(pdf=pdf).statut == "inconnu"
    assert services.pdf_verifier(pdf=b"pas un pdf").statut == "inconnu"


def test_a_file_appended_after_sealing_is_altered(bilan) -> None:
    data = _sceller(bilan).fichier.read()
    assert services.pdf_verifier(pdf=data + b"\n% ajout\n").statut == "altere"


def test_references_are_found_whatever_the_typing(bilan) -> None:
    document = _sceller(bilan)
    typed = document.reference.lower().replace("-", " ")
    assert services.document_par_reference(reference=typed) == document
    assert services.document_par_reference(reference="DS-0000-0000-0000") is None
    assert services.document_par_reference(reference="n'importe quoi") is None


def test_a_full_disk_records_nothing(bilan, monkeypatch: pytest.MonkeyPatch) -> None:
    def plein(self, name, content, max_length=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", plein)
    with pytest.raises(ScellementError) as exc:
        _sceller(bilan)
    assert exc.value.code == "stockage"
    assert "enregistré" in str(exc.value)
    assert DocumentScelle.objects.count() == 0


def test_a_failed_record_removes_the_written_file(bilan, monkeypatch, settings) -> None:
    def refuse(**kwargs):
        raise RuntimeError("audit indisponible")

    before = set(Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    monkeypatch.setattr(services, "audit_record", refuse)
    with pytest.raises(RuntimeError):
        _sceller(bilan)
    assert DocumentScelle.objects.count() == 0
    assert set(Path(settings.MEDIA_ROOT).rglob("*.pdf")) == before


def test_the_download_is_never_cached_and_audited(bilan, rf, consultant) -> None:
    document = _sceller(bilan)
    request = rf.get("/")
    request.user = consultant
    response = document_reponse(request=request, document=document, evenement="essai.telecharge")
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/pdf"
    assert document.reference in response["Content-Disposition"]
    assert AuditEvent.objects.filter(event="essai.telecharge", actor_id=consultant.pk).exists()


def test_the_stored_file_name_tells_nothing_about_the_person(bilan) -> None:
    document = _sceller(bilan)
    assert document.fichier.name.endswith(f"{document.reference}.pdf")
    assert bilan.reference not in document.fichier.name
    assert bilan.beneficiaire.user.last_name not in document.fichier.name


def test_sealing_and_checking_work_from_a_thread_running_an_event_loop(bilan) -> None:
    """pyHanko runs its own loop: an async view or a browser test's thread already has one."""
    import asyncio
    import threading

    from bilan.pdf import render_pdf

    data = _sceller(bilan).fichier.read()
    brut = render_pdf(template_name="bilan/pdf/essai.html", context={"texte": "x"})

    async def dans_une_boucle() -> tuple[bool, bytes]:
        return pdf_valide(data), services.pdf_sceller(pdf=brut, raison="essai")

    # In a thread of its own: the browser tests leave a loop running in the main thread.
    resultat: list[tuple[bool, bytes]] = []
    fil = threading.Thread(target=lambda: resultat.append(asyncio.run(dans_une_boucle())))
    fil.start()
    fil.join(timeout=60)
    ((valide, rescelle),) = resultat
    assert valide
    assert rescelle.startswith(b"%PDF-")
