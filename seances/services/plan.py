"""The plan: templates (administrators), a bilan's plan and its adaptation (domain.md, The
life of a bilan, 3-4; seed programme)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan
from bilan.audit.services import audit_record
from bilan.comptes.models import User

from ..errors import SeanceError
from ..models import (
    Phase,
    Plan,
    PlanModele,
    PlanModeleSeance,
    Seance,
    StatutSeance,
    TravailPersonnel,
)
from ._commun import (
    bilan_locked_for_consultant,
    check_24h,
    check_duree,
    minutes_planifiees,
    plan_locked,
)


@dataclass(frozen=True)
class SeancePrevue:
    """One row of a template: phase, title, planned duration."""

    phase: str
    intitule: str
    duree_minutes: int


def plan_modele_save(
    *,
    nom: str,
    minutes_travail_personnel: int,
    seances: Sequence[SeancePrevue],
    par_defaut: bool,
    by: User,
    modele: PlanModele | None = None,
    ip: str | None = None,
) -> PlanModele:
    """Create or replace a plan template (administrators only; L6313-4: 24 h at most; each
    of the three phases present, R6313-4)."""
    if not by.is_administrateur:
        raise SeanceError("admin_only", _("Seul un administrateur modifie les modèles de plan."))
    nom = nom.strip()
    if not nom:
        raise SeanceError("nom_required", _("Donnez un nom au modèle."))
    _check_lignes(seances)
    if minutes_travail_personnel < 0:
        raise SeanceError("duree_invalid", _("Le temps de travail personnel ne peut être négatif."))
    check_24h(
        accompagnement=sum(s.duree_minutes for s in seances), travail=minutes_travail_personnel
    )
    with transaction.atomic():
        if PlanModele.objects.filter(nom=nom).exclude(pk=getattr(modele, "pk", None)).exists():
            raise SeanceError("nom_taken", _("Un modèle porte déjà ce nom."))
        if par_defaut:
            PlanModele.objects.filter(par_defaut=True).exclude(
                pk=getattr(modele, "pk", None)
            ).update(par_defaut=False)
        modele = modele or PlanModele()
        modele.nom, modele.par_defaut = nom, par_defaut
        modele.minutes_travail_personnel = minutes_travail_personnel
        modele.updated_at = timezone.now()
        modele.save()
        modele.seances.all().delete()
        PlanModeleSeance.objects.bulk_create(
            PlanModeleSeance(
                modele=modele,
                numero=i,
                phase=s.phase,
                intitule=s.intitule.strip(),
                duree_minutes=s.duree_minutes,
            )
            for i, s in enumerate(seances, start=1)
        )
        audit_record(event="plan_modele.saved", actor=by, target=modele, ip=ip)
    return modele


def _check_lignes(seances: Sequence[SeancePrevue]) -> None:
    for s in seances:
        if s.phase not in Phase.values:
            raise SeanceError("phase_invalid", _("Cette phase n'existe pas."))
        if not s.intitule.strip():
            raise SeanceError("intitule_required", _("Chaque séance a besoin d'un intitulé."))
        check_duree(s.duree_minutes)
    if {s.phase for s in seances} != set(Phase.values):
        raise SeanceError(
            "phases_incomplete",
            _("Le modèle doit prévoir au moins une séance de chacune des trois phases."),
        )


def plan_create(
    *, bilan: Bilan, consultant: User, modele: PlanModele | None = None, ip: str | None = None
) -> Plan:
    """Start the bilan's plan from a template (the default one unless told): its sessions to
    be scheduled and its personal-work hours (seed programme; L6313-4)."""
    with transaction.atomic():
        locked = bilan_locked_for_consultant(bilan=bilan, consultant=consultant)
        if Plan.objects.filter(bilan=locked).exists():
            raise SeanceError("plan_exists", _("Ce bilan a déjà un plan."))
        modele = modele or PlanModele.objects.filter(par_defaut=True).first()
        if modele is None:
            raise SeanceError("modele_missing", _("Aucun modèle de plan par défaut n'existe."))
        lignes = list(modele.seances.all())
        accompagnement = sum(ligne.duree_minutes for ligne in lignes)
        check_24h(accompagnement=accompagnement, travail=modele.minutes_travail_personnel)
        plan = Plan.objects.create(
            bilan=locked,
            minutes_accompagnement_prevues=accompagnement,
            minutes_travail_prevues=modele.minutes_travail_personnel,
        )
        Seance.objects.bulk_create(
            Seance(
                bilan=locked,
                numero=ligne.numero,
                phase=ligne.phase,
                intitule=ligne.intitule,
                duree_minutes=ligne.duree_minutes,
            )
            for ligne in lignes
        )
        audit_record(event="plan.created", actor=consultant, target=plan, ip=ip)
    return plan


def seance_add(
    *,
    bilan: Bilan,
    consultant: User,
    phase: str,
    intitule: str,
    duree_minutes: int,
    ip: str | None = None,
) -> Seance:
    """Add a session to the plan, to be scheduled (L6313-4: refused past 24 h in all)."""
    _check_lignes_une(phase=phase, intitule=intitule, duree_minutes=duree_minutes)
    with transaction.atomic():
        locked = bilan_locked_for_consultant(bilan=bilan, consultant=consultant)
        plan = plan_locked(bilan=locked)
        accompagnement = minutes_planifiees(bilan=locked) + duree_minutes
        check_24h(accompagnement=accompagnement, travail=plan.minutes_travail_prevues)
        numero = (Seance.objects.filter(bilan=locked).aggregate(n=Max("numero"))["n"] or 0) + 1
        seance = Seance.objects.create(
            bilan=locked,
            numero=numero,
            phase=phase,
            intitule=intitule.strip(),
            duree_minutes=duree_minutes,
        )
        plan_accompagnement_save(plan=plan, minutes=accompagnement)
        audit_record(event="seance.added", actor=consultant, target=seance, ip=ip)
    return seance


def seance_update(
    *,
    seance: Seance,
    consultant: User,
    phase: str,
    intitule: str,
    duree_minutes: int,
    ip: str | None = None,
) -> Seance:
    """Change a session still to be scheduled (a scheduled one is rescheduled instead; a
    signed one never changes: domain.md, Attendance)."""
    _check_lignes_une(phase=phase, intitule=intitule, duree_minutes=duree_minutes)
    with transaction.atomic():
        locked_bilan = bilan_locked_for_consultant(bilan=seance.bilan, consultant=consultant)
        plan = plan_locked(bilan=locked_bilan)
        locked = Seance.objects.select_for_update().get(pk=seance.pk)
        check_not_signed(locked)
        if locked.statut != StatutSeance.A_PLANIFIER:
            raise SeanceError(
                "seance_scheduled",
                _("Une séance planifiée se reporte ou s'annule ; elle ne se modifie pas ici."),
            )
        accompagnement = minutes_planifiees(bilan=locked_bilan, sauf=locked) + duree_minutes
        check_24h(accompagnement=accompagnement, travail=plan.minutes_travail_prevues)
        locked.phase, locked.intitule, locked.duree_minutes = phase, intitule.strip(), duree_minutes
        locked.save(update_fields=["phase", "intitule", "duree_minutes"])
        plan_accompagnement_save(plan=plan, minutes=accompagnement)
        audit_record(event="seance.updated", actor=consultant, target=locked, ip=ip)
    return locked


def seance_remove(*, seance: Seance, consultant: User, ip: str | None = None) -> None:
    """Take a session still to be scheduled out of the plan."""
    with transaction.atomic():
        locked_bilan = bilan_locked_for_consultant(bilan=seance.bilan, consultant=consultant)
        plan = plan_locked(bilan=locked_bilan)
        locked = Seance.objects.select_for_update().get(pk=seance.pk)
        if locked.statut != StatutSeance.A_PLANIFIER:
            raise SeanceError(
                "seance_scheduled",
                _("Une séance planifiée ne se retire pas du plan : annulez-la avec un motif."),
            )
        audit_record(event="seance.removed", actor=consultant, target=locked, ip=ip)
        locked.delete()
        plan_accompagnement_save(plan=plan, minutes=minutes_planifiees(bilan=locked_bilan))


def plan_travail_set(
    *, bilan: Bilan, consultant: User, minutes: int, ip: str | None = None
) -> Plan:
    """Set the planned guided personal work (L6313-4: 24 h in all; never below the time
    already assigned)."""
    if not isinstance(minutes, int) or minutes < 0:
        raise SeanceError("duree_invalid", _("Le temps de travail personnel ne peut être négatif."))
    with transaction.atomic():
        locked = bilan_locked_for_consultant(bilan=bilan, consultant=consultant)
        plan = plan_locked(bilan=locked)
        check_24h(accompagnement=plan.minutes_accompagnement_prevues, travail=minutes)
        assigne = (
            TravailPersonnel.objects.filter(bilan=locked).aggregate(t=Sum("minutes_prevues"))["t"]
            or 0
        )
        if minutes < assigne:
            raise SeanceError(
                "travail_below_assigned",
                _("Le travail personnel déjà assigné dépasse ce temps."),
            )
        plan.minutes_travail_prevues = minutes
        plan.save(update_fields=["minutes_travail_prevues"])
        audit_record(event="plan.travail_set", actor=consultant, target=plan, ip=ip)
    return plan


def plan_accompagnement_save(*, plan: Plan, minutes: int) -> None:
    """Write the planned accompaniment total (the caller holds the plan's lock)."""
    plan.minutes_accompagnement_prevues = minutes
    plan.save(update_fields=["minutes_accompagnement_prevues"])


def check_not_signed(seance: Seance) -> None:
    """domain.md, Attendance: once signed, a session's data never changes."""
    if seance.emargements.exists():
        raise SeanceError(
            "seance_signed",
            _("Cette séance a déjà été émargée : elle ne peut plus être modifiée."),
        )


def _check_lignes_une(*, phase: str, intitule: str, duree_minutes: int) -> None:
    if phase not in Phase.values:
        raise SeanceError("phase_invalid", _("Cette phase n'existe pas."))
    if not intitule.strip():
        raise SeanceError("intitule_required", _("Chaque séance a besoin d'un intitulé."))
    check_duree(duree_minutes)
