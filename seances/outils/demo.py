"""Demo content of the tools for Sophie Durand's bilan in progress (``make run``; bilan.demo
step, idempotent): a short timeline, a few competences, one gap matrix, three scenarios."""

from __future__ import annotations

import datetime

from django.db import transaction

from beneficiaires.models import Bilan, Etat
from bilan.comptes.models import User

from . import services
from .models import DossierOutils

SOPHIE = "sophie.durand@exemple.test"


def demo_outils(users: dict[str, User]) -> list[str]:
    bilan = (
        Bilan.objects.filter(beneficiaire__user__email=SOPHIE, etat=Etat.EN_COURS)
        .select_related("consultant", "beneficiaire__user")
        .first()
    )
    if bilan is None or bilan.consultant is None:
        return []
    if not DossierOutils.objects.filter(bilan=bilan, entrees__isnull=False).exists():
        with transaction.atomic():
            _remplir(bilan)
    # The same lines on every run (the demo describes what is there, created or not).
    return [f"Outils d'investigation de démonstration : bilan {bilan.reference}"]


def _remplir(bilan: Bilan) -> None:
    c, b = bilan.consultant, bilan.beneficiaire.user
    d = datetime.date
    services.entree_parcours_add(
        bilan=bilan,
        consultant=c,
        type="formation",
        intitule="BTS Transport et logistique",
        debut=d(2008, 9, 1),
        fin=d(2010, 6, 30),
        enseignements="Goût pour l'organisation des flux.",
    )
    e2 = services.entree_parcours_add(
        bilan=bilan,
        consultant=c,
        type="poste",
        intitule="Agente d'exploitation",
        structure="Transports du Val",
        debut=d(2010, 9, 1),
        fin=d(2016, 12, 31),
        experiences="Réorganisation des tournées pendant un pic d'activité.",
        enseignements="Je suis à l'aise dans l'urgence et avec les chauffeurs.",
    )
    services.entree_parcours_add(
        bilan=bilan,
        consultant=c,
        type="rupture",
        intitule="Congé parental",
        debut=d(2017, 1, 1),
        fin=d(2017, 12, 31),
    )
    services.entree_parcours_add(
        bilan=bilan,
        consultant=c,
        type="poste",
        intitule="Responsable d'exploitation",
        structure="Transports du Val",
        debut=d(2018, 1, 1),
        experiences="Encadrement de 12 conducteurs ; mise en place d'un outil de planification.",
    )
    planif = services.competence_add(
        bilan=bilan,
        beneficiaire_user=b,
        intitule="Planification des tournées",
        type="technique",
        niveau_auto=4,
        entree=e2,
        preuves="Outil de planification déployé.",
        transferabilite="forte",
        transfert="Logistique, organisation d'événements",
    )
    services.competence_add(
        bilan=bilan,
        beneficiaire_user=b,
        intitule="Gestion des conflits",
        type="comportementale",
        niveau_auto=3,
        transferabilite="forte",
    )
    services.competence_add(
        bilan=bilan,
        beneficiaire_user=b,
        intitule="Tableurs et indicateurs",
        type="technique",
        niveau_auto=2,
        transferabilite="forte",
    )
    services.competence_review(
        competence=planif,
        consultant=c,
        niveau_consultant=3,
        commentaire="Solide ; à illustrer par les chiffres du déploiement.",
    )
    m = services.matrice_create(
        bilan=bilan,
        consultant=c,
        cible="Responsable logistique d'entrepôt",
        ressources="Expérience d'encadrement, réseau dans le transport.",
        contraintes="Mobilité limitée à 40 km.",
    )
    services.exigence_add(
        matrice=m, consultant=c, intitule="Planification des tournées", niveau_requis=3
    )
    services.exigence_add(
        matrice=m,
        consultant=c,
        intitule="Tableurs et indicateurs",
        niveau_requis=4,
        moyen="formation",
        moyen_detail="Formation courte aux tableaux de bord (CPF).",
    )
    services.exigence_add(
        matrice=m,
        consultant=c,
        intitule="Gestion d'un entrepôt (WMS)",
        niveau_requis=3,
        moyen="experience",
        moyen_detail="Immersion de deux semaines (PMSMP).",
    )
    s1 = services.scenario_add(
        bilan=bilan,
        consultant=c,
        intitule="Évoluer vers la logistique d'entrepôt",
        avantages="Proche du métier actuel.",
        risques="Horaires décalés.",
    )
    s2 = services.scenario_add(
        bilan=bilan,
        consultant=c,
        intitule="Rester et prendre la planification régionale",
    )
    s3 = services.scenario_add(bilan=bilan, consultant=c, intitule="Formatrice en logistique")
    # Weights chosen by the beneficiary (summing to 100) and a score for every pair, so the
    # weighted results show; no scenario is chosen yet: that belongs to the conclusion.
    criteres = [
        services.critere_add(bilan=bilan, consultant=c, libelle=libelle)
        for libelle in ("Intérêt du travail", "Équilibre de vie", "Rémunération")
    ]
    services.criteres_ponderer(
        bilan=bilan,
        consultant=c,
        poids=dict(zip((k.pk for k in criteres), (50, 30, 20), strict=True)),
    )
    notes = {s1.pk: (4, 2, 3), s2.pk: (3, 4, 4), s3.pk: (5, 3, 2)}
    services.notes_set(
        bilan=bilan,
        consultant=c,
        notes={
            (scenario, critere.pk): valeur
            for scenario, valeurs in notes.items()
            for critere, valeur in zip(criteres, valeurs, strict=True)
        },
    )
