"""What the action plan declares to the rest of the platform, from ``SyntheseConfig.ready``."""

from __future__ import annotations


def plan_action_ready() -> None:
    from beneficiaires.services import register_consultant_change
    from bilan import retention
    from bilan.demo import register_step

    from ..models import plan_action as models
    from .demo import demo_plan_action
    from .services import plan_action_consultant_change

    # domain.md, Confidentiality: "a change of consultant moves the access".
    register_consultant_change(plan_action_consultant_change)
    # R6313-7: the plan is bilan content, destroyed when the action ends.
    contenu = retention.Categorie.CONTENU
    for model, path in (
        (models.PlanAction, "bilan"),
        (models.ObjectifSmart, "plan__bilan"),
        (models.ActionPrevue, "plan__bilan"),
        (models.ContributionPlan, "plan__bilan"),
    ):
        retention.register(model=model, categorie=contenu, bilan_path=path)
    register_step(demo_plan_action)
