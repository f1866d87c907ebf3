from django.apps import AppConfig


class ScellesConfig(AppConfig):
    """Sealed PDFs: rendering, the organisation's PAdES seal, storage and verification."""

    name = "bilan.scelles"
    label = "scelles"
    verbose_name = "Documents scellés"
