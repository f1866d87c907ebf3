from django.apps import AppConfig


class ScellesConfig(AppConfig):
    """Sealed PDFs: rendering, the organisation's PAdES seal, storage and verification."""

    name = "bilan.scelles"
    label = "scelles"
    verbose_name = "Documents scellés"

    def ready(self) -> None:
        from django.core import checks
        from django.db.models import Q

        from bilan import retention

        from . import models
        from .checks import certificat_lisible

        checks.register(certificat_lisible, checks.Tags.security, deploy=True)
        # The synthèse's file is the beneficiary's content (R6313-7); the attestations, the
        # certificat and the convention are administrative proof (domain.md, Confidentiality
        # and data).
        synthese = Q(type_document__in=[t.value for t in models.TYPES_CONFIDENTIELS])
        retention.register(
            model=models.DocumentScelle,
            categorie=retention.Categorie.CONTENU,
            bilan_path="bilan",
            filtre=synthese,
        )
        retention.register(
            model=models.DocumentScelle,
            categorie=retention.Categorie.PREUVE,
            bilan_path="bilan",
            filtre=~synthese,
        )
