from django.apps import AppConfig


class ConservationConfig(AppConfig):
    """The retention engine, the destruction register, the audit viewer, RGPD requests."""

    name = "bilan.conservation"
    label = "conservation"
    verbose_name = "Conservation et RGPD"

    def ready(self) -> None:
        from django.core import checks

        from bilan.demo import register_step

        from .demo import demo_demande
        from .politique import durees_legales

        register_step(demo_demande)
        # A retention setting past the law stops the start (no override, domain.md).
        checks.register(durees_legales)
