"""The synthèse written, commented, co-signed and delivered in a real browser (issue 6,
Done when; domain.md, point 7).

The consultant opens the synthèse, writes its sections (the htmx autosave says when it
saved), and submits it; the beneficiary reads it in the portal and sends observations; the
consultant revises and finalises; both ask for a code, read it in their e-mail and sign;
the beneficiary downloads the sealed PDF, which pyHanko and poppler's ``pdfsig`` call valid
and which holds the synthèse's sentinel. The administrator and the other consultant cannot
reach any of it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect

from bilan.scelles.tests_support import pdf_valide
from synthese.models import Synthese
from tests.beneficiaires.factories import BilanFactory, DossierFactory
from tests.factories import AdministrateurFactory, BeneficiaireFactory, ConsultantFactory
from tests.navigateur.parcours_support import synthese_signer
from tests.synthese.fixtures import SENTINELLE, TEXTES

pytestmark = pytest.mark.navigateur


@pytest.fixture
def codes_envoyes_sans_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """The code e-mail is sent at once, in the server's thread, instead of by a worker."""
    from synthese.tasks import synthese_code_send_task

    monkeypatch.setattr(
        synthese_code_send_task, "delay", lambda **kw: synthese_code_send_task(**kw)
    )


def connecter(context: BrowserContext, base: str, user) -> None:
    client = Client()
    client.force_login(user)
    context.clear_cookies()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )


def autosave_termine(page: Page, champ: str) -> None:
    """Leave the field and wait for the autosave it sends (a change event), so that no
    autosave runs alongside the next click (the test database is an in-memory SQLite)."""
    page.wait_for_timeout(3500)  # the input-delay autosave of the last keystrokes
    with page.expect_response(lambda r: r.url.endswith("/synthese/enregistrer/")):
        page.locator(f"#id_{champ}").blur()


def test_synthese_written_commented_cosigned_and_delivered_to_the_beneficiary_alone(
    live_server, page: Page, codes_envoyes_sans_worker, tmp_path: Path
) -> None:
    consultant = ConsultantFactory(first_name="Claire", last_name="Martin")
    autre_consultant = ConsultantFactory(first_name="Julien", last_name="Bernard")
    admin = AdministrateurFactory(first_name="Alice", last_name="Admin")
    beneficiaire = BeneficiaireFactory(first_name="Sophie", last_name="Durand")
    bilan = BilanFactory(
        beneficiaire=DossierFactory(user=beneficiaire), consultant=consultant, etat="en_cours"
    )
    base = live_server.url
    editeur = f"{base}/espace/bilans/{bilan.pk}/synthese/"
    lecture = f"{base}/portail/bilans/{bilan.pk}/synthese/"
    consultant_page = page
    beneficiaire_page = page.context.browser.new_context(base_url=base).new_page()
    connecter(consultant_page.context, base, consultant)
    connecter(beneficiaire_page.context, base, beneficiaire)

    # 1. The consultant opens the synthèse from the bilan page and writes it; autosave.
    consultant_page.goto(f"{base}/espace/bilans/{bilan.pk}/")
    consultant_page.get_by_role("link", name="Rédiger et faire signer la synthèse").click()
    consultant_page.get_by_role("button", name="Commencer la synthèse").click()
    expect(consultant_page.get_by_role("status").first).to_have_text(
        "La synthèse est ouverte : vous pouvez la rédiger."
    )
    for nom, texte in TEXTES.items():
        champ = consultant_page.locator(f"#id_{nom}")
        champ.fill(texte)
    expect(consultant_page.locator("#etat-enregistrement")).to_contain_text(
        re.compile(r"Enregistré à \d\d:\d\d"), timeout=10_000
    )
    autosave_termine(consultant_page, "etapes")
    synthese = Synthese.objects.get(bilan=bilan)
    assert {n: getattr(synthese, n) for n in TEXTES} == TEXTES
    consultant_page.get_by_role("button", name="Soumettre au bénéficiaire").click()
    expect(consultant_page.get_by_role("status").first).to_have_text(
        "La synthèse est soumise au bénéficiaire pour ses observations."
    )

    # 2. The beneficiary reads it in the portal and sends observations.
    beneficiaire_page.goto(f"{base}/portail/")
    beneficiaire_page.get_by_role("link", name="Voir ma synthèse").click()
    expect(beneficiaire_page.get_by_text(SENTINELLE)).to_be_visible()
    beneficiaire_page.get_by_label("Vos observations").fill(
        "Merci d'ajouter mon engagement associatif."
    )
    beneficiaire_page.get_by_role("button", name="Envoyer mes observations").click()
    expect(beneficiaire_page.get_by_role("status").first).to_have_text(
        "Vos observations sont transmises à votre consultant."
    )

    # 3. The consultant sees them, revises and finalises.
    consultant_page.goto(editeur)
    expect(
        consultant_page.get_by_text("Merci d'ajouter mon engagement associatif.")
    ).to_be_visible()
    consultant_page.locator("#id_competences").fill(
        TEXTES["competences"] + " Engagement associatif : trésorière."
    )
    autosave_termine(consultant_page, "competences")
    consultant_page.get_by_role("button", name="Enregistrer").click()
    expect(consultant_page.get_by_role("status").first).to_have_text("La synthèse est enregistrée.")
    consultant_page.get_by_role("button", name="Finaliser la synthèse").click()
    expect(consultant_page.get_by_role("status").first).to_contain_text("La synthèse est finale")

    # 4. Both sign with the code received by e-mail.
    beneficiaire_page.goto(lecture)
    beneficiaire_page.get_by_role("link", name="Signer ma synthèse").click()
    synthese_signer(beneficiaire_page, beneficiaire)
    consultant_page.goto(editeur)
    consultant_page.get_by_role("link", name="Signer la synthèse").click()
    synthese_signer(consultant_page, consultant)
    synthese.refresh_from_db()
    assert synthese.etat == "remise"

    # 5. The beneficiary downloads the sealed PDF: valid for pyHanko and pdfsig.
    beneficiaire_page.goto(lecture)
    with beneficiaire_page.expect_download() as telechargement:
        beneficiaire_page.get_by_role("link", name="Télécharger ma synthèse (PDF)").click()
    chemin = tmp_path / "synthese.pdf"
    telechargement.value.save_as(chemin)
    data = chemin.read_bytes()
    # pyHanko validates through asyncio: not in this thread, where Playwright's loop runs.
    with ThreadPoolExecutor(max_workers=1) as fil:
        assert fil.submit(pdf_valide, data).result()
    if shutil.which("pdfsig"):
        sortie = subprocess.run(["pdfsig", str(chemin)], capture_output=True, text=True)
        assert "Signature is Valid" in sortie.stdout, sortie.stdout
    from pypdf import PdfReader

    texte = "".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages)
    assert SENTINELLE in texte and "trésorière" in texte

    # 6. Nobody else reaches it: the administrator by role (403 everywhere), the other
    # consultant by assignment in the back office (404) and by role in the portal (403).
    espace = [editeur, f"{editeur}apercu.pdf", f"{editeur}signature/"]
    portail = [lecture, f"{lecture}synthese.pdf", f"{lecture}signature/"]
    for user, attendu_espace in ((admin, 403), (autre_consultant, 404)):
        connecter(consultant_page.context, base, user)
        for url, attendu in [*((u, attendu_espace) for u in espace), *((u, 403) for u in portail)]:
            reponse = consultant_page.goto(url)
            assert reponse.status == attendu, (str(user), url, reponse.status)
