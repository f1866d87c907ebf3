from django.apps import AppConfig


class OutilsConfig(AppConfig):
    """The investigation tools of the seed programme (parcours, competences, gaps, scenarios)."""

    name = "seances.outils"
    label = "outils"
    verbose_name = "Outils d'investigation"
