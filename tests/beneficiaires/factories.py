"""Factories for beneficiaries and bilans; bilans go through the services, permissions included."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory

from beneficiaires.financement import financement_cpf_set
from beneficiaires.models import (
    Beneficiaire,
    Bilan,
    Consentement,
    EntretienPrealable,
    FinancementCPF,
    StatutProfessionnel,
)
from beneficiaires.services import (
    bilan_create,
    bilan_transition,
    consentement_record,
    entretien_prealable_record,
)
from tests.factories import BeneficiaireFactory, ConsultantFactory


def seances_tenues(bilan: Bilan) -> None:
    """The default plan's 8 sessions, held and signed by both, one a week (seances.demo)."""
    from seances.demo import demo_seances_tenues

    demo_seances_tenues(bilan)


# The path of the life cycle that leads to each reachable state.
CHEMINS: dict[str, tuple[str, ...]] = {
    "prealable": (),
    "engagement": ("engagement",),
    "en_cours": ("engagement", "en_cours"),
    "conclusion": ("engagement", "en_cours", "conclusion"),
    "termine": ("engagement", "en_cours", "conclusion", "termine"),
    "suivi": ("engagement", "en_cours", "conclusion", "termine", "suivi"),
    "clos": ("engagement", "en_cours", "conclusion", "termine", "clos"),
    "abandonne": ("abandonne",),
    "refuse": ("refuse",),
}


ENTRETIEN = {
    "besoin": "Faire le point après dix ans dans la logistique.",
    "attentes": "Identifier des métiers accessibles sans reprendre trois ans d'études.",
    "situation": "Salariée à temps plein, horaires décalés.",
    "objectifs": "Un projet professionnel réaliste et un plan d'action daté.",
    "format": "mixte",
}


def entretien_record(bilan: Bilan, **overrides: Any) -> EntretienPrealable:
    """Record a complete entretien préalable by the bilan's consultant (through the service)."""
    fields: dict[str, Any] = {**ENTRETIEN, "tenu_le": datetime.date(2026, 11, 2), **overrides}
    fields.setdefault("consultant", bilan.consultant)
    return entretien_prealable_record(bilan=bilan, **fields)


def consentement_donne(bilan: Bilan, *, ip: str = "203.0.113.5") -> Consentement:
    """Record the entretien préalable, then the beneficiary's consent (through the services)."""
    entretien_record(bilan)
    return consentement_record(
        bilan=bilan, beneficiaire_user=bilan.beneficiaire.user, donne=True, ip=ip
    )


def financement_cpf(bilan: Bilan, **overrides: Any) -> FinancementCPF:
    """Record a valid CPF funding by the bilan's consultant (bilan in engagement)."""
    fields: dict[str, Any] = {
        "prix": Decimal("1450.00"),
        "numero_dossier": "CPF-2026-000123",
        "declaration_aucun_bilan_5_ans": True,
        **overrides,
    }
    fields.setdefault("consultant", bilan.consultant)
    return financement_cpf_set(bilan=bilan, **fields)


class DossierFactory(factory.django.DjangoModelFactory):
    """A beneficiary's profile (the user comes from ``tests.factories``)."""

    class Meta:
        model = Beneficiaire

    user = factory.SubFactory(BeneficiaireFactory)
    statut_professionnel = StatutProfessionnel.DEMANDEUR_EMPLOI


class BilanFactory(factory.Factory):
    """A bilan opened by ``bilan_create`` and moved to ``etat`` by ``bilan_transition``.

    A bilan that leaves préalable for engagement first gets its entretien préalable and its
    beneficiary's consent (L6313-4); one that goes on to en cours first gets a CPF funding
    (domain.md, Engagement); one that goes on to conclusion first has its plan's 8 sessions
    held and signed by both (domain.md, The life of a bilan, 3 and 6: the conclusion follows
    the two earlier phases, and closing needs every phase held and signed).
    """

    class Meta:
        model = Bilan

    beneficiaire = factory.SubFactory(DossierFactory)
    consultant = factory.SubFactory(ConsultantFactory)
    etat = "prealable"

    @classmethod
    def _create(cls, model_class: type[Bilan], *args: Any, **kwargs: Any) -> Bilan:
        etat = kwargs.pop("etat")
        bilan = bilan_create(created_by=None, **kwargs)
        if CHEMINS[etat][:1] == ("engagement",):
            consentement_donne(bilan)
        for vers in CHEMINS[etat]:
            if vers == "en_cours":
                financement_cpf(bilan)
            if vers == "conclusion":
                seances_tenues(bilan)
            bilan = bilan_transition(bilan=bilan, vers=vers, by=kwargs["consultant"])
        return bilan


CONVENTION = {
    "financement": "plan_developpement",
    "intitule": "Bilan de compétences",
    "objectif": "Permettre à la salariée d'analyser ses compétences et de définir un projet.",
    "contenu": "Phases préliminaire, d'investigation et de conclusion (article R6313-4).",
    "moyens": "Entretiens individuels, tests, travail personnel guidé, ressources documentaires.",
    "duree_heures": Decimal("24"),
    "date_debut": datetime.date(2026, 12, 1),
    "date_fin": datetime.date(2027, 3, 1),
    "deroulement_suivi": "Huit séances de deux heures environ ; entretien de suivi à six mois.",
    "modalites_restitution": "Restitution orale ; synthèse remise au seul bénéficiaire.",
    "prix": Decimal("1800.00"),
    "modalites_paiement": "Facture à l'issue du bilan, réglée à 30 jours.",
    "signataire_organisation": "Transports Rivière",
    "signataire_nom": "Marc Rivière",
    "signataire_email": "rh@transports-riviere.test",
}


def bilan_engage(bilan: Bilan) -> Bilan:
    """Move a bilan in préalable to engagement (entretien and consent recorded first)."""
    consentement_donne(bilan)
    return bilan_transition(bilan=bilan, vers="engagement", by=bilan.consultant)


def convention_record(bilan: Bilan, **overrides: Any) -> Any:
    """Write a complete convention by the bilan's consultant (bilan in engagement)."""
    from beneficiaires.convention import convention_set

    fields: dict[str, Any] = {**CONVENTION, **overrides}
    fields.setdefault("consultant", bilan.consultant)
    return convention_set(bilan=bilan, **fields)


def convention_signee_organisme(bilan: Bilan, **overrides: Any) -> Any:
    """Engage the bilan, write its convention and sign it for the provider."""
    from beneficiaires.convention import convention_sign_provider

    if bilan.etat == "prealable":
        bilan_engage(bilan)
    convention = convention_record(bilan, **overrides)
    convention_sign_provider(bilan=bilan, user=bilan.consultant)
    return convention
