"""The demo content of the tools (make run): on Sophie's bilan in progress, idempotent."""

from __future__ import annotations

from seances.outils.demo import demo_outils
from seances.outils.models import Competence, DossierOutils, EntreeParcours, Scenario


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
