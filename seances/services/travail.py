"""Guided personal work: assigned by the consultant, reported by the beneficiary, validated
by the consultant; only validated time counts (seed programme; domain.md, Duration)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan
from bilan.audit.services import audit_record
from bilan.comptes.models import User

from ..errors import SeanceError
from ..models import StatutTravail, TravailPersonnel
from ._commun import bilan_locked_for_consultant, check_24h, check_duree, heures, plan_locked


def travail_assign(
    *,
    bilan: Bilan,
    consultant: User,
    consignes: str,
    echeance: datetime.date,
    minutes_prevues: int,
    ip: str | None = None,
) -> TravailPersonnel:
    """Assign personal work; the expected times together stay within the planned
    personal-work hours of the plan (L6313-4)."""
    consignes = (consignes or "").strip()
    if not consignes:
        raise SeanceError("consignes_required", _("Rédigez les consignes du travail personnel."))
    check_duree(minutes_prevues)
    if echeance < timezone.localdate():
        raise SeanceError("echeance_past", _("L'échéance ne peut pas être déjà passée."))
    with transaction.atomic():
        locked = bilan_locked_for_consultant(bilan=bilan, consultant=consultant)
        plan = plan_locked(bilan=locked)
        assigne = (
            TravailPersonnel.objects.filter(bilan=locked).aggregate(t=Sum("minutes_prevues"))["t"]
            or 0
        )
        if assigne + minutes_prevues > plan.minutes_travail_prevues:
            raise SeanceError(
                "travail_over_plan",
                _("Le travail personnel assigné dépasserait les %(h)s prévues au plan.")
                % {"h": heures(plan.minutes_travail_prevues)},
            )
        travail = TravailPersonnel.objects.create(
            bilan=locked, consignes=consignes, echeance=echeance, minutes_prevues=minutes_prevues
        )
        audit_record(event="travail.assigned", actor=consultant, target=travail, ip=ip)
    return travail


def travail_report(
    *,
    travail: TravailPersonnel,
    beneficiaire_user: User,
    compte_rendu: str,
    minutes: int,
    ip: str | None = None,
) -> TravailPersonnel:
    """The beneficiary records what they did and the time spent (until validated)."""
    compte_rendu = (compte_rendu or "").strip()
    if not compte_rendu:
        raise SeanceError("compte_rendu_required", _("Décrivez ce que vous avez fait."))
    check_duree(minutes)
    with transaction.atomic():
        locked = (
            TravailPersonnel.objects.select_for_update(of=("self",))
            .select_related("bilan__beneficiaire")
            .get(pk=travail.pk)
        )
        if locked.bilan.beneficiaire.user_id != beneficiaire_user.pk:
            raise SeanceError("not_owner", _("Ce travail personnel n'est pas le vôtre."))
        if locked.statut == StatutTravail.VALIDE:
            raise SeanceError("travail_validated", _("Ce travail a déjà été validé."))
        locked.compte_rendu, locked.minutes_declarees = compte_rendu, minutes
        locked.statut, locked.rendu_at = StatutTravail.RENDU, timezone.now()
        locked.save(update_fields=["compte_rendu", "minutes_declarees", "statut", "rendu_at"])
        audit_record(event="travail.reported", actor=beneficiaire_user, target=locked, ip=ip)
    return locked


def travail_validate(
    *,
    travail: TravailPersonnel,
    consultant: User,
    minutes_validees: int | None = None,
    ip: str | None = None,
) -> TravailPersonnel:
    """Validate reported work: its time (the declared one unless corrected downwards) joins
    the done personal-work hours, within 24 h in all (L6313-4).

    The validated time never exceeds the time assigned (``minutes_prevues``): the plan's
    personal-work hours are the sum of the assignments, so more would overrun it
    (domain.md, Duration).
    """
    with transaction.atomic():
        bilan = bilan_locked_for_consultant(bilan=travail.bilan, consultant=consultant)
        plan = plan_locked(bilan=bilan)
        locked = TravailPersonnel.objects.select_for_update().get(pk=travail.pk)
        if locked.statut != StatutTravail.RENDU:
            raise SeanceError(
                "travail_not_reported", _("Seul un travail rendu et non validé se valide.")
            )
        minutes = locked.minutes_declarees if minutes_validees is None else minutes_validees
        if not isinstance(minutes, int) or minutes < 0 or minutes > locked.minutes_declarees:
            raise SeanceError(
                "minutes_invalid",
                _("Le temps validé doit être compris entre 0 et le temps déclaré."),
            )
        if minutes > locked.minutes_prevues:
            raise SeanceError(
                "minutes_over_assigned",
                _(
                    "Le temps validé ne peut pas dépasser le temps prévu pour ce travail "
                    "(%(h)s) : corrigez-le à la baisse."
                )
                % {"h": heures(locked.minutes_prevues)},
            )
        done = plan.minutes_travail_realisees + minutes
        check_24h(accompagnement=plan.minutes_accompagnement_realisees, travail=done)
        locked.statut, locked.minutes_validees = StatutTravail.VALIDE, minutes
        locked.valide_at = timezone.now()
        locked.save(update_fields=["statut", "minutes_validees", "valide_at"])
        plan.minutes_travail_realisees = done
        plan.save(update_fields=["minutes_travail_realisees"])
        audit_record(event="travail.validated", actor=consultant, target=locked, ip=ip)
    return locked
