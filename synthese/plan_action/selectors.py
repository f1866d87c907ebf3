"""Reads of the action plan (style.md, rule 3; domain.md, Confidentiality: the beneficiary
and the assigned consultant only, never an administrator)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from beneficiaires.models import Bilan
from bilan.comptes.models import User
from bilan.permissions import content_visible_to

from ..models.plan_action import (
    HORIZONS_ORDRE,
    ActionPrevue,
    ContributionPlan,
    Horizon,
    ObjectifSmart,
    PlanAction,
)


def plans_action_visible_to(user: User | AnonymousUser) -> QuerySet[PlanAction]:
    """The plans whose content ``user`` reads (none for administrators and superusers)."""
    return content_visible_to(user, PlanAction.objects.all(), "synthese.view_planaction")


def plan_action_for_user(*, user: User | AnonymousUser, bilan: Bilan) -> PlanAction | None:
    """The bilan's plan with its objectives, actions (each with its objective) and the
    beneficiary's contributions, if ``user`` reads it; ``None`` otherwise."""
    actions = ActionPrevue.objects.select_related("objectif").prefetch_related(
        Prefetch("contributions", queryset=ContributionPlan.objects.order_by("created_at"))
    )
    return (
        plans_action_visible_to(user)
        .filter(bilan=bilan)
        .prefetch_related(
            Prefetch("objectifs", queryset=ObjectifSmart.objects.order_by("echeance", "pk")),
            Prefetch("actions", queryset=actions),
            Prefetch(
                "contributions",
                queryset=ContributionPlan.objects.filter(action__isnull=True),
                to_attr="propositions",
            ),
        )
        .first()
    )


def actions_visible_to(user: User | AnonymousUser) -> QuerySet[ActionPrevue]:
    """Actions of the plans ``user`` reads."""
    return ActionPrevue.objects.filter(plan__in=plans_action_visible_to(user)).select_related(
        "plan__bilan"
    )


def actions_cochables_par(user: User | AnonymousUser) -> QuerySet[ActionPrevue]:
    """Actions the beneficiary ``user`` may tick: their own plans' (someone else's: none)."""
    plans = content_visible_to(user, PlanAction.objects.all(), "synthese.cocher_planaction")
    return ActionPrevue.objects.filter(
        plan__in=plans, plan__bilan__beneficiaire__user_id=getattr(user, "pk", None)
    ).select_related("plan__bilan")


def objectifs_visible_to(user: User | AnonymousUser) -> QuerySet[ObjectifSmart]:
    return ObjectifSmart.objects.filter(plan__in=plans_action_visible_to(user)).select_related(
        "plan__bilan"
    )


def actions_par_horizon(plan: PlanAction | None) -> list[tuple[Horizon, list[ActionPrevue]]]:
    """The plan's actions grouped by horizon, in the seed's order (now, next months,
    longer term), each group by start date."""
    actions = list(plan.actions.all()) if plan is not None else []
    return [(h, [a for a in actions if a.horizon == h]) for h in HORIZONS_ORDRE]


def plan_actions_for_bilan(*, bilan: Bilan) -> list[ActionPrevue]:
    """Every action of the bilan's plan, in horizon then date order, with ``fait`` and
    ``fait_le``: for the follow-up record only (domain.md, point 10: the plan is revisited
    at follow-up). Internal and not scoped to a user: the caller (the follow-up interview's
    own screens) has already checked that its user reads the bilan's content; never call it
    behind a login check alone nor from an administrators' screen."""
    rang = {h.value: i for i, h in enumerate(HORIZONS_ORDRE)}
    actions = ActionPrevue.objects.filter(plan__bilan=bilan).order_by("debut", "fin", "pk")
    return sorted(actions, key=lambda a: rang[a.horizon])


def plan_action_pour_document(*, bilan: Bilan) -> PlanAction | None:
    """The bilan's plan with its objectives and actions, for the synthèse's PDF only: the
    document service has already checked who renders it (domain.md, point 7: delivered to
    the beneficiary alone). Not scoped to a user: never call it from a screen."""
    return (
        PlanAction.objects.filter(bilan=bilan)
        .prefetch_related(
            Prefetch("objectifs", queryset=ObjectifSmart.objects.order_by("echeance", "pk")),
            Prefetch("actions", queryset=ActionPrevue.objects.select_related("objectif")),
        )
        .first()
    )
