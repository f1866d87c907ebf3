"""Working documents in a real browser (issue 11, point 6; domain.md, Confidentiality).

The consultant uploads a publisher's test report (PDF) from the bilan's page; it is stored
encrypted (the bytes on disk are not the PDF). The beneficiary does not see it until the
consultant hands it over; then downloads it, byte for byte. A web page renamed ``.pdf`` is
refused with its reason, and nothing is stored.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect

from seances.documents.demo import pdf_minimal
from seances.documents.models import Document
from tests.beneficiaires.factories import BilanFactory, DossierFactory
from tests.factories import BeneficiaireFactory, ConsultantFactory

pytestmark = pytest.mark.navigateur


def connecter(context: BrowserContext, base: str, user) -> None:
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )


def test_consultant_uploads_a_report_the_beneficiary_downloads_it_after_hand_over(
    live_server, page: Page, documents_media: Path, tmp_path: Path
) -> None:
    consultant = ConsultantFactory(first_name="Claire", last_name="Martin")
    beneficiaire = BeneficiaireFactory(first_name="Sophie", last_name="Durand")
    bilan = BilanFactory(
        beneficiaire=DossierFactory(user=beneficiaire), consultant=consultant, etat="en_cours"
    )
    base = live_server.url
    rapport = pdf_minimal("Rapport MBTI - Sophie Durand")
    connecter(page.context, base, consultant)
    erreurs: list[str] = []
    page.on("console", lambda m: erreurs.append(m.text) if m.type == "error" else None)
    autre = page.context.browser.new_context(base_url=base, accept_downloads=True)
    portail = autre.new_page()
    connecter(autre, base, beneficiaire)

    # 1. From the bilan's page to its documents: nothing yet, the form says what it takes.
    page.goto(f"{base}/espace/bilans/{bilan.pk}/")
    page.get_by_role("link", name="Rapports de tests, CV, fiches métiers").click()
    expect(page.get_by_role("heading", name="Documents de travail", level=1)).to_be_visible()
    expect(page.get_by_text("Aucun document pour l'instant.")).to_be_visible()
    expect(page.get_by_text("Taille maximale : 10 Mo.")).to_be_visible()

    # 2. The upload (htmx, with its progress bar), then the row in the list.
    page.get_by_label("Titre").fill("Rapport MBTI")
    page.get_by_label("Type de document").select_option(label="Rapport de test")
    page.get_by_label("Fichier").set_input_files(
        files=[{"name": "rapport-mbti.pdf", "mimeType": "application/pdf", "buffer": rapport}]
    )
    with page.expect_request(lambda r: r.method == "POST") as envoi:
        page.get_by_role("button", name="Déposer").click()
    assert envoi.value.headers.get("hx-request") == "true"  # sent by htmx: progress shown
    expect(page.get_by_role("status").first).to_have_text(
        "Le document « Rapport MBTI » est déposé."
    )
    expect(page.locator("progress.depot-progression")).to_be_hidden()
    assert erreurs == []  # no script or style refused by the CSP
    expect(page.get_by_role("cell", name="ne le voit pas encore")).to_be_visible()

    # Encrypted at rest: the stored bytes are not the PDF.
    document = Document.objects.get()
    stocke = Path(document.fichier.path).read_bytes()
    assert b"%PDF" not in stocke and rapport not in stocke

    # 3. The beneficiary does not see it before the hand-over.
    portail.goto(f"{base}/portail/bilans/{bilan.pk}/documents-de-travail/")
    expect(portail.get_by_text("Aucun document pour l'instant.")).to_be_visible()

    # 4. Handed over; the beneficiary downloads exactly what was uploaded.
    page.get_by_role("button", name="Remettre au bénéficiaire").click()
    expect(page.get_by_role("status").first).to_have_text(
        "Le document « Rapport MBTI » est remis au bénéficiaire."
    )
    portail.reload()
    expect(portail.get_by_role("link", name="Voir Rapport MBTI")).to_be_visible()
    with portail.expect_download() as telechargement:
        portail.get_by_role("link", name="Télécharger Rapport MBTI").click()
    fichier = telechargement.value
    assert fichier.suggested_filename == "rapport-mbti.pdf"
    destination = tmp_path / "recu.pdf"
    fichier.save_as(destination)
    assert destination.read_bytes() == rapport

    # 5. A web page renamed .pdf is refused with its reason; nothing stored.
    portail.get_by_label("Titre").fill("Mon CV")
    portail.get_by_label("Type de document").select_option(label="CV (brouillon)")
    portail.get_by_label("Fichier").set_input_files(
        files=[
            {
                "name": "cv.pdf",
                "mimeType": "application/pdf",
                "buffer": b"<html><script>alert(1)</script></html>",
            }
        ]
    )
    portail.get_by_role("button", name="Déposer").click()
    expect(portail.get_by_text("Les pages web et les images SVG peuvent contenir")).to_be_visible()
    assert Document.objects.count() == 1
    assert len([p for p in documents_media.rglob("*") if p.is_file()]) == 1
    autre.close()
