"""The follow-up interview, reminders and surveys."""

from django.apps import AppConfig


class SuiviConfig(AppConfig):
    name = "suivi"
    verbose_name = "Suivi"

    def ready(self) -> None:
        from beneficiaires.services import register_consultant_change
        from bilan import demo, retention

        from . import models
        from .demo import demo_suivi
        from .services import suivi_consultant_change

        # domain.md, Confidentiality: "a change of consultant moves the access".
        register_consultant_change(suivi_consultant_change)
        # What the retention engine destroys or keeps (domain.md, Confidentiality and data).
        # The survey answers (Reponse, Valeur) hold no bilan and no person: not registered,
        # the purge keeps them (domain.md, 10). The written agreement (Suivi) is the proof
        # the engine reads (suivi.selectors.accord_conservation_fin).
        contenu = retention.Categorie.CONTENU
        preuve = retention.Categorie.PREUVE
        for model, categorie in (
            (models.EntretienSuivi, contenu),
            (models.Invitation, contenu),
            (models.Suivi, preuve),
            (models.Relance, preuve),
        ):
            retention.register(model=model, categorie=categorie, bilan_path="bilan")
        demo.register_step(demo_suivi)
