from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """The confidential working-document space of a bilan."""

    name = "seances.documents"
    label = "documents"
    verbose_name = "Documents de travail"

    def ready(self) -> None:
        from beneficiaires.services import register_consultant_change
        from bilan import retention
        from bilan.crypto import register_file_rotation
        from bilan.demo import register_step
        from seances.outils.remise import register_remise

        from .demo import demo_documents
        from .models import Document
        from .services import (
            documents_consultant_change,
            documents_remettre,
            documents_rotate_keys,
        )

        # domain.md, Confidentiality: "a change of consultant moves the access".
        register_consultant_change(documents_consultant_change)
        # R6313-7: destroyed when the action ends; the engine deletes the files with the rows.
        retention.register(
            model=Document, categorie=retention.Categorie.CONTENU, bilan_path="bilan"
        )
        # The beneficiary's data export (RGPD art. 15, 20): their own uploads and what the
        # consultant handed over, as in the portal.
        from django.db.models import Q

        retention.register_export(
            model=Document, filtre=Q(remis_le__isnull=False) | Q(depose_par_role="beneficiaire")
        )
        # Seed 003, Méthodes: every investigation result is handed to the beneficiary.
        register_remise(libelle="Documents de travail", remettre=documents_remettre)
        register_step(demo_documents)
        # The files are encrypted too: `manage.py rotate_content_keys` re-encrypts them.
        register_file_rotation(documents_rotate_keys)
