"""Demo data: the finished demo bilan's synthèse, written and submitted before « terminé »,
then commented by its beneficiary, finalised, signed by both and delivered with its sealed
PDF, as the seed programme has it (idempotent; the text is invented)."""

from __future__ import annotations

from beneficiaires.models import Bilan, Etat
from bilan.comptes.models import User
from bilan.signatures.codes import code_issue

from .models import EtatSynthese, Synthese
from .services import (
    OBJET,
    synthese_create,
    synthese_finalise,
    synthese_observe,
    synthese_sign,
    synthese_submit,
    synthese_update_sections,
)

KARIM = "karim.benali@exemple.test"
DEMO_IP = "192.0.2.10"  # RFC 5737 documentation range
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
OBSERVATIONS = "Je souhaite que la piste photovoltaïque reste ouverte si l'éolien tarde."


def demo_synthese(bilan: Bilan) -> None:
    """Write and submit the synthèse of a demo bilan about to end (before « terminé »)."""
    if bilan.consultant is None or Synthese.objects.filter(bilan=bilan).exists():
        return
    synthese = synthese_create(bilan=bilan, consultant=bilan.consultant)
    synthese_update_sections(synthese=synthese, consultant=bilan.consultant, sections=TEXTES)
    synthese_submit(synthese=synthese, consultant=bilan.consultant)


def demo_synthese_remise(users: dict[str, User]) -> list[str]:
    """Take the finished demo bilan's synthèse to the end of its workflow (bilan.demo step,
    after the action plan printed with it): observations, final text, both signatures, sealed
    PDF delivered to the beneficiary. Each stage is done once; the lines are the same."""
    synthese = (
        Synthese.objects.filter(bilan__beneficiaire__user__email=KARIM, bilan__etat=Etat.TERMINE)
        .select_related("bilan__consultant", "bilan__beneficiaire__user")
        .first()
    )
    if synthese is None or synthese.bilan.consultant is None:
        return []
    bilan = synthese.bilan
    beneficiaire, consultant = bilan.beneficiaire.user, bilan.consultant
    if synthese.etat == EtatSynthese.SOUMISE:
        synthese_observe(synthese=synthese, beneficiaire_user=beneficiaire, texte=OBSERVATIONS)
        synthese.refresh_from_db()
    if synthese.etat == EtatSynthese.OBSERVEE:
        synthese = synthese_finalise(synthese=synthese, consultant=consultant)
    for signataire in (beneficiaire, consultant):
        synthese.refresh_from_db()
        if synthese.etat != EtatSynthese.FINALE:
            break
        if synthese.signatures.filter(signataire=signataire).exists():
            continue
        # The real path, the e-mail aside: a one-time code bound to the final text's digest.
        code = code_issue(user=signataire, objet=OBJET, empreinte=synthese.empreinte_finale)
        synthese_sign(
            synthese=synthese,
            signataire=signataire,
            code=code.code,
            ip=DEMO_IP,
            user_agent="démonstration",
        )
    return [f"Synthèse de démonstration : bilan {bilan.reference}, signée par les deux et remise"]
