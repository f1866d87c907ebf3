"""A bilan of 24 hours run end to end in a real browser (domain.md, The life of a bilan,
3-6; Duration; Attendance; Conclusion).

The consultant starts the plan from the default template (8 sessions, 16 h, plus 6 h of
guided personal work) and adapts it on screen: a 2-hour "Restitution" in the conclusion
phase brings it to the 24 h of L6313-4, and one hour more is refused. Personal work is
assigned, reported in the portal and validated; only validated time counts. On each
session's day, after its start, consultant and beneficiary each ask for a code, read it in
their e-mail and sign; session 2 spans noon: two half-days, each signed apart. Closing the
dossier is refused until the conclusion phase is held and signed, then allowed; the
progress reaches 24 h done of 24 h planned. The clock is moved to each day (time-machine,
ticking); the live server runs in this process, so it moves too and its e-mails land in
``mail.outbox``.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from seances.models import Emargement, Seance
from seances.services import seance_schedule
from tests.beneficiaires.factories import BilanFactory
from tests.factories import BeneficiaireFactory, ConsultantFactory
from tests.navigateur.parcours_support import emargement_signer, heures_du_plan
from tests.seances.outils import paris, t

pytestmark = pytest.mark.navigateur


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


# Transitions asked for on a confirmation page first (beneficiaires.etapes).
A_CONFIRMER = {"Passer en conclusion"}


def transition(page: Page, base: str, bilan, libelle: str) -> None:
    page.goto(f"{base}/espace/bilans/{bilan.pk}/")
    region = page.get_by_role("region", name="Changer l'état")
    if libelle in A_CONFIRMER:
        region.get_by_role("link", name=libelle).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"{libelle} ?")
        page.get_by_role("button", name="Confirmer").click()
    else:
        region.get_by_role("button", name=libelle).click()


TRAVAUX = [
    # consignes, minutes expected, minutes declared, minutes validated ("" = as declared)
    ("Lister vos réalisations marquantes et les compétences qu'elles montrent.", 180, 180, ""),
    ("Mener deux enquêtes métier auprès de professionnels.", 180, 210, "180"),
]


def test_bilan_of_24_hours_runs_end_to_end_signed_by_both_on_their_days(
    live_server, page: Page, codes_envoyes_sans_worker
) -> None:
    from seances.demo import programme_seed_ensure
    from tests.beneficiaires.factories import DossierFactory

    programme_seed_ensure()
    consultant = ConsultantFactory(first_name="Claire", last_name="Martin")
    beneficiaire = BeneficiaireFactory(first_name="Sophie", last_name="Durand")
    bilan = BilanFactory(
        beneficiaire=DossierFactory(user=beneficiaire), consultant=consultant, etat="en_cours"
    )
    base = live_server.url
    # Nine sessions, one every three days: 24 days, within the programme's 3 weeks-4 months.
    premier = timezone.localdate() + datetime.timedelta(days=1)
    jours = [premier + datetime.timedelta(days=3 * i) for i in range(9)]
    consultant_page = page
    beneficiaire_page = page.context.browser.new_context(base_url=base).new_page()
    connecter(consultant_page.context, base, consultant)
    connecter(beneficiaire_page.context, base, beneficiaire)

    # 1. The plan from the default template: 16 h of sessions and 6 h of personal work.
    consultant_page.goto(f"{base}/espace/bilans/{bilan.pk}/plan/")
    expect(consultant_page.get_by_text("Ce bilan n'a pas encore de plan.")).to_be_visible()
    consultant_page.get_by_role("button", name="Créer le plan à partir de ce modèle").click()
    expect(consultant_page.get_by_text("0 h réalisées sur 16 h prévues (0 %)")).to_be_visible()
    heures_du_plan(
        consultant_page,
        accompagnement=("16 h", "0 h"),
        travail=("6 h", "0 h"),
        total=("22 h", "0 h"),
    )

    # Adapted on screen: a 2-hour restitution in the conclusion phase makes 24 h.
    def ajouter(intitule: str, minutes: int) -> None:
        consultant_page.goto(f"{base}/espace/bilans/{bilan.pk}/plan/")
        consultant_page.get_by_role("link", name="Ajouter une séance").click()
        consultant_page.get_by_label("Phase").select_option(label="Phase de conclusion")
        consultant_page.get_by_label("Intitulé").fill(intitule)
        consultant_page.get_by_label("Durée (minutes)").fill(str(minutes))
        consultant_page.get_by_role("button", name="Ajouter").click()

    ajouter("Restitution", 120)
    expect(consultant_page.get_by_role("status").first).to_have_text(
        "La séance est ajoutée au plan."
    )
    expect(consultant_page.get_by_text("0 h réalisées sur 18 h prévues (0 %)")).to_be_visible()
    heures_du_plan(
        consultant_page,
        accompagnement=("18 h", "0 h"),
        travail=("6 h", "0 h"),
        total=("24 h", "0 h"),
    )

    # One hour more is refused (L6313-4), and nothing changed.
    ajouter("Séance supplémentaire", 60)
    expect(consultant_page.get_by_role("alert")).to_have_text(
        "Le bilan ne peut pas dépasser 24 heures : 19 h d'accompagnement et 6 h de travail "
        "personnel feraient 25 h."
    )
    assert Seance.objects.filter(bilan=bilan).count() == 9
    consultant_page.goto(f"{base}/espace/bilans/{bilan.pk}/plan/")
    heures_du_plan(
        consultant_page,
        accompagnement=("18 h", "0 h"),
        travail=("6 h", "0 h"),
        total=("24 h", "0 h"),
    )

    # Session 1 scheduled on screen; the eight others through the service.
    consultant_page.get_by_role("link", name="Planifier Séance 1 – Engagement").click()
    consultant_page.get_by_label("Date").fill(jours[0].isoformat())
    consultant_page.get_by_label("Début").fill("09:00")
    consultant_page.get_by_label(re.compile(r"^Fin\b")).fill("11:00")
    consultant_page.get_by_label("Lieu").fill("12 rue des Lilas, Nantes")
    consultant_page.get_by_role("button", name="Planifier").click()
    expect(consultant_page.get_by_role("status").first).to_have_text("La séance est planifiée.")
    seances = list(Seance.objects.filter(bilan=bilan).order_by("numero"))
    assert [s.intitule for s in seances][-1] == "Restitution"
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
    consultant_page.reload()
    expect(consultant_page.get_by_text("le programme prévoit 3 semaines")).to_have_count(0)

    # 2. Guided personal work: assigned, reported in the portal, validated.
    consultant_page.goto(f"{base}/espace/bilans/{bilan.pk}/travaux/")
    for i, (consignes, prevues, _declarees, _validees) in enumerate(TRAVAUX):
        consultant_page.get_by_label("Consignes").fill(consignes)
        consultant_page.get_by_label("À rendre le").fill(jours[4 * i + 3].isoformat())
        consultant_page.get_by_label("Temps prévu (minutes)").fill(str(prevues))
        consultant_page.get_by_role("button", name="Assigner").click()
        expect(consultant_page.get_by_role("status").first).to_have_text(
            "Le travail personnel est assigné."
        )
    for consignes, _prevues, declarees, _validees in TRAVAUX:
        beneficiaire_page.goto(f"{base}/portail/travaux/")
        beneficiaire_page.get_by_role("listitem").filter(has_text=consignes).get_by_role(
            "link", name="Indiquer ce que j'ai fait"
        ).click()
        beneficiaire_page.get_by_label("Ce que j'ai fait").fill("Fait, notes jointes au dossier.")
        beneficiaire_page.get_by_label("Temps passé (minutes)").fill(str(declarees))
        beneficiaire_page.get_by_role("button", name="Rendre").click()
        expect(beneficiaire_page.get_by_role("status").first).to_have_text(
            "Votre travail personnel est rendu à votre consultant."
        )
    # 6 h 30 declared, nothing validated yet: no personal-work hour is done.
    consultant_page.goto(f"{base}/espace/bilans/{bilan.pk}/plan/")
    heures_du_plan(
        consultant_page,
        accompagnement=("18 h", "0 h"),
        travail=("6 h", "0 h"),
        total=("24 h", "0 h"),
    )
    consultant_page.goto(f"{base}/espace/bilans/{bilan.pk}/travaux/")
    for consignes, _prevues, _declarees, validees in TRAVAUX:
        rang = consultant_page.get_by_role("row").filter(has_text=consignes)
        rang.get_by_label("Temps validé (minutes)").fill(validees)
        rang.get_by_role("button", name="Valider").click()
        expect(consultant_page.get_by_role("status").first).to_have_text(
            "Le travail personnel est validé."
        )
    # The 3 h 30 declared for the interviews count as the 3 h validated.
    rang = consultant_page.get_by_role("row").filter(has_text=TRAVAUX[1][0])
    expect(rang.get_by_role("cell").nth(3)).to_have_text("Validé (3 h)")
    expect(rang.get_by_role("cell").nth(4)).to_have_text("Fait, notes jointes au dossier. (3 h 30)")
    beneficiaire_page.goto(f"{base}/portail/travaux/")
    expect(beneficiaire_page.get_by_text("3 h validées par votre consultant")).to_have_count(2)
    consultant_page.goto(f"{base}/espace/bilans/{bilan.pk}/plan/")
    heures_du_plan(
        consultant_page,
        accompagnement=("18 h", "0 h"),
        travail=("6 h", "6 h"),
        total=("24 h", "6 h"),
    )

    # 3. On each session's day, after its start, both sign every half-day with the code.
    for seance, jour in zip(seances, jours, strict=True):
        seance.refresh_from_db()
        demis = ["matin", "apres_midi"] if seance.numero == 2 else ["matin"]
        heure = "13:05" if seance.numero == 2 else "09:05"
        with time_machine.travel(paris(jour, heure), tick=True):
            connecter(consultant_page.context, base, consultant)
            connecter(beneficiaire_page.context, base, beneficiaire)
            if seance.numero == 8:
                # Nothing of the conclusion phase signed yet: closing is refused.
                transition(consultant_page, base, bilan, "Passer en conclusion")
                expect(consultant_page.get_by_role("status").first).to_have_text(
                    "Le bilan est passé à l'état « Conclusion »."
                )
                transition(consultant_page, base, bilan, "Terminer le bilan")
                expect(consultant_page.get_by_role("alert")).to_have_text(
                    "Aucune séance de la phase de conclusion n'a été tenue et signée par les "
                    "deux parties."
                )
                expect(consultant_page.get_by_text("État : Conclusion")).to_be_visible()
            beneficiaire_page.goto(f"{base}/portail/seances/")
            beneficiaire_page.get_by_role(
                "link", name=f"Signer l'émargement {seance.intitule}"
            ).click()
            for i, demi in enumerate(demis):
                if i:
                    beneficiaire_page.goto(f"{base}/portail/seances/{seance.pk}/emargement/")
                emargement_signer(beneficiaire_page, beneficiaire, demi)
            consultant_page.goto(f"{base}/espace/seances/{seance.pk}/emargement/")
            for demi in demis:
                emargement_signer(consultant_page, consultant, demi)
                consultant_page.goto(f"{base}/espace/seances/{seance.pk}/emargement/")
            expect(consultant_page.get_by_role("region", name="Matin")).to_contain_text(
                "Bénéficiaire : signé · Consultant : signé"
            )

    assert Emargement.objects.filter(bilan_id=bilan.pk).count() == 2 * 10
    with time_machine.travel(paris(jours[-1], "18:00"), tick=True):
        connecter(consultant_page.context, base, consultant)
        consultant_page.goto(f"{base}/espace/bilans/{bilan.pk}/plan/")
        expect(
            consultant_page.get_by_text("18 h réalisées sur 18 h prévues (100 %)")
        ).to_be_visible()
        expect(consultant_page.locator("progress#avancement")).to_have_attribute("value", "1080")
        expect(consultant_page.locator("progress#avancement")).to_have_attribute("max", "1080")
        heures_du_plan(
            consultant_page,
            accompagnement=("18 h", "18 h"),
            travail=("6 h", "6 h"),
            total=("24 h", "24 h"),
        )
        # Every phase held and signed, the conclusion included: the bilan closes.
        transition(consultant_page, base, bilan, "Terminer le bilan")
        expect(consultant_page.get_by_role("status").first).to_have_text(
            "Le bilan est passé à l'état « Terminé »."
        )
    bilan.refresh_from_db()
    assert bilan.etat == "termine"
