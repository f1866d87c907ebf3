"""Demo content: one open access request of a demo beneficiary (idempotent)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone


def demo_demande(users: dict[str, Any]) -> list[str]:
    """An access request received a week ago, so the register is not empty."""
    from bilan.comptes.models import Role

    from .models import DemandeDroit, TypeDemande
    from .services import demande_enregistrer

    beneficiaire = next((u for u in users.values() if u.role == Role.BENEFICIAIRE), None)
    admin = next((u for u in users.values() if u.role == Role.ADMINISTRATEUR), None)
    if beneficiaire is None or admin is None:
        return []
    if DemandeDroit.objects.filter(personne=beneficiaire).exists():
        return []
    demande_enregistrer(
        personne=beneficiaire,
        type=TypeDemande.ACCES,
        recue_le=timezone.localdate() - timedelta(days=7),
        enregistree_par=admin,
    )
    return [f"Demande RGPD (accès) de {beneficiaire.email} enregistrée."]
