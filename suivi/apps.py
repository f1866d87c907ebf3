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
        exception = retention.Categorie.EXCEPTION_SUIVI
        for model, categorie in (
            # R6313-7 (b): kept under the written agreement, until its end (3 years at most).
            (models.EntretienSuivi, exception),
            (models.Invitation, contenu),
            (models.Suivi, preuve),
            (models.Relance, preuve),
        ):
            retention.register(model=model, categorie=categorie, bilan_path="bilan")
        # The engine reads the agreement's end from here (it never imports an app).
        retention.register_prolongation(_accord_conservation_fin)
        demo.register_step(demo_suivi)


def _accord_conservation_fin(bilan):  # noqa: ANN001, ANN202  (the engine's hook signature)
    from .selectors import accord_conservation_fin

    return accord_conservation_fin(bilan=bilan)
