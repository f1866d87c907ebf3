"""Beneficiaries, the bilan dossier, entretien préalable, consent, funding, conventions."""

from django.apps import AppConfig


class BeneficiairesConfig(AppConfig):
    name = "beneficiaires"
    verbose_name = "Bénéficiaires et dossiers"

    def ready(self) -> None:
        from bilan import retention
        from bilan.demo import register_step

        from . import models
        from .demo import demo_dossiers

        register_step(demo_dossiers)
        # What the retention engine destroys or keeps (domain.md, Confidentiality and data).
        retention.register(
            model=models.EntretienPrealable,
            categorie=retention.Categorie.CONTENU,
            bilan_path="bilan",
        )
        for proof in (
            models.Consentement,
            models.FinancementCPF,
            models.ContratAutofinancement,
            models.Convention,
        ):
            retention.register(
                model=proof, categorie=retention.Categorie.PREUVE, bilan_path="bilan"
            )
        # The convention's signatures and links are proof too, kept and destroyed with it.
        for proof in (models.SignatureConvention, models.LienSignature):
            retention.register(
                model=proof, categorie=retention.Categorie.PREUVE, bilan_path="convention__bilan"
            )
