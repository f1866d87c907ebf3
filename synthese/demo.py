"""Registrations of the end-of-bilan documents and of the shares: retention and demo data."""

from __future__ import annotations

from bilan.comptes.models import User


def documents_fin_register() -> None:
    """Declare the shares to the retention engine and the demo's end-of-bilan documents."""
    from bilan import retention
    from bilan.demo import register_step

    from .models import LienPartage, Partage

    # The written consent and its link are the proof of a lawful share (L6313-4), not
    # content: they hold no text of the bilan (domain.md, Confidentiality and data).
    preuve = retention.Categorie.PREUVE
    retention.register(model=Partage, categorie=preuve, bilan_path="bilan")
    retention.register(model=LienPartage, categorie=preuve, bilan_path="partage__bilan")
    register_step(demo_attestations)


def demo_attestations(users: dict[str, User]) -> list[str]:
    """Issue the end-of-bilan documents of the demo's terminated bilans (idempotent: the
    latest version is kept while nothing it states has changed)."""
    from beneficiaires.models import Bilan

    from .attestations import ETATS_TERMINES, SORTES, attestation_emettre

    lines = []
    for bilan in Bilan.objects.filter(etat__in=ETATS_TERMINES, consultant__isnull=False):
        for slug in SORTES:
            attestation_emettre(bilan=bilan, slug=slug, acteur=bilan.consultant)
        lines.append(f"  {bilan.reference} : attestations et certificat de réalisation émis")
    return ["Documents de fin de bilan :", *lines] if lines else []
