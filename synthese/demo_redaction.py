"""Demo data: the finished demo bilan's synthèse, submitted to its beneficiary for their
observations (idempotent; the text is invented)."""

from __future__ import annotations

from beneficiaires.models import Bilan

from .models import Synthese
from .services import synthese_create, synthese_submit, synthese_update_sections

TEXTES = {
    "contexte": (
        "Après douze ans dans la maintenance industrielle, vous avez souhaité faire le point "
        "sur vos compétences et vous orienter vers les énergies renouvelables."
    ),
    "competences": (
        "Points d'appui : diagnostic de pannes, habilitations électriques, rigueur sécurité.\n"
        "Axes de progrès : travail en hauteur, anglais technique."
    ),
    "projet": (
        "Projet retenu : technicien de maintenance éolienne.\n"
        "Piste alternative : technicien de maintenance en photovoltaïque."
    ),
    "formation": "Titre professionnel Technicien de maintenance d'éoliennes (niveau 4).",
    "etapes": "Enquêtes métier, dossier de financement, entrée en formation au printemps.",
}


def demo_synthese(bilan: Bilan) -> None:
    """Write and submit the synthèse of a demo bilan about to end (before « terminé »)."""
    if bilan.consultant is None or Synthese.objects.filter(bilan=bilan).exists():
        return
    synthese = synthese_create(bilan=bilan, consultant=bilan.consultant)
    synthese_update_sections(synthese=synthese, consultant=bilan.consultant, sections=TEXTES)
    synthese_submit(synthese=synthese, consultant=bilan.consultant)
