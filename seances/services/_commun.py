"""What the sessions services share: locks, checks and the minutes of the plan."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan, Etat
from bilan.comptes.models import User

from ..errors import SeanceError
from ..models import MINUTES_MAX, Plan, Seance, StatutSeance

# The states in which the plan of a bilan may change (domain.md, The life of a bilan, 2-6).
ETATS_ACTIFS = frozenset({Etat.ENGAGEMENT, Etat.EN_COURS, Etat.CONCLUSION})


def bilan_locked_for_consultant(*, bilan: Bilan, consultant: User) -> Bilan:
    """The bilan, locked, if ``consultant`` is its assigned consultant and it is running."""
    locked = Bilan.objects.select_for_update().get(pk=bilan.pk)
    if locked.consultant_id is None or locked.consultant_id != consultant.pk:
        raise SeanceError("not_assigned", _("Vous n'êtes pas le consultant chargé de ce bilan."))
    if locked.etat not in ETATS_ACTIFS:
        raise SeanceError(
            "bilan_not_running",
            _("Le plan de ce bilan ne peut pas changer dans son état actuel."),
        )
    return locked


def plan_locked(*, bilan: Bilan) -> Plan:
    plan = Plan.objects.select_for_update().filter(bilan=bilan).first()
    if plan is None:
        raise SeanceError("plan_missing", _("Ce bilan n'a pas encore de plan."))
    return plan


def minutes_planifiees(*, bilan: Bilan, sauf: Seance | None = None) -> int:
    """Planned accompaniment: every session not cancelled nor missed."""
    rows = Seance.objects.filter(bilan=bilan).exclude(
        statut__in=[StatutSeance.ANNULEE, StatutSeance.ABSENCE]
    )
    if sauf is not None:
        rows = rows.exclude(pk=sauf.pk)
    return rows.aggregate(total=Sum("duree_minutes"))["total"] or 0


def check_24h(*, accompagnement: int, travail: int) -> None:
    """L6313-4 (domain.md, Duration): at most 24 hours, sessions and personal work."""
    if accompagnement + travail > MINUTES_MAX:
        raise SeanceError(
            "plan_over_24h",
            _(
                "Le bilan ne peut pas dépasser 24 heures : %(acc)s d'accompagnement et "
                "%(trav)s de travail personnel feraient %(total)s."
            )
            % {
                "acc": heures(accompagnement),
                "trav": heures(travail),
                "total": heures(accompagnement + travail),
            },
        )


def heures(minutes: int) -> str:
    """``90`` → ``"1 h 30"``; ``120`` → ``"2 h"``."""
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d}" if m else f"{h} h"


def check_duree(minutes: int) -> None:
    if not isinstance(minutes, int) or minutes <= 0 or minutes > MINUTES_MAX:
        raise SeanceError(
            "duree_invalid", _("La durée doit être comprise entre 1 minute et 24 heures.")
        )
