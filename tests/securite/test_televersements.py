"""Every upload endpoint against oversized, mistyped, empty and strangely named files
(issue 9, point 2). French refusal, nothing stored: no row, no file under MEDIA_ROOT.

The two endpoints that read ``request.FILES`` are the working documents (consultant space
and portal) and the public verification page. Already proven elsewhere, not repeated here:
tests/documents/test_views.py (50 MB refused unread, an executable or a web page renamed
.pdf, an empty file, no file, the download name sanitised), tests/documents/test_formats.py
(the type read from the content), tests/scelles/test_verification.py (a text renamed .pdf,
an empty file, no file, 2 and 10 MB over the limit). This file fills the gaps: one byte over
the limit, SVG renamed .pdf, a PDF renamed .exe, traversal and very long names, NUL bytes in
names and titles, and a file far over the limit on the public page never spooled to disk.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import Client
from django.urls import reverse

from bilan.audit.models import AuditEvent
from seances.documents.demo import pdf_minimal
from seances.documents.http import nom_fichier
from seances.documents.models import Document
from tests.documents.conftest import fichiers_stockes
from tests.securite.hostile import messages_anglais

pytestmark = pytest.mark.django_db

MO = 1024 * 1024
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


@pytest.fixture
def page_documents(bilan_en_cours) -> str:
    return reverse("backoffice:document_liste", args=[bilan_en_cours.pk])


@pytest.fixture
def deposer(client_de, consultant, page_documents):
    client = client_de(consultant)

    def envoyer(contenu: bytes, nom: str = "rapport.pdf", titre: str = "Rapport"):
        fichier = SimpleUploadedFile(nom, contenu, content_type="application/pdf")
        return client.post(page_documents, {"titre": titre, "type": "autre", "fichier": fichier})

    return envoyer


def _refuse(response, message: str, media: Path) -> None:
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert messages_anglais([html]) == []
    assert Document.objects.count() == 0
    assert fichiers_stockes(media) == []


def test_one_byte_over_the_limit_is_refused_and_at_the_limit_accepted(
    deposer, documents_media, settings
) -> None:
    settings.DOCUMENTS_TAILLE_MAX = 4096
    pdf = pdf_minimal()
    juste = pdf + b"\n" * (4096 - len(pdf))
    _refuse(deposer(juste + b"\n"), "Le fichier dépasse la taille maximale", documents_media)
    assert deposer(juste).status_code == 302
    assert Document.objects.count() == 1


def test_an_svg_renamed_pdf_is_refused(deposer, documents_media) -> None:
    _refuse(
        deposer(SVG),
        "Les pages web et les images SVG peuvent contenir des scripts",
        documents_media,
    )


def test_a_pdf_renamed_exe_is_kept_as_the_pdf_it_is(deposer, documents_media) -> None:
    """By content, not by name: the file is a PDF, stored and served as one."""
    assert deposer(pdf_minimal(), nom="facture.exe").status_code == 302
    document = Document.objects.get()
    assert document.format == "pdf"
    assert nom_fichier(document).endswith(".pdf")


@pytest.mark.parametrize(
    "nom",
    [
        "../../etc/passwd.pdf",
        "..\\..\\windows\\win.ini.pdf",
        "/etc/passwd.pdf",
        "a" * 1000 + ".pdf",
    ],
)
def test_traversal_and_long_names_stay_inside_media_root(deposer, documents_media, nom) -> None:
    assert deposer(pdf_minimal(), nom=nom).status_code == 302
    document = Document.objects.get()
    [fichier] = fichiers_stockes(documents_media)
    assert fichier.resolve().is_relative_to(Path(documents_media).resolve())
    assert "passwd" not in fichier.name and "win.ini" not in fichier.name
    assert "/" not in nom_fichier(document) and "\\" not in nom_fichier(document)


def test_a_nul_byte_in_the_file_name_is_harmless(deposer, documents_media) -> None:
    assert deposer(pdf_minimal(), nom="rap\x00port.pdf").status_code == 302
    assert "\x00" not in nom_fichier(Document.objects.get())


def test_a_nul_byte_in_the_title_is_refused_in_french(deposer, documents_media) -> None:
    _refuse(
        deposer(pdf_minimal(), titre="Rap\x00port"),
        "Le caractère nul n’est pas autorisé.",
        documents_media,
    )


# --- The public verification page. --------------------------------------------------------------


def _verifier(data: bytes, nom: str = "document.pdf"):
    fichier = SimpleUploadedFile(nom, data, content_type="application/pdf")
    return Client().post(
        reverse("verification:verification_accueil"), {"mode": "pdf", "fichier": fichier}
    )


def test_verification_far_over_the_limit_is_refused_unspooled(monkeypatch, settings) -> None:
    """A public page: anyone could fill the disk with temporary files. The file is
    discarded as it arrives, never written to a temporary file."""

    def jamais(*args, **kwargs):
        raise AssertionError("a temporary file was written")

    monkeypatch.setattr(TemporaryUploadedFile, "__init__", jamais)
    settings.VERIFICATION_TAILLE_MAX = 1 * MO
    response = _verifier(b"%PDF-1.7\n" + b"0" * (30 * MO))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ce fichier dépasse 1 Mo" in html
    assert AuditEvent.objects.filter(event__startswith="verification.").count() == 0


def test_verification_one_byte_over_the_limit_is_refused(settings) -> None:
    settings.VERIFICATION_TAILLE_MAX = 4096
    response = _verifier(b"%PDF-1.7\n" + b"0" * (4096 - 8))
    assert response.status_code == 400
    assert "Ce fichier dépasse" in response.content.decode()


def test_many_file_parts_each_under_the_limit_are_not_kept_past_it(settings) -> None:
    """The limit is the request's: ten parts of 900 bytes under a 4 kB limit are not all kept
    in memory (on a public page, many parts each under the limit would fill the workers')."""
    from django.test import RequestFactory

    from bilan.scelles.upload import VerificationUploadHandler

    parties = {
        f"fichier{i}": SimpleUploadedFile(f"d{i}.pdf", b"%PDF-1.7\n" + b"0" * 891)
        for i in range(10)
    }
    requete = RequestFactory().post("/verification/", {"mode": "pdf", **parties})
    gestionnaire = VerificationUploadHandler(requete, limite=4096)
    requete.upload_handlers = [gestionnaire]
    gardes = sum(f.size for f in requete.FILES.values())
    assert gardes <= 4096
    assert gestionnaire.trop_volumineux


@pytest.mark.parametrize(
    ("contenu", "nom"),
    [
        (SVG, "document.pdf"),
        (b"MZ\x90\x00" + b"\x00" * 200, "document.pdf"),
        (b"<html><script>alert(1)</script></html>", "document.pdf"),
        (b"%PDF-1.7\n%%EOF", "../../etc/passwd.pdf"),
        (b"%PDF-1.7\n%%EOF", "x" * 1000 + ".pdf"),
        (b"%PDF-1.7\n%%EOF", "doc\x00.pdf"),
    ],
)
def test_verification_of_junk_answers_in_french_without_a_500(contenu: bytes, nom: str) -> None:
    response = _verifier(contenu, nom)
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert messages_anglais([html]) == []
    assert "Document inconnu" in html or "n&#x27;est pas un document PDF" in html
