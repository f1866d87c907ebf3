from django.apps import AppConfig


class SyntheseConfig(AppConfig):
    name = "synthese"
    verbose_name = "Synthèse"
