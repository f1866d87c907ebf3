"""Factories for beneficiaries and bilans; bilans go through the services, permissions included."""

from __future__ import annotations

from typing import Any

import factory

from beneficiaires.models import Beneficiaire, Bilan, StatutProfessionnel
from beneficiaires.services import bilan_create, bilan_transition
from tests.factories import BeneficiaireFactory, ConsultantFactory

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


class DossierFactory(factory.django.DjangoModelFactory):
    """A beneficiary's profile (the user comes from ``tests.factories``)."""

    class Meta:
        model = Beneficiaire

    user = factory.SubFactory(BeneficiaireFactory)
    statut_professionnel = StatutProfessionnel.DEMANDEUR_EMPLOI


class BilanFactory(factory.Factory):
    """A bilan opened by ``bilan_create`` and moved to ``etat`` by ``bilan_transition``."""

    class Meta:
        model = Bilan

    beneficiaire = factory.SubFactory(DossierFactory)
    consultant = factory.SubFactory(ConsultantFactory)
    etat = "prealable"

    @classmethod
    def _create(cls, model_class: type[Bilan], *args: Any, **kwargs: Any) -> Bilan:
        etat = kwargs.pop("etat")
        bilan = bilan_create(created_by=None, **kwargs)
        for vers in CHEMINS[etat]:
            bilan = bilan_transition(bilan=bilan, vers=vers, by=kwargs["consultant"])
        return bilan
