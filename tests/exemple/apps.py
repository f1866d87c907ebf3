from django.apps import AppConfig


class ExempleConfig(AppConfig):
    name = "tests.exemple"
    label = "exemple"
