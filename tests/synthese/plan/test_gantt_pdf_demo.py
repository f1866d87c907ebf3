"""The timeline's geometry, the plan inside the synthèse's PDF, the demo plan."""

from __future__ import annotations

import datetime
import io

import pytest
from django.template import Context, Template
from pypdf import PdfReader

from bilan.pdf import render_pdf
from synthese.models import ActionPrevue, PlanAction
from synthese.plan_action.gantt import GRAPHE, LIBELLES, gantt_build

D = datetime.date


def _action(horizon: str, debut: D, fin: D, intitule: str = "Une action") -> ActionPrevue:
    return ActionPrevue(horizon=horizon, debut=debut, fin=fin, intitule=intitule)


def test_gantt_positions_bars_over_the_months_grouped_by_horizon() -> None:
    actions = [
        _action("long_terme", D(2027, 3, 1), D(2027, 3, 31)),
        _action("immediat", D(2027, 1, 1), D(2027, 1, 31)),
    ]
    g = gantt_build(actions=actions, aujourdhui=D(2027, 1, 16))
    assert [m.libelle for m in g.mois] == ["janv. 27", "févr. 27", "mars 27"]
    assert [grp.horizon.value for grp in g.groupes] == ["immediat", "long_terme"]
    janvier, mars = g.groupes[0].barres[0], g.groupes[1].barres[0]
    assert janvier.x == LIBELLES and mars.x + mars.largeur == LIBELLES + GRAPHE
    assert janvier.largeur == round(GRAPHE * 31 / 90, 1)
    assert g.aujourdhui_x == round(LIBELLES + GRAPHE * 15 / 90, 1)
    assert mars.y > janvier.y


def test_gantt_long_plan_labels_one_month_in_n_and_none_without_actions() -> None:
    actions = [_action("long_terme", D(2027, 1, 1), D(2029, 12, 31))]
    g = gantt_build(actions=actions, aujourdhui=D(2027, 1, 1))
    assert len(g.mois) == 36
    assert sum(1 for m in g.mois if m.libelle) == 9
    assert g.mois[1].complet == "février 2027"
    assert gantt_build(actions=[], aujourdhui=D(2027, 1, 1)) is None


@pytest.mark.django_db
def test_pdf_partial_renders_the_plan_through_its_tag(plan_action_action) -> None:
    bilan = plan_action_action.plan.bilan
    html = Template('{% include "synthese/pdf/_plan_action.html" %}').render(
        Context({"bilan": bilan})
    )
    assert "Appeler deux organismes de formation" in html
    assert "Mesurable" in html and "Titre obtenu" in html
    assert 'fill="#1d4f91"' in html  # weasyprint has no page stylesheet
    pdf = render_pdf(template_name="synthese/pdf/_plan_action.html", context={"bilan": bilan})
    texte = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Appeler deux organismes" in texte
    assert "Appeler deux organismes de fo…" in texte  # the timeline's label, from the SVG
    assert "Immédiat" in texte


@pytest.mark.django_db
def test_pdf_partial_without_plan_says_so(bilan) -> None:
    html = Template("{% load plan_action %}{% plan_action_pdf bilan %}").render(
        Context({"bilan": bilan})
    )
    assert "Aucun plan d'action n'a été établi." in html.replace("&#x27;", "'")


@pytest.mark.django_db
def test_demo_plan_for_karims_finished_bilan_is_idempotent() -> None:
    from synthese.plan_action.demo import KARIM, demo_plan_action
    from tests.beneficiaires.factories import BilanFactory, DossierFactory
    from tests.factories import BeneficiaireFactory

    karim = BeneficiaireFactory(email=KARIM)
    bilan = BilanFactory(beneficiaire=DossierFactory(user=karim), etat="termine")
    lignes = demo_plan_action({})
    assert lignes == [
        f"Plan d'action de démonstration : bilan {bilan.reference} (deux actions cochées)"
    ]
    assert demo_plan_action({}) == lignes
    plan = PlanAction.objects.get(bilan=bilan)
    assert plan.actions.count() == 4 and plan.objectifs.count() == 1
    assert sorted(plan.actions.values_list("fait", flat=True)) == [False, False, True, True]


@pytest.mark.django_db
def test_pdf_partial_with_its_timeline_seals_and_validates(plan_action_action) -> None:
    from bilan.scelles.services import pdf_sceller
    from bilan.scelles.tests_support import pdf_valide

    bilan = plan_action_action.plan.bilan
    pdf = render_pdf(template_name="synthese/pdf/_plan_action.html", context={"bilan": bilan})
    scelle = pdf_sceller(pdf=pdf, raison="Plan d'action")
    assert pdf_valide(scelle)
    altere = bytearray(scelle)
    altere[len(pdf) // 2] ^= 1
    assert not pdf_valide(bytes(altere))
