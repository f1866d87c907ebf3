from collections.abc import Callable
from typing import Any

from django.apps import AppConfig


class SeancesConfig(AppConfig):
    name = "seances"
    verbose_name = "Séances"

    def ready(self) -> None:
        from beneficiaires.demo import register_preparation
        from beneficiaires.models import Etat
        from beneficiaires.selectors import register_administration_annotation
        from beneficiaires.services import (
            register_consultant_change,
            register_transition_condition,
        )
        from bilan import retention
        from bilan.demo import register_step

        from . import models
        from .demo import demo_seances_en_cours, demo_seances_tenues
        from .services.agenda import seances_consultant_change
        from .services.cloture import seances_cloture_condition, seances_conclusion_condition

        # domain.md, The life of a bilan, 6: closing needs each phase held and signed.
        register_transition_condition(Etat.TERMINE, seances_cloture_condition)
        # domain.md, The life of a bilan, 3: the conclusion follows the two earlier phases.
        register_transition_condition(Etat.CONCLUSION, seances_conclusion_condition)
        # The administrators' bilan list shows hours done and planned (metadata only).
        register_administration_annotation(
            name="minutes_realisees", expression=_minutes("realisees")
        )
        register_administration_annotation(name="minutes_prevues", expression=_minutes("prevues"))
        register_preparation(Etat.CONCLUSION, demo_seances_tenues)
        register_step(demo_seances_en_cours)
        # domain.md, Confidentiality: "a change of consultant moves the access".
        register_consultant_change(seances_consultant_change)
        # What the retention engine destroys or keeps (domain.md, Confidentiality and data).
        contenu = retention.Categorie.CONTENU
        preuve = retention.Categorie.PREUVE
        for model, categorie, path in (
            (models.NoteSeance, contenu, "seance__bilan"),
            (models.TravailPersonnel, contenu, "bilan"),
            (models.SeanceEvenement, contenu, "seance__bilan"),
            (models.Plan, preuve, "bilan"),
            (models.Seance, preuve, "bilan"),
            (models.Emargement, preuve, "seance__bilan"),
        ):
            retention.register(model=model, categorie=categorie, bilan_path=path)
        # The beneficiary's data export (RGPD art. 15, 20): what they read in the portal.
        from django.db.models import Q

        retention.register_export(model=models.NoteSeance, filtre=Q(partagee=True))
        retention.register_export(
            model=models.Emargement, champs_exclus={"ip", "user_agent", "empreinte"}
        )


def _minutes(quoi: str) -> Callable[[], Any]:
    """Accompaniment plus personal-work minutes of the bilan's plan (0 without a plan)."""

    def expression() -> Any:
        from django.db.models import F, Value
        from django.db.models.functions import Coalesce

        return Coalesce(
            F(f"plan_seances__minutes_accompagnement_{quoi}")
            + F(f"plan_seances__minutes_travail_{quoi}"),
            Value(0),
        )

    return expression
