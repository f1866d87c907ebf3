"""Reads of the sessions app, scoped to the user (style.md, rule 3; domain.md,
Confidentiality: content for the beneficiary and the assigned consultant only)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan
from bilan.comptes.models import User
from bilan.permissions import content_visible_to

from .models import (
    PHASES_ORDRE,
    Emargement,
    NoteSeance,
    Plan,
    RoleSignataire,
    Seance,
    StatutSeance,
    TravailPersonnel,
)
from .services.emargement import demi_journees, seances_tenues


def _bilans_visible_to(user: User | AnonymousUser) -> QuerySet[Bilan]:
    return content_visible_to(user, Bilan.objects.all(), "beneficiaires.view_bilan")


def seances_visible_to(user: User | AnonymousUser) -> QuerySet[Seance]:
    """Sessions of the bilans whose content ``user`` reads (none for administrators)."""
    return Seance.objects.filter(bilan__in=_bilans_visible_to(user)).select_related(
        "bilan", "consultant"
    )


def seances_metadonnees(user: User) -> QuerySet[Seance]:
    """Administrators' view: sessions' metadata (dates, hours, status), never notes."""
    if not (user.is_authenticated and user.is_active and user.is_administrateur):
        return Seance.objects.none()
    return Seance.objects.select_related("bilan", "consultant").only(
        "pk",
        "bilan__reference",
        "numero",
        "phase",
        "statut",
        "date",
        "debut",
        "fin",
        "duree_minutes",
        "modalite",
        "consultant__first_name",
        "consultant__last_name",
    )


def notes_visible_to(user: User | AnonymousUser) -> QuerySet[NoteSeance]:
    """The assigned consultant reads the notes; the beneficiary only the shared ones."""
    notes = NoteSeance.objects.filter(seance__bilan__in=_bilans_visible_to(user))
    if getattr(user, "is_consultant", False):
        return notes.filter(seance__bilan__consultant=user)
    if getattr(user, "is_beneficiaire", False):
        return notes.filter(partagee=True, seance__bilan__beneficiaire__user=user)
    return notes.none()


def travaux_visible_to(user: User | AnonymousUser) -> QuerySet[TravailPersonnel]:
    """Personal work, for the beneficiary and the assigned consultant only."""
    return TravailPersonnel.objects.filter(bilan__in=_bilans_visible_to(user))


def agenda_consultant(
    *, consultant: User, du: datetime.date, au: datetime.date
) -> QuerySet[Seance]:
    """The consultant's scheduled sessions from ``du`` to ``au`` included (week, month), of
    the bilans still theirs (domain.md, Confidentiality: a change of consultant moves the
    access)."""
    return (
        Seance.objects.filter(
            consultant=consultant,
            bilan__consultant=consultant,
            statut=StatutSeance.PLANIFIEE,
            date__gte=du,
            date__lte=au,
        )
        .select_related("bilan__beneficiaire__user")
        .order_by("date", "debut")
    )


@dataclass(frozen=True)
class PhaseProgression:
    phase: str
    minutes_prevues: int
    minutes_realisees: int


@dataclass(frozen=True)
class Progression:
    """Hours planned and done (done = signed by both; validated personal work)."""

    minutes_accompagnement_prevues: int
    minutes_accompagnement_realisees: int
    minutes_travail_prevues: int
    minutes_travail_realisees: int
    phases: tuple[PhaseProgression, ...]

    @property
    def minutes_prevues(self) -> int:
        return self.minutes_accompagnement_prevues + self.minutes_travail_prevues

    @property
    def minutes_realisees(self) -> int:
        return self.minutes_accompagnement_realisees + self.minutes_travail_realisees

    @property
    def taux(self) -> float:
        """Completion rate of the accompaniment, from signed attendance only (0 to 1)."""
        if not self.minutes_accompagnement_prevues:
            return 0.0
        return self.minutes_accompagnement_realisees / self.minutes_accompagnement_prevues


def bilan_progression(*, bilan: Bilan) -> Progression:
    """The plan's progress (domain.md, Attendance: done counts only signed sessions);
    metadata only, fit for the administrators' screens too."""
    plan = Plan.objects.filter(bilan=bilan).first()
    prevues = Seance.objects.filter(
        bilan=bilan, statut__in=[StatutSeance.PLANIFIEE, StatutSeance.A_PLANIFIER]
    )
    tenues = list(seances_tenues(bilan.pk).values_list("phase", "duree_minutes"))
    par_phase_prevu: dict[str, int] = dict.fromkeys(PHASES_ORDRE, 0)
    for phase, duree in prevues.values_list("phase", "duree_minutes"):
        par_phase_prevu[phase] += duree
    par_phase_fait: dict[str, int] = dict.fromkeys(PHASES_ORDRE, 0)
    for phase, duree in tenues:
        par_phase_fait[phase] += duree
    travail_fait = (
        TravailPersonnel.objects.filter(bilan=bilan).aggregate(t=Sum("minutes_validees"))["t"] or 0
    )
    return Progression(
        minutes_accompagnement_prevues=sum(par_phase_prevu.values()),
        minutes_accompagnement_realisees=sum(par_phase_fait.values()),
        minutes_travail_prevues=plan.minutes_travail_prevues if plan else 0,
        minutes_travail_realisees=travail_fait,
        phases=tuple(
            PhaseProgression(p, par_phase_prevu[p], par_phase_fait[p]) for p in PHASES_ORDRE
        ),
    )


def seance_etat(seance: Seance, emargements: Iterable[Emargement], *, today: datetime.date) -> str:
    """What a session's status line says (domain.md, Attendance): a scheduled session held
    and signed by both on every half-day it covers is « tenue », one partly signed says who
    is missing, one whose day went by unsigned can no longer be signed."""
    if seance.statut != StatutSeance.PLANIFIEE:
        return str(seance.get_statut_display())
    attendues = {(d, r) for d in demi_journees(seance) for r in RoleSignataire.values}
    signees = {(e.demi_journee, e.role) for e in emargements} & attendues
    if signees == attendues:
        return _("Tenue, émargée par les deux parties")
    if signees:
        roles = {r for _d, r in attendues - signees}
        if roles == {RoleSignataire.CONSULTANT}:
            return _("Émargée par le bénéficiaire, en attente du consultant")
        if roles == {RoleSignataire.BENEFICIAIRE}:
            return _("Émargée par le consultant, en attente du bénéficiaire")
        return _("Émargement incomplet (%(n)s signatures sur %(total)s)") % {
            "n": len(signees),
            "total": len(attendues),
        }
    if seance.date is not None and seance.date < today:
        return _("Passée, non émargée")
    return str(seance.get_statut_display())


def seance_a_signer_par(seance: Seance, emargements: Iterable[Emargement], user: User) -> bool:
    """Whether ``user`` still has a half-day of this session to sign: the signing page is
    offered only then (a signature is made once, domain.md, Attendance)."""
    if seance.statut != StatutSeance.PLANIFIEE or seance.debut is None:
        return False
    faites = {e.demi_journee for e in emargements if e.signataire_id == user.pk}
    return not set(demi_journees(seance)) <= faites
