"""``{% plan_action_pdf bilan %}``: the action plan inside the synthèse's PDF (domain.md,
point 7: the synthèse's detailed steps; point 8: the plan lives with the synthèse)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from beneficiaires.models import Bilan

from ..plan_action.gantt import gantt_build
from ..plan_action.selectors import actions_par_horizon, plan_action_pour_document

register = template.Library()


@register.inclusion_tag("synthese/pdf/_plan_action_contenu.html")
def plan_action_pdf(bilan: Bilan) -> dict[str, Any]:
    """The plan's objectives, actions by horizon and timeline, for weasyprint."""
    plan = plan_action_pour_document(bilan=bilan)
    groupes = actions_par_horizon(plan)
    actions = [a for _h, liste in groupes for a in liste]
    return {
        "bilan": bilan,
        "plan": plan,
        "groupes": groupes,
        "gantt": gantt_build(actions=actions, aujourdhui=timezone.localdate()),
        "pdf": True,
    }
