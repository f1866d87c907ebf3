"""A bilan's eight sessions in a real browser (domain.md, The life of a bilan, 3-5): the
consultant starts the plan from the template and schedules a session on screen; on each
session's day, consultant and beneficiary each ask for a code, read it in their e-mail and
sign; the progress reaches the planned hours. Session 2 spans noon: two half-days, each
signed apart. The clock is moved to each day (time-machine, ticking); the live server runs
in this process, so it moves too and its e-mails land in ``mail.outbox``.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from seances.models import Emargement, Seance
from seances.services import seance_schedule
from tests.beneficiaires.factories import BilanFactory
from tests.factories import BeneficiaireFactory, ConsultantFactory
from tests.seances.outils import paris, t

pytestmark = pytest.mark.navigateur

CODE = re.compile(r"^\s+(\d{6})\s*$", re.MULTILINE)


@pytest.fixture
def codes_envoyes_sans_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """The code e-mail is sent at once, in the server's thread, instead of by a worker."""
    from seances.tasks import emargement_code_send_task

    monkeypatch.setattr(
        emargement_code_send_task, "delay", lambda **kw: emargement_code_send_task(**kw)
    )


def connecter(context: BrowserContext, base: str, user) -> None:
    """A fresh session for ``user`` (after each move of the clock, the old one has expired)."""
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


def code_recu(user) -> str:
    message = [m for m in mail.outbox if m.to == [user.email]][-1]
    return CODE.search(message.body).group(1)


def signer(page: Page, user, demi: str) -> None:
    region = page.get_by_role("region", name="Matin" if demi == "matin" else "Après-midi")
    libelle = "le matin" if demi == "matin" else "l'après-midi"
    region.get_by_role("button", name=f"Recevoir un code pour {libelle}").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Un code de signature vient de vous être envoyé"
    )
    region = page.get_by_role("region", name="Matin" if demi == "matin" else "Après-midi")
    region.get_by_label("Code reçu par e-mail (6 chiffres)").fill(code_recu(user))
    region.get_by_role("button", name="Signer").click()
    expect(page.get_by_role("status").first).to_contain_text("Votre émargement de la séance du")


def test_eight_sessions_signed_by_both_on_their_days(
    live_server, page: Page, codes_envoyes_sans_worker
) -> None:
    from seances.demo import programme_seed_ensure

    programme_seed_ensure()
    consultant = ConsultantFactory(first_name="Claire", last_name="Martin")
    beneficiaire = BeneficiaireFactory(first_name="Sophie", last_name="Durand")
    from tests.beneficiaires.factories import DossierFactory

    bilan = BilanFactory(
        beneficiaire=DossierFactory(user=beneficiaire), consultant=consultant, etat="en_cours"
    )
    base = live_server.url
    premier = timezone.localdate() + datetime.timedelta(days=1)
    jours = [premier + datetime.timedelta(days=i) for i in range(8)]
    consultant_page = page
    beneficiaire_page = page.context.browser.new_context(base_url=base).new_page()

    # 1. The consultant starts the plan from the default template and schedules session 1.
    connecter(consultant_page.context, base, consultant)
    consultant_page.goto(f"{base}/espace/bilans/{bilan.pk}/plan/")
    expect(consultant_page.get_by_text("Ce bilan n'a pas encore de plan.")).to_be_visible()
    consultant_page.get_by_role("button", name="Créer le plan à partir de ce modèle").click()
    expect(consultant_page.get_by_text("0 h réalisées sur 16 h prévues (0 %)")).to_be_visible()
    consultant_page.get_by_role("link", name="Planifier Séance 1 – Engagement").click()
    consultant_page.get_by_label("Date").fill(jours[0].isoformat())
    consultant_page.get_by_label("Début").fill("09:00")
    consultant_page.get_by_label(re.compile(r"^Fin\b")).fill("11:00")
    consultant_page.get_by_label("Lieu").fill("12 rue des Lilas, Nantes")
    consultant_page.get_by_role("button", name="Planifier").click()
    expect(consultant_page.get_by_role("status").first).to_have_text("La séance est planifiée.")

    # The other seven, one a day; session 2 spans noon (two half-days to sign).
    seances = list(Seance.objects.filter(bilan=bilan).order_by("numero"))
    for seance, jour in zip(seances[1:], jours[1:], strict=True):
        debut, fin = ("12:00", "14:00") if seance.numero == 2 else ("09:00", "11:00")
        seance_schedule(
            seance=seance,
            consultant=consultant,
            date=jour,
            debut=t(debut),
            fin=t(fin),
            modalite="presentiel",
            lieu="12 rue des Lilas, Nantes",
        )

    # 2. On each session's day, both sign every half-day with the e-mailed code.
    for seance, jour in zip(seances, jours, strict=True):
        seance.refresh_from_db()
        demis = ["matin", "apres_midi"] if seance.numero == 2 else ["matin"]
        # Signing opens when the half-day begins: session 2's afternoon from 13:00.
        heure = "13:30" if seance.numero == 2 else "10:30"
        with time_machine.travel(paris(jour, heure), tick=True):
            connecter(consultant_page.context, base, consultant)
            connecter(beneficiaire_page.context, base, beneficiaire)
            beneficiaire_page.goto(f"{base}/portail/seances/")
            beneficiaire_page.get_by_role(
                "button", name=f"Signer l'émargement {seance.intitule}"
            ).click()
            for demi in demis:
                signer(beneficiaire_page, beneficiaire, demi)
                beneficiaire_page.goto(f"{base}/portail/seances/{seance.pk}/emargement/")
            consultant_page.goto(f"{base}/espace/seances/{seance.pk}/emargement/")
            for demi in demis:
                signer(consultant_page, consultant, demi)
                consultant_page.goto(f"{base}/espace/seances/{seance.pk}/emargement/")
            expect(consultant_page.get_by_role("region", name="Matin")).to_contain_text(
                "Bénéficiaire : signé · Consultant : signé"
            )

    assert Emargement.objects.filter(bilan_id=bilan.pk).count() == 2 * 9
    with time_machine.travel(paris(jours[-1], "18:00"), tick=True):
        connecter(consultant_page.context, base, consultant)
        consultant_page.goto(f"{base}/espace/bilans/{bilan.pk}/plan/")
        expect(
            consultant_page.get_by_text("16 h réalisées sur 16 h prévues (100 %)")
        ).to_be_visible()
        expect(consultant_page.locator("progress#avancement")).to_have_attribute("value", "960")
