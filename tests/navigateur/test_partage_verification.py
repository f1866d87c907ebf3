"""The synthèse shared and checked, in a real browser (L6313-4; issue 6, points 4 and 5).

The beneficiary shares her sealed synthèse with a CEP operator: she names the recipient,
reads the exact consent text, ticks it and confirms. The operator, in a browser context of
their own and with no account, opens the link received by e-mail and downloads the PDF; the
link refuses a second use. Anyone then checks the downloaded file on the verification page:
"valide"; a copy with one byte changed: "altéré".

The e-mail task is run at once in the server's thread instead of by a worker (the brief's
rule: the real worker is exercised by the integration tests).
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, expect

from bilan.scelles.tests_support import pdf_valide
from synthese.models import Partage
from tests.navigateur.parcours_support import hors_boucle
from tests.synthese.outils_documents import octet_modifie

pytestmark = pytest.mark.navigateur

LIEN = re.compile(r"http://\S+/partage/[\w-]+/")


def synthese_scellee(bilan, consultant):  # noqa: ANN001, ANN201
    from bilan.scelles.models import TypeDocument
    from bilan.scelles.services import document_sceller

    return document_sceller(
        bilan=bilan,
        type_document=TypeDocument.SYNTHESE,
        template_name="bilan/pdf/essai.html",
        context={"texte": "Synthèse d'essai"},
        acteur=consultant,
    )


@pytest.fixture
def mail_sans_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    from synthese.tasks import partage_lien_envoyer_task

    monkeypatch.setattr(
        partage_lien_envoyer_task, "delay", lambda **kw: partage_lien_envoyer_task(**kw)
    )


def connecter(context: BrowserContext, base: str, user) -> None:
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )


def test_share_download_once_and_verify(
    live_server,
    browser: Browser,
    attestations_bilan,
    consultant,
    beneficiaire,
    mail_sans_worker,
    tmp_path,
    settings,
) -> None:
    base = live_server.url
    partage_document = hors_boucle(
        synthese_scellee, bilan=attestations_bilan, consultant=consultant
    )
    settings.BILAN_BASE_URL = base

    # The beneficiary shares her synthèse from the portal.
    moi = browser.new_context(locale="fr-FR")
    connecter(moi, base, beneficiaire)
    page = moi.new_page()
    page.goto(f"{base}/portail/bilans/{partage_document.bilan_id}/partages/")
    page.get_by_role("link", name=re.compile("Partager ce document")).click()
    page.get_by_label("Opérateur du conseil en évolution professionnelle (CEP)").check()
    page.get_by_label("Nom et prénom du destinataire").fill("Inès Garnier")
    page.get_by_label("Organisme").fill("CEP Pays de la Loire")
    page.get_by_label("Adresse e-mail du destinataire").fill("ines@cep.test")
    page.get_by_role("button", name="Continuer").click()
    expect(page.locator("#texte-consentement")).to_contain_text("à Inès Garnier (CEP Pays")
    page.get_by_label("J'ai lu ce texte et je donne mon accord à ce partage.").check()
    page.get_by_role("button", name="Donner mon accord et partager").click()
    expect(page.get_by_text("Votre document est partagé")).to_be_visible()
    assert Partage.objects.get().revoque_le is None

    # The recipient, with no account, opens the link from the e-mail and downloads once.
    lien = LIEN.search(mail.outbox[-1].body).group(0)
    eux = browser.new_context(locale="fr-FR", accept_downloads=True)
    leur_page = eux.new_page()
    leur_page.goto(lien)
    expect(leur_page.get_by_role("heading", level=1)).to_have_text(
        "Un document de synthèse vous est transmis"
    )
    with leur_page.expect_download() as telechargement:
        leur_page.get_by_role("button", name="Télécharger le document (PDF)").click()
    chemin = tmp_path / "synthese.pdf"
    telechargement.value.save_as(chemin)
    pdf = chemin.read_bytes()
    assert hors_boucle(pdf_valide, pdf=pdf)
    reponse = leur_page.goto(lien)
    assert reponse.status == 410
    expect(leur_page.get_by_role("heading", level=1)).to_have_text("Lien déjà utilisé")

    # Anyone checks the file: valid; a one-byte-modified copy: altered.
    verif = browser.new_context(locale="fr-FR").new_page()
    verif.goto(f"{base}/verification/")
    verif.get_by_label("Document PDF à vérifier").set_input_files(str(chemin))
    verif.get_by_role("button", name="Vérifier le fichier").click()
    expect(verif.get_by_role("status")).to_contain_text("Document valide")
    expect(verif.get_by_role("status")).to_contain_text("Document de synthèse")
    modifie = tmp_path / "modifie.pdf"
    modifie.write_bytes(octet_modifie(pdf))
    verif.get_by_label("Document PDF à vérifier").set_input_files(str(modifie))
    verif.get_by_role("button", name="Vérifier le fichier").click()
    expect(verif.get_by_role("status")).to_contain_text("Document altéré")
