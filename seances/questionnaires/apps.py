from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    """Self-assessment questionnaires, the 360° survey and published tests' restitutions."""

    name = "seances.questionnaires"
    label = "questionnaires"
    verbose_name = "Questionnaires"

    def ready(self) -> None:
        from beneficiaires.services import register_consultant_change
        from bilan import retention
        from bilan.demo import register_step
        from seances.outils.remise import register_remise

        from . import models
        from .demo import demo_questionnaires
        from .services.remise import questionnaires_consultant_change, questionnaires_remettre

        # domain.md, Confidentiality: "a change of consultant moves the access".
        register_consultant_change(questionnaires_consultant_change)
        # Seed 004, Document de synthèse: every investigation result is handed over.
        register_remise(libelle="Questionnaires et tests", remettre=questionnaires_remettre)
        register_step(demo_questionnaires)
        # R6313-7: all of it is bilan content, destroyed when the action ends.
        for model, path in (
            (models.Passation, "bilan"),
            (models.Enquete360, "bilan"),
            (models.Invitation360, "enquete__bilan"),
            (models.Reponse360, "enquete__bilan"),
            (models.Restitution, "bilan"),
        ):
            retention.register(model=model, categorie=retention.Categorie.CONTENU, bilan_path=path)
        # The beneficiary's data export (RGPD art. 15, 20): the 360° respondents are third
        # parties promised anonymity (art. 15, 4: their answers reach the beneficiary only
        # aggregated, in the portal); restitutions once handed over.
        from django.db.models import Q

        retention.register_export(model=models.Invitation360, exclu=True)
        retention.register_export(model=models.Reponse360, exclu=True)
        retention.register_export(model=models.Restitution, filtre=Q(remis_le__isnull=False))
