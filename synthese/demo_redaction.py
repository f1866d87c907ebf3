"""Demo data: the finished demo bilan's synthèse, submitted to its beneficiary for their
observations (idempotent; the text is invented)."""

from __future__ import annotations

from beneficiaires.models import Bilan

from .models import Synthese
from .services import synthese_create, synthese_submit, synthese_update_sections

TEXTES = {
    "contexte": (
        "Après douze ans dans la logistique, vous avez souhaité faire le point sur vos "
        "compétences et envisager une évolution vers la formation d'adultes."
    ),
    "competences": (
        "Points d'appui : organisation, transmission, sens du service.\n"
        "Axes de progrès : conception pédagogique, aisance avec les outils numériques."
    ),
    "projet": (
        "Projet retenu : formatrice en logistique.\n"
        "Piste alternative : responsable de formation interne."
    ),
    "formation": "Titre professionnel Formateur professionnel d'adultes (niveau 5).",
    "etapes": "Enquêtes métier, dossier de financement, entrée en formation au printemps.",
}


def demo_synthese(bilan: Bilan) -> None:
    """Write and submit the synthèse of a demo bilan about to end (before « terminé »)."""
    if bilan.consultant is None or Synthese.objects.filter(bilan=bilan).exists():
        return
    synthese = synthese_create(bilan=bilan, consultant=bilan.consultant)
    synthese_update_sections(synthese=synthese, consultant=bilan.consultant, sections=TEXTES)
    synthese_submit(synthese=synthese, consultant=bilan.consultant)
