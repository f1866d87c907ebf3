from django.apps import AppConfig


class SyntheseConfig(AppConfig):
    name = "synthese"
    verbose_name = "Synthèse"

    def ready(self) -> None:
        from .plan_action.setup import plan_action_ready

        plan_action_ready()
