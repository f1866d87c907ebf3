"""Questionnaires and the 360° survey in a real browser (issue 11, point 5).

The beneficiary answers a questionnaire with the keyboard alone (Tab from one statement to
the next, Space then the arrows to choose), sees her scores (chart and table); she opens
her 360° survey, invites a colleague, who answers through the link from his e-mail in a
fresh browser context, without an account; the link then answers 410.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect

from seances.questionnaires.defauts import questionnaires_seed_ensure
from seances.questionnaires.models import Item, Questionnaire
from seances.questionnaires.services import passation_attribuer
from tests.beneficiaires.factories import BilanFactory, DossierFactory
from tests.factories import BeneficiaireFactory, ConsultantFactory

pytestmark = pytest.mark.navigateur

LIEN = re.compile(r"(/entourage/[A-Za-z0-9_-]+/)")


@pytest.fixture
def invitations_sans_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """The invitation e-mail leaves at once, in the server's thread, instead of a worker."""
    from seances.questionnaires.tasks import entourage_invitation_send_task

    monkeypatch.setattr(
        entourage_invitation_send_task,
        "delay",
        lambda **kw: entourage_invitation_send_task(**kw),
    )


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


def test_beneficiary_answers_by_keyboard_and_an_invited_colleague_answers_the_360(
    live_server, page: Page, invitations_sans_worker
) -> None:
    questionnaires_seed_ensure()
    consultant = ConsultantFactory(first_name="Claire", last_name="Martin")
    sophie = BeneficiaireFactory(first_name="Sophie", last_name="Durand")
    bilan = BilanFactory(
        beneficiaire=DossierFactory(user=sophie), consultant=consultant, etat="en_cours"
    )
    motivations = Questionnaire.objects.get(nom="Motivations")
    passation_attribuer(bilan=bilan, consultant=consultant, questionnaire=motivations)
    base = live_server.url
    connecter(page.context, base, sophie)

    # 1. From the portal's home to the questionnaire.
    page.goto(f"{base}/portail/")
    page.get_by_role("link", name="Mes questionnaires et mes résultats").click()
    page.get_by_role("link", name="Motivations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Motivations")
    groupes = page.get_by_role("group")
    expect(groupes.filter(has_text="Défi et accomplissement").first).to_be_visible()

    # 2. Keyboard only: dimension n gets the answer n on every statement.
    page.get_by_role("radio").first.focus()
    for n, dimension in enumerate(motivations.dimensions.all(), start=1):
        for _item in dimension.items.all():
            page.keyboard.press("Space")
            for _ in range(n - 1):
                page.keyboard.press("ArrowRight")
            page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Envoyer mes réponses")).to_be_focused()
    page.keyboard.press("Enter")

    # 3. The result: the chart and its table; reversed items count the other way round.
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes résultats : Motivations")
    expect(page.get_by_role("status").first).to_contain_text("vos réponses sont enregistrées")
    expect(page.get_by_role("img", name="Mes scores par dimension")).to_be_visible()
    table = page.get_by_role("table", name="Mes scores par dimension (tableau)")
    attendu = {
        "Défi et accomplissement": "2,33",  # 1, 1 and a reversed 1 (= 5)
        "Apprendre et progresser": "2",
        "Sens du travail": "3",
        "Influence et responsabilités": "4",
        "Stabilité et cadre": "5",
    }
    for libelle, score in attendu.items():
        ligne = table.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=libelle, exact=True)
        )
        expect(ligne.get_by_role("cell").first).to_have_text(score)
    assert Item.objects.filter(dimension__questionnaire=motivations).count() == 15

    # 4. The 360° survey: anonymous, one colleague invited.
    page.goto(f"{base}/portail/bilans/{bilan.pk}/entourage/")
    page.get_by_label("Oui : je verrai les réponses regroupées").check()
    page.get_by_role("button", name="Ouvrir mon enquête").click()
    page.get_by_label("Nom (facultatif)").fill("Paul Collègue")
    page.get_by_label("Adresse e-mail").fill("paul@exemple.test")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_role("status").first).to_contain_text("L'invitation part par e-mail")
    (message,) = [m for m in mail.outbox if m.to == ["paul@exemple.test"]]
    lien = LIEN.search(message.body).group(1)

    # 5. The colleague, no account, a fresh context.
    autre = page.context.browser.new_context()
    paul = autre.new_page()
    paul.goto(base + lien)
    expect(paul.get_by_role("heading", level=1)).to_have_text("Votre regard sur Sophie")
    for groupe in ("s'organise et tient ses engagements", "prend des initiatives"):
        paul.get_by_role("group", name=groupe).get_by_label("Tout à fait").check()
    for groupe in (
        "s'exprime clairement et sait écouter",
        "travaille bien avec les autres",
        "trouve des solutions quand un problème se présente",
        "s'adapte aux changements",
    ):
        paul.get_by_role("group", name=groupe).get_by_label("Plutôt oui").check()
    paul.get_by_label("Quels sont, selon vous, ses principaux points forts ?").fill(
        "Toujours fiable."
    )
    paul.get_by_role("button", name="Envoyer ma réponse").click()
    expect(paul.get_by_role("heading", level=1)).to_have_text("Merci pour votre réponse")

    # 6. The link served once.
    reponse = paul.goto(base + lien)
    assert reponse is not None and reponse.status == 410
    expect(paul.get_by_role("heading", level=1)).to_have_text("Lien déjà utilisé")
    autre.close()

    page.reload()
    expect(page.get_by_text("1 réponse reçue.")).to_be_visible()
