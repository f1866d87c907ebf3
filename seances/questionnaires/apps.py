from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    """Self-assessment questionnaires, the 360° survey and published tests' restitutions."""

    name = "seances.questionnaires"
    label = "questionnaires"
    verbose_name = "Questionnaires"
