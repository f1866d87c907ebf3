"""Demo content (``make run``): Sophie's running bilan has the interests questionnaire
answered, and the values questionnaire waiting for her. Idempotent; never called by a
screen."""

from __future__ import annotations

from beneficiaires.models import Bilan, Etat
from bilan.comptes.models import User

from .defauts import questionnaires_seed_ensure
from .models import Passation, Questionnaire
from .services import passation_attribuer, passation_repondre
from .services.passations import definition_of

SOPHIE = "sophie.durand@exemple.test"
# Sophie's answers, dimension by dimension: drawn to relationship and organisation.
PROFIL = (2, 3, 2, 5, 3, 4)


def demo_questionnaires(users: dict[str, User]) -> list[str]:
    bilan = (
        Bilan.objects.filter(beneficiaire__user__email=SOPHIE, etat=Etat.EN_COURS)
        .select_related("consultant", "beneficiaire__user")
        .first()
    )
    if bilan is None or bilan.consultant is None:
        return []
    questionnaires_seed_ensure()
    interets = Questionnaire.objects.get(nom="Intérêts professionnels")
    valeurs = Questionnaire.objects.get(nom="Valeurs professionnelles")
    lignes = [
        f"  {bilan.reference} : questionnaire d'intérêts rempli par Sophie, "
        "questionnaire de valeurs à remplir dans son portail"
    ]
    if Passation.objects.filter(bilan=bilan).exists():
        return lignes
    passation = passation_attribuer(
        bilan=bilan, consultant=bilan.consultant, questionnaire=interets
    )
    reponses = {
        item.id: PROFIL[n % len(PROFIL)]
        for n, dimension in enumerate(definition_of(interets))
        for item in dimension.items
    }
    passation_repondre(
        passation=passation, beneficiaire_user=bilan.beneficiaire.user, reponses=reponses
    )
    passation_attribuer(bilan=bilan, consultant=bilan.consultant, questionnaire=valeurs)
    return lignes
