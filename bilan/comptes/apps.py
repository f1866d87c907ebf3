from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "bilan.comptes"
    label = "comptes"
    verbose_name = "Comptes et rôles"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the login / logout receivers)
