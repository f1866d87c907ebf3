from django.apps import AppConfig


class BilanConfig(AppConfig):
    """The project itself as an app: its templates tags, management commands and tasks."""

    name = "bilan"
    verbose_name = "Plateforme"
