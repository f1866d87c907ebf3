from django.apps import AppConfig


class BilanConfig(AppConfig):
    """The project itself as an app: its templates tags, management commands and tasks."""

    name = "bilan"
    verbose_name = "Plateforme"

    def ready(self) -> None:
        from django.core.checks import register

        from bilan.crypto import check_content_keys

        register(check_content_keys)
