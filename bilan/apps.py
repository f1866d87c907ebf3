from django.apps import AppConfig


class BilanConfig(AppConfig):
    """The project itself as an app: its templates tags, management commands and tasks."""

    name = "bilan"
    verbose_name = "Plateforme"

    def ready(self) -> None:
        from django.core.checks import register
        from django.db.models.signals import pre_save

        from bilan.crypto import check_content_keys
        from bilan.textes import textes_verifier

        register(check_content_keys)
        pre_save.connect(textes_verifier, dispatch_uid="bilan.textes_verifier")
