"""Beneficiaries, the bilan dossier, entretien préalable, consent, funding, conventions."""

from django.apps import AppConfig


class BeneficiairesConfig(AppConfig):
    name = "beneficiaires"
    verbose_name = "Bénéficiaires et dossiers"

    def ready(self) -> None:
        from bilan.demo import register_step

        from .demo import demo_dossiers

        register_step(demo_dossiers)
