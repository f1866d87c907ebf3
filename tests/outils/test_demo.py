"""The demo content of the tools (make run): on Sophie's bilan in progress, idempotent."""

from __future__ import annotations

from seances.outils.demo import demo_outils
from seances.outils.models import (
    Competence,
    Critere,
    DossierOutils,
    EntreeParcours,
    Note,
    Scenario,
)


def test_demo_fills_sophies_bilan_once(db):
    from bilan.demo import load_demo

    load_demo()
    dossier = DossierOutils.objects.get(
        bilan__beneficiaire__user__email="sophie.durand@exemple.test"
    )
    assert EntreeParcours.objects.filter(dossier=dossier).count() == 4
    assert Competence.objects.filter(dossier=dossier).count() == 3
    assert Scenario.objects.filter(dossier=dossier).count() == 3
    assert demo_outils({}) == [
        f"Outils d'investigation de démonstration : bilan {dossier.bilan.reference}"
    ]
    assert EntreeParcours.objects.count() == 4


def test_demo_scenarios_have_real_weights_and_results(db):
    """The criteria's weights sum to 100 and every scenario gets a weighted result."""
    from decimal import Decimal

    from bilan.demo import load_demo
    from seances.outils.services import scenario_scores

    load_demo()
    dossier = DossierOutils.objects.get(
        bilan__beneficiaire__user__email="sophie.durand@exemple.test"
    )
    criteres = Critere.objects.filter(dossier=dossier).order_by("pk")
    assert [c.poids for c in criteres] == [50, 30, 20]
    resultats = scenario_scores(
        scenarios=Scenario.objects.filter(dossier=dossier).order_by("pk"),
        criteres=criteres,
        notes=Note.objects.filter(critere__dossier=dossier),
    )
    assert [r.score for r in resultats] == [Decimal("3.20"), Decimal("3.50"), Decimal("3.80")]
    assert not any(r.scenario.retenu for r in resultats)
