"""The results' context, the same for the beneficiary and the consultant."""

from __future__ import annotations

from typing import Any

from ..grille import ECHELLE_360, ECHELLE_360_MAX, QUALITES, TEXTES
from ..models import Passation
from ..scoring import ScoreDimension
from ..selectors import Resultats360
from ..services.passations import passation_reponses, passation_scores
from ._commun import graphique


def resultat_contexte(passation: Passation) -> dict[str, Any]:
    """Scores (chart and table) and, item by item, the answer given."""
    questionnaire = passation.questionnaire
    reponses = passation_reponses(passation)
    echelle = questionnaire.echelle
    detail = [
        {
            "libelle": d.libelle,
            "items": [
                {
                    "texte": i.texte,
                    "inverse": i.inverse,
                    "reponse": echelle[reponses[i.pk] - 1] if i.pk in reponses else "",
                }
                for i in d.items.all()
            ],
        }
        for d in questionnaire.dimensions.prefetch_related("items")
    ]
    scores = passation_scores(passation)
    return {
        "passation": passation,
        "bilan": passation.bilan,
        "questionnaire": questionnaire,
        "scores": scores,
        "graphique": graphique(scores),
        "detail": detail,
    }


def resultats_360_contexte(resultats: Resultats360) -> dict[str, Any]:
    libelles = dict(QUALITES)
    scores = [
        ScoreDimension(libelle=q.libelle, score=q.moyenne, minimum=1, maximum=ECHELLE_360_MAX)
        for q in resultats.qualites
    ]
    questions = dict(TEXTES)
    return {
        "resultats": resultats,
        "graphique": graphique(scores) if resultats.nombre else None,
        "echelle_360": ECHELLE_360,
        "repondants": [
            {
                "nom": r.nom,
                "notes": [
                    (str(libelles[code]), dict(ECHELLE_360).get(v, ""))
                    for code, v in r.notes.items()
                ],
                "textes": [(str(questions[c]), t) for c, t in r.textes.items() if t],
            }
            for r in resultats.repondants
        ],
    }
