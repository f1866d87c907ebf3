"""The public verification page (issue 6, point 4): upload a PDF or type its reference;
valid, altered or unknown, with the type and date, never the content nor the person's name;
bad input refused with a clear French message; audited without the file; rate-limited."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bilan.audit.models import AuditEvent
from bilan.scelles.models import DocumentScelle
from synthese.attestations import attestation_emettre
from tests.synthese.outils_documents import octet_modifie

pytestmark = pytest.mark.django_db

URL = "/verification/"


@pytest.fixture
def attestation(attestations_bilan, consultant) -> DocumentScelle:
    return attestation_emettre(bilan=attestations_bilan, slug="fin", acteur=consultant)


def _deposer(data: bytes, nom: str = "document.pdf", client: Client | None = None):
    fichier = SimpleUploadedFile(nom, data, content_type="application/pdf")
    return (client or Client()).post(URL, {"mode": "pdf", "fichier": fichier})


def test_the_page_is_mounted_under_verification() -> None:
    assert reverse("verification:verification_accueil") == URL


def test_a_sealed_document_is_valid_with_its_type_and_date(attestation) -> None:
    response = _deposer(attestation.fichier.read())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Document valide" in html
    assert "Attestation de fin de bilan" in html
    assert attestation.emis_le.astimezone().strftime("%d/%m/%Y") in html
    # Never the person nor the content.
    assert "Sophie Durand" not in html
    assert "16 h" not in html
    assert response["Cache-Control"] == "no-store"


def test_a_copy_with_one_byte_changed_is_altered(attestation) -> None:
    response = _deposer(octet_modifie(attestation.fichier.read()))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Document altéré" in html
    assert "Document valide" not in html


def test_a_pdf_the_platform_did_not_issue_is_unknown() -> None:
    from bilan.pdf import render_pdf

    pdf = render_pdf(template_name="bilan/pdf/essai.html", context={"texte": "ailleurs"})
    response = _deposer(pdf)
    assert response.status_code == 200
    assert "Document inconnu" in response.content.decode()


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name() -> None:
    response = _deposer(b"Bonjour, ceci est un texte.", nom="faux.pdf")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ce fichier n&#x27;est pas un document PDF." in html
    assert AuditEvent.objects.filter(event__startswith="verification.").count() == 0


def test_an_empty_file_is_refused() -> None:
    response = _deposer(b"")
    assert response.status_code == 400
    assert "Ce fichier est vide" in response.content.decode()


def test_no_file_is_refused() -> None:
    response = Client().post(URL, {"mode": "pdf"})
    assert response.status_code == 400
    assert "Choisissez le fichier PDF à vérifier." in response.content.decode()


def test_a_file_too_large_is_refused(settings) -> None:
    settings.VERIFICATION_TAILLE_MAX = 2 * 1024 * 1024
    response = _deposer(b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ce fichier dépasse 2 Mo" in html


def test_the_default_limit_is_ten_megabytes() -> None:
    response = _deposer(b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024))
    assert response.status_code == 400
    assert "Ce fichier dépasse 10 Mo" in response.content.decode()


def test_a_known_reference_gives_type_and_date_only(attestation) -> None:
    saisie = attestation.reference.lower().replace("-", " ")
    response = Client().post(URL, {"mode": "reference", "reference": saisie})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Référence connue" in html
    assert "Attestation de fin de bilan" in html
    assert "Sophie Durand" not in html


def test_an_unknown_reference_is_unknown() -> None:
    response = Client().post(URL, {"mode": "reference", "reference": "DS-0000-0000-0000"})
    assert response.status_code == 200
    assert "Document inconnu" in response.content.decode()


def test_an_empty_reference_is_refused() -> None:
    response = Client().post(URL, {"mode": "reference", "reference": "  "})
    assert response.status_code == 400
    assert "Saisissez la référence imprimée sur le document." in response.content.decode()


def test_each_check_is_audited_without_the_file(attestation, beneficiaire, client_de) -> None:
    _deposer(attestation.fichier.read(), client=client_de(beneficiaire))
    event = AuditEvent.objects.get(event="verification.pdf_checked")
    assert (event.actor_id, event.target_type, event.target_id) == (
        beneficiaire.pk,
        "scelles.documentscelle",
        str(attestation.pk),
    )
    assert DocumentScelle.objects.count() == 1  # nothing stored from the upload


def test_checks_are_rate_limited_per_address(settings) -> None:
    settings.VERIFICATION_LIMITE = 2
    client = Client()
    data = {"mode": "reference", "reference": "DS-0000-0000-0000"}
    assert [client.post(URL, data).status_code for _ in range(3)] == [200, 200, 429]
    response = client.post(URL, data)
    assert "Trop de vérifications" in response.content.decode()
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(URL, data).status_code == 200
