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
        preuve = retention.Categorie.PREUVE
        exception = retention.Categorie.EXCEPTION_SUIVI
        # The follow-up interview happens after the end of the bilan: its record lives while
        # the follow-up runs (the bilan in « terminé » or « suivi »), then, once the bilan is
        # closed, goes at the next purge — or at the end of the written agreement (R6313-7 b,
        # 3 years at most after the end of the bilan).
        from django.db.models import Q

        retention.register(
            model=models.EntretienSuivi,
            categorie=exception,
            bilan_path="bilan",
            filtre=Q(bilan__etat__in=("clos", "abandonne", "refuse")),
        )
        for model, categorie in (
            # Who was asked and whether they answered (a hash and dates, no answer): proof
            # of the survey, and the only "already answered" mark — never purged with the
            # content, or a link mailed at 5 months would die the next night.
            (models.Invitation, preuve),
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
