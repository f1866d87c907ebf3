"""Reads of the investigation tools, scoped to the user (style.md, rule 3; domain.md,
Confidentiality: the beneficiary and the assigned consultant only, never an administrator).

What the beneficiary sees before and after the hand-over is written in
:mod:`seances.outils.services.remise`; it is enforced here.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from beneficiaires.models import Bilan
from bilan.comptes.models import User
from bilan.permissions import content_visible_to

from .models import (
    Competence,
    Critere,
    DossierOutils,
    EntreeParcours,
    Exigence,
    Matrice,
    Note,
    Scenario,
)

VIEW = "outils.view_dossieroutils"


def dossiers_visible_to(user: User | AnonymousUser) -> QuerySet[DossierOutils]:
    """The tools of the bilans ``user`` is the beneficiary or the assigned consultant of,
    on which they hold the permission (both must hold)."""
    pk = getattr(user, "pk", None)
    base = DossierOutils.objects.filter(
        Q(bilan__consultant_id=pk) | Q(bilan__beneficiaire__user_id=pk)
    )
    return content_visible_to(user, base, VIEW)


def dossier_du_bilan(*, user: User | AnonymousUser, bilan: Bilan) -> DossierOutils | None:
    return dossiers_visible_to(user).filter(bilan=bilan).first()


def _resultats_visibles(user: User | AnonymousUser) -> QuerySet[DossierOutils]:
    """Where the consultant-side results show: all the consultant's; the beneficiary's once
    handed over."""
    dossiers = dossiers_visible_to(user)
    if getattr(user, "is_beneficiaire", False):
        return dossiers.filter(remis_le__isnull=False)
    return dossiers


def entrees_visible_to(user: User | AnonymousUser) -> QuerySet[EntreeParcours]:
    return EntreeParcours.objects.filter(dossier__in=dossiers_visible_to(user))


def competences_visible_to(user: User | AnonymousUser) -> QuerySet[Competence]:
    """Rows only; show them through :func:`inventaire`, which hides the review."""
    return Competence.objects.filter(dossier__in=dossiers_visible_to(user)).select_related("entree")


def inventaire(*, user: User | AnonymousUser, dossier: DossierOutils) -> list[Competence]:
    """The inventory of ``dossier``; for the beneficiary before the hand-over, the
    consultant's level and comment are blanked (in memory, never saved)."""
    rows = list(competences_visible_to(user).filter(dossier=dossier))
    if getattr(user, "is_beneficiaire", False) and not dossier.remis:
        for c in rows:
            c.niveau_consultant, c.commentaire_consultant, c.revue_le = None, "", None
    return rows


def matrices_visible_to(user: User | AnonymousUser) -> QuerySet[Matrice]:
    exigences = Exigence.objects.select_related("competence")
    return Matrice.objects.filter(dossier__in=_resultats_visibles(user)).prefetch_related(
        Prefetch("exigences", queryset=exigences)
    )


def exigences_visible_to(user: User | AnonymousUser) -> QuerySet[Exigence]:
    return Exigence.objects.filter(matrice__dossier__in=_resultats_visibles(user))


def scenarios_visible_to(user: User | AnonymousUser) -> QuerySet[Scenario]:
    return Scenario.objects.filter(dossier__in=_resultats_visibles(user))


def criteres_visible_to(user: User | AnonymousUser) -> QuerySet[Critere]:
    """The criteria and their weights: the beneficiary chooses the weights, so they see them
    before the hand-over too (not the scenarios, the scores nor the result)."""
    return Critere.objects.filter(dossier__in=dossiers_visible_to(user))


def notes_visible_to(user: User | AnonymousUser) -> QuerySet[Note]:
    return Note.objects.filter(scenario__dossier__in=_resultats_visibles(user))
