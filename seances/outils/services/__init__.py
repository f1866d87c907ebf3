"""Every write of the investigation tools (style.md: services write, keyword-only, typed,
atomic, audited)."""

from ._commun import outils_consultant_change
from .competences import competence_add, competence_review, competence_update
from .matrices import exigence_add, exigence_delete, matrice_create, matrice_update
from .parcours import entree_parcours_add, entree_parcours_delete
from .remise import outils_remettre, resultats_remettre
from .scenarios import (
    critere_add,
    criteres_ponderer,
    criteres_ponderer_par_beneficiaire,
    notes_set,
    scenario_add,
    scenario_retenir,
    scenario_scores,
)

__all__ = [
    "competence_add",
    "competence_review",
    "competence_update",
    "critere_add",
    "criteres_ponderer",
    "criteres_ponderer_par_beneficiaire",
    "entree_parcours_add",
    "entree_parcours_delete",
    "exigence_add",
    "exigence_delete",
    "matrice_create",
    "matrice_update",
    "notes_set",
    "outils_consultant_change",
    "outils_remettre",
    "resultats_remettre",
    "scenario_add",
    "scenario_retenir",
    "scenario_scores",
]
