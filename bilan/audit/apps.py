from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "bilan.audit"
    label = "audit"
    verbose_name = "Journal d'audit"
