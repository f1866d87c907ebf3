"""Reads of the questionnaires app, scoped to the user (style.md, rule 3; domain.md,
Confidentiality: content for the beneficiary and the assigned consultant only, nothing for
administrators and superusers; the definitions are the administrators' own)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, QuerySet

from bilan.comptes.models import User
from bilan.permissions import content_visible_to

from .grille import ECHELLE_360_MAX, QUALITES, TEXTES
from .models import Dimension, Enquete360, Invitation360, Passation, Questionnaire, Restitution


def questionnaires_definitions() -> QuerySet[Questionnaire]:
    """The definitions with their counts (administrators' list; metadata, no answers)."""
    return Questionnaire.objects.annotate(
        nb_dimensions=Count("dimensions", distinct=True),
        nb_items=Count("dimensions__items", distinct=True),
    ).order_by("nom")


def questionnaire_avec_items(*, pk: int) -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(pk=pk).prefetch_related(
        Prefetch("dimensions", queryset=Dimension.objects.prefetch_related("items"))
    )


def questionnaires_proposes() -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(actif=True).order_by("theme", "nom")


def passations_visible_to(user: User | AnonymousUser) -> QuerySet[Passation]:
    """Assigned questionnaires, for the bilan's beneficiary and assigned consultant."""
    rows = Passation.objects.select_related("questionnaire", "bilan")
    rows = content_visible_to(user, rows, "questionnaires.view_passation")
    return _scoped(user, rows)


def enquetes_visible_to(user: User | AnonymousUser) -> QuerySet[Enquete360]:
    rows = Enquete360.objects.select_related("bilan")
    return _scoped(user, content_visible_to(user, rows, "questionnaires.view_enquete360"))


def restitutions_visible_to(user: User | AnonymousUser) -> QuerySet[Restitution]:
    """The consultant reads them all; the beneficiary once handed over (services.remise)."""
    rows = Restitution.objects.select_related("bilan")
    rows = _scoped(user, content_visible_to(user, rows, "questionnaires.view_restitution"))
    if getattr(user, "is_beneficiaire", False):
        rows = rows.filter(remis_le__isnull=False)
    return rows


def _scoped(user: User | AnonymousUser, rows: QuerySet) -> QuerySet:
    """Belt and braces over the object permission: the consultant of the bilan now, or its
    beneficiary (a stale grant never opens a bilan that moved on)."""
    if getattr(user, "is_consultant", False):
        return rows.filter(bilan__consultant=user)
    if getattr(user, "is_beneficiaire", False):
        return rows.filter(bilan__beneficiaire__user=user)
    return rows.none()


def invitations_of(*, enquete: Enquete360) -> list[Invitation360]:
    return list(Invitation360.objects.filter(enquete=enquete).order_by("created_at", "pk"))


@dataclass(frozen=True)
class Qualite360:
    libelle: str
    moyenne: float
    repartition: tuple[int, ...]  # how many answered 1, 2, 3, 4


@dataclass(frozen=True)
class Repondant360:
    nom: str
    notes: dict[str, int]
    textes: dict[str, str]


@dataclass
class Resultats360:
    """What both the beneficiary and the consultant read of the survey: the same view.

    Anonymous: the aggregate and the free texts per question, unattributed and shuffled.
    Named: the aggregate, then each person's answers under their name (or e-mail).
    """

    anonyme: bool
    nombre: int
    qualites: list[Qualite360]
    textes: list[tuple[str, list[str]]]
    repondants: list[Repondant360] = field(default_factory=list)


def enquete_resultats(*, enquete: Enquete360) -> Resultats360:
    reponses = list(enquete.reponses.select_related("invitation").order_by("pk"))
    notes = [json.loads(r.notes) for r in reponses]
    textes = [json.loads(r.textes) if r.textes else {} for r in reponses]
    qualites = []
    for code, libelle in QUALITES:
        valeurs = [n[code] for n in notes if code in n]
        qualites.append(
            Qualite360(
                libelle=str(libelle),
                moyenne=round(sum(valeurs) / len(valeurs), 2) if valeurs else 0.0,
                repartition=tuple(valeurs.count(v) for v in range(1, ECHELLE_360_MAX + 1)),
            )
        )
    par_question = []
    for code, question in TEXTES:
        ecrits = [t[code] for t in textes if t.get(code)]
        if enquete.anonyme:
            random.SystemRandom().shuffle(ecrits)
        par_question.append((str(question), ecrits))
    repondants = []
    if not enquete.anonyme:
        for reponse, n, t in zip(reponses, notes, textes, strict=True):
            invitation = reponse.invitation
            nom = (invitation.nom or invitation.email) if invitation else ""
            repondants.append(Repondant360(nom=nom, notes=n, textes=t))
    return Resultats360(
        anonyme=enquete.anonyme,
        nombre=len(reponses),
        qualites=qualites,
        textes=par_question,
        repondants=repondants,
    )
