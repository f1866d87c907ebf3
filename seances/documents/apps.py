from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """The confidential working-document space of a bilan."""

    name = "seances.documents"
    label = "documents"
    verbose_name = "Documents de travail"
