"""What the screens of both spaces share: loading the bilan through the scoped selectors and
building the drawings' context."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from beneficiaires.models import Bilan
from beneficiaires.selectors import bilans_visible_to

from ..dessins import frise_parcours, histogramme_scenarios
from ..models import DossierOutils, Niveau
from ..selectors import (
    criteres_visible_to,
    entrees_visible_to,
    matrices_visible_to,
    notes_visible_to,
    scenarios_visible_to,
)
from ..services import scenario_scores


def bilan_du_consultant(request: HttpRequest, pk: int) -> Bilan:
    """The bilan ``pk`` if the logged-in consultant is assigned to it; 404 otherwise."""
    rows = bilans_visible_to(user=request.user).filter(consultant=request.user)
    return get_object_or_404(rows, pk=pk)


def bilan_du_beneficiaire(request: HttpRequest, pk: int) -> Bilan:
    rows = bilans_visible_to(user=request.user).filter(beneficiaire__user=request.user)
    return get_object_or_404(rows, pk=pk)


def parcours_contexte(request: HttpRequest, bilan: Bilan) -> dict[str, Any]:
    entrees = list(entrees_visible_to(request.user).filter(dossier__bilan=bilan))
    return {
        "entrees": entrees,
        "frise": frise_parcours(entrees, aujourdhui=timezone.localdate()),
    }


def scenarios_contexte(request: HttpRequest, bilan: Bilan) -> dict[str, Any]:
    """Scenarios, criteria and scores as the user may see them, and the weighted results."""
    scenarios = list(scenarios_visible_to(request.user).filter(dossier__bilan=bilan))
    criteres = list(criteres_visible_to(request.user).filter(dossier__bilan=bilan))
    notes = list(notes_visible_to(request.user).filter(scenario__dossier__bilan=bilan))
    resultats = scenario_scores(scenarios=scenarios, criteres=criteres, notes=notes)
    valeurs = {(n.scenario_id, n.critere_id): n.valeur for n in notes}
    return {
        "scenarios": scenarios,
        "criteres": criteres,
        "valeurs": valeurs,
        "grille_lecture": [(c, [valeurs.get((s.pk, c.pk)) for s in scenarios]) for c in criteres],
        "total_poids": sum(c.poids for c in criteres),
        "resultats": resultats,
        "histogramme": histogramme_scenarios(resultats) if criteres else None,
        "retenu": next((s for s in scenarios if s.retenu), None),
    }


def matrices_de(request: HttpRequest, bilan: Bilan) -> list:
    return list(matrices_visible_to(request.user).filter(dossier__bilan=bilan))


ECHELLE = Niveau.choices


def remis(dossier: DossierOutils | None) -> bool:
    return bool(dossier and dossier.remis)
