"""Demo content: the action plan of the finished demo bilan (Karim's), two actions ticked
done in the portal (bilan.demo step, idempotent). Written through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from beneficiaires.models import Bilan, Etat
from bilan.comptes.models import User

from ..models.plan_action import Horizon, PlanAction
from . import services

KARIM = "karim.benali@exemple.test"
JOUR = datetime.timedelta(days=1)


def demo_plan_action(users: dict[str, User]) -> list[str]:
    bilan = (
        Bilan.objects.filter(beneficiaire__user__email=KARIM, etat=Etat.TERMINE)
        .select_related("consultant", "beneficiaire__user")
        .first()
    )
    if bilan is None or bilan.consultant is None:
        return []
    if not PlanAction.objects.filter(bilan=bilan).exists():
        _plan(bilan)
    return [f"Plan d'action de démonstration : bilan {bilan.reference} (deux actions cochées)"]


def _plan(bilan: Bilan) -> None:
    c, today = bilan.consultant, timezone.localdate()
    services.plan_action_projet_save(
        bilan=bilan,
        consultant=c,
        projet="Devenir technicien de maintenance en énergies renouvelables (éolien).",
    )
    objectif = services.plan_action_objectif_save(
        bilan=bilan,
        consultant=c,
        intitule="Obtenir le titre professionnel de technicien de maintenance éolienne.",
        specifique="Titre professionnel de niveau 4, parcours de 9 mois en alternance.",
        mesurable="Titre obtenu ; contrat d'alternance signé.",
        atteignable="Expérience en électricité industrielle ; permis B ; aptitude aux hauteurs.",
        realiste="Financement France Travail possible ; centre de formation à 40 km.",
        echeance=today + 330 * JOUR,
    )
    actions = [
        (
            Horizon.IMMEDIAT,
            "S'inscrire à la réunion d'information du centre de formation",
            today - 10 * JOUR,
            today + 5 * JOUR,
        ),
        (
            Horizon.IMMEDIAT,
            "Passer la visite médicale d'aptitude au travail en hauteur",
            today - 5 * JOUR,
            today + 20 * JOUR,
        ),
        (
            Horizon.PROCHAINS_MOIS,
            "Trouver une entreprise d'accueil pour l'alternance",
            today + 15 * JOUR,
            today + 120 * JOUR,
        ),
        (
            Horizon.LONG_TERME,
            "Suivre la formation et passer le titre",
            today + 120 * JOUR,
            today + 330 * JOUR,
        ),
    ]
    faites = []
    for i, (horizon, intitule, debut, fin) in enumerate(actions):
        action = services.plan_action_action_save(
            bilan=bilan,
            consultant=c,
            horizon=horizon,
            intitule=intitule,
            debut=debut,
            fin=fin,
            objectif=objectif,
            budget="Pris en charge par France Travail (AIF)." if i == 3 else "",
            temps="Deux demi-journées par semaine." if i == 2 else "",
            contacts="Conseiller France Travail ; réseau des anciens stagiaires.",
            indicateurs="Nombre de candidatures envoyées ; réponses obtenues." if i == 2 else "",
            obstacles="Peu d'entreprises à proximité." if i == 2 else "",
            alternatives="Élargir la recherche à 80 km ; contrat de professionnalisation."
            if i == 2
            else "",
        )
        if i < 2:
            faites.append(action)
    for action in faites:
        services.plan_action_cocher(
            action=action, beneficiaire_user=bilan.beneficiaire.user, fait=True
        )
