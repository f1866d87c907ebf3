"""The action plan in a real browser (seed 000; domain.md, point 8): the consultant writes
three actions, one per horizon, and sees them on the timeline; once the bilan is over, the
beneficiary ticks one done with the keyboard alone (Tab, Space, Enter)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from synthese.models import ActionPrevue
from tests.beneficiaires.factories import BilanFactory, DossierFactory
from tests.factories import BeneficiaireFactory, ConsultantFactory
from tests.navigateur.test_seances_emargement import connecter
from tests.synthese.plan.conftest import terminer

pytestmark = pytest.mark.navigateur

ACTIONS = [
    ("Appeler deux organismes de formation", "Immédiat", 0, 14),
    ("Trouver une entreprise d'accueil", "Dans les prochains mois", 30, 120),
    ("Passer le titre professionnel", "À plus long terme", 120, 330),
]


def test_plan_built_seen_on_the_timeline_then_ticked_by_keyboard(live_server, page: Page) -> None:
    consultant = ConsultantFactory(first_name="Julien", last_name="Bernard")
    beneficiaire = BeneficiaireFactory(first_name="Karim", last_name="Benali")
    bilan = BilanFactory(
        beneficiaire=DossierFactory(user=beneficiaire), consultant=consultant, etat="en_cours"
    )
    base = live_server.url
    connecter(page.context, base, consultant)
    today = timezone.localdate()

    # 1. The consultant writes three actions, one per horizon.
    for intitule, horizon, debut, fin in ACTIONS:
        page.goto(f"{base}/espace/bilans/{bilan.pk}/plan-action/")
        page.get_by_role("link", name="Ajouter une action").click()
        page.get_by_role("textbox", name="Action", exact=True).fill(intitule)
        page.get_by_role("combobox", name="Horizon").select_option(label=horizon)
        page.locator("#id_debut").fill((today + datetime.timedelta(days=debut)).isoformat())
        page.locator("#id_fin").fill((today + datetime.timedelta(days=fin)).isoformat())
        page.get_by_label("Indicateurs de suivi").fill("Avancement noté chaque semaine")
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_text("L'action est enregistrée.")).to_be_visible()
    assert ActionPrevue.objects.filter(plan__bilan=bilan).count() == 3

    # 2. The timeline: one bar per action, grouped by horizon, and today's line.
    page.get_by_role("link", name="Voir le calendrier du plan").click()
    expect(page.get_by_role("img", name="Calendrier du plan d'action")).to_be_visible()
    expect(page.locator("rect.gantt-barre")).to_have_count(3)
    expect(page.locator("line.gantt-aujourdhui")).to_have_count(1)
    expect(page.get_by_role("table")).to_contain_text("Passer le titre professionnel")

    # 3. The bilan is over: the beneficiary ticks the first action with the keyboard only.
    terminer(bilan)
    connecter(page.context, base, beneficiaire)
    page.goto(f"{base}/portail/bilans/{bilan.pk}/plan-action/")
    premiere = ActionPrevue.objects.get(plan__bilan=bilan, horizon="immediat")
    case = f"fait-{premiere.pk}"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == case:
            break
    else:
        pytest.fail("la case de l'action n'est pas atteinte au clavier")
    page.keyboard.press("Space")
    expect(page.locator(f"#{case}")).to_be_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Enter")
    expect(page.get_by_text("Action marquée comme réalisée.")).to_be_visible()
    expect(page.locator(f"#action-{premiere.pk}")).to_contain_text("réalisée le")
    premiere.refresh_from_db()
    assert premiere.fait and premiere.fait_le is not None
