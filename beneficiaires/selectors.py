"""Reads on bilans, scoped to the user (style.md, rule 3)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from bilan.comptes.models import User
from bilan.permissions import content_visible_to

from .models import (
    FINANCEMENTS_CONVENTION,
    FINANCEMENTS_TRIPARTITES,
    Beneficiaire,
    Bilan,
    BilanEvenement,
    Consentement,
    ContratAutofinancement,
    Convention,
    EntretienPrealable,
    Etat,
    FinancementCPF,
    LienSignature,
    RoleSignataire,
    SignatureConvention,
    StatutProfessionnel,
)

VIEW_BILAN = "beneficiaires.view_bilan"
# What an administrator may see of a bilan (domain.md, The people): names, dates, statuses.
METADATA_FIELDS = (
    "reference",
    "etat",
    "financement",
    "created_at",
    "etat_changed_at",
    "beneficiaire__user__first_name",
    "beneficiaire__user__last_name",
    "consultant__first_name",
    "consultant__last_name",
)


def bilans_for_consultant(
    *, user: User | AnonymousUser, etat: str = "", financement: str = "", search: str = ""
) -> QuerySet[Bilan]:
    """The bilans assigned to ``user`` whose content they may read (domain.md, The people).

    Both must hold: the object permission and the assignment. Nothing for an administrator
    or a superuser, whatever their flags.
    """
    base = Bilan.objects.filter(consultant_id=getattr(user, "pk", None))
    rows = content_visible_to(user, base, VIEW_BILAN).select_related("beneficiaire__user")
    return _filtered(rows, etat=etat, financement=financement, search=search).order_by(
        "-created_at", "-pk"
    )


def bilans_tableau_for_consultant(
    *, user: User | AnonymousUser, etat: str = "", financement: str = "", search: str = ""
) -> QuerySet[Bilan]:
    """The consultant's dashboard rows: :func:`bilans_for_consultant` with the progress marks
    of :func:`bilans_with_progress`, so the next step needs no query per row."""
    return bilans_with_progress(
        bilans_for_consultant(user=user, etat=etat, financement=financement, search=search)
    )


@dataclass(frozen=True, slots=True)
class LigneTableau:
    """One row of the consultant's dashboard: the metadata it shows and the progress marks
    its next step reads (:func:`beneficiaires.etapes.prochaine_etape`), as plain values
    rather than three model instances (bilan, beneficiary, user) per row."""

    pk: int
    reference: str
    etat: str
    financement: str
    etat_changed_at: datetime.datetime
    first_name: str
    last_name: str
    a_entretien: bool
    consentement_decision: str | None
    a_financement_cpf: bool
    autofinancement_signe_le: datetime.date | None
    convention_signatures: int | None
    # The marks later apps register (:func:`register_progress_annotation`), by name.
    marques: dict[str, Any] = field(default_factory=dict)

    @property
    def nom(self) -> str:
        """The beneficiary's full name, as ``User.get_full_name`` writes it."""
        return f"{self.first_name} {self.last_name}".strip()


def bilans_tableau_page(*, ids: QuerySet[Bilan]) -> list[LigneTableau]:
    """The rows of one dashboard page from ``ids``, the page's slice of a scoped selector's
    ``values("pk")`` (e.g. :func:`bilans_for_consultant`): one query whose inner part sorts
    and cuts narrow rows, so joins and progress marks are computed for 50 rows, not for every
    bilan of the consultant.

    The progress marks stay the correlated subqueries of :func:`bilans_with_progress`: LEFT
    JOINs on the four one-to-one relations return the same rows but cost PostgreSQL more to
    plan (nine tables to order) than the subqueries cost to run for 50 rows.
    """
    rows = (
        bilans_with_progress(Bilan.objects.filter(pk__in=ids))
        .order_by("-created_at", "-pk")
        .values_list(
            "pk",
            "reference",
            "etat",
            "financement",
            "etat_changed_at",
            "beneficiaire__user__first_name",
            "beneficiaire__user__last_name",
            "a_entretien",
            "consentement_decision",
            "a_financement_cpf",
            "autofinancement_signe_le",
            "convention_signatures",
            *_ANNOTATIONS_AVANCEMENT,
        )
    )
    # values_list gives the fields in LigneTableau's order (the dataclass declares them so),
    # then the registered marks in their registration order.
    n = len(fields(LigneTableau)) - 1
    return [
        LigneTableau(*row[:n], marques=dict(zip(_ANNOTATIONS_AVANCEMENT, row[n:], strict=True)))
        for row in rows
    ]


# Progress marks that later apps add (e.g. the synthèse delivered), as ``name -> expression
# factory`` of a metadata value; beneficiaires never imports them (style.md, The house).
_ANNOTATIONS_AVANCEMENT: dict[str, Callable[[], Any]] = {}


def register_progress_annotation(*, name: str, expression: Callable[[], Any]) -> None:
    """Let a later app add a progress mark that the next step reads
    (:func:`beneficiaires.etapes.marque`); the expression must not read content."""
    _ANNOTATIONS_AVANCEMENT[name] = expression


def bilans_with_progress(rows: QuerySet[Bilan]) -> QuerySet[Bilan]:
    """Annotate bilans already scoped to the user with what the next step depends on.

    ``a_entretien`` (the entretien préalable is recorded), ``consentement_decision`` (None,
    "donne" or "refuse"), ``a_financement_cpf``, ``autofinancement_signe_le`` and
    ``convention_signatures`` (how many of the three parties signed): metadata only, never a
    text of the entretien (domain.md, Confidentiality).
    """
    bilan = OuterRef("pk")
    signatures = (
        SignatureConvention.objects.filter(convention__bilan=bilan)
        .order_by()
        .values("convention__bilan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return rows.annotate(
        **{name: make() for name, make in _ANNOTATIONS_AVANCEMENT.items()},
        convention_signatures=Subquery(signatures[:1]),
        a_entretien=Exists(EntretienPrealable.objects.filter(bilan=bilan)),
        consentement_decision=Subquery(
            Consentement.objects.filter(bilan=bilan).values("decision")[:1]
        ),
        a_financement_cpf=Exists(FinancementCPF.objects.filter(bilan=bilan)),
        autofinancement_signe_le=Subquery(
            ContratAutofinancement.objects.filter(bilan=bilan).values("signe_le")[:1]
        ),
    )


# Metadata that later apps add to the administrators' list (e.g. the sessions' hours), as
# ``name -> expression factory``: beneficiaires never imports them (style.md, The house).
_ANNOTATIONS_ADMINISTRATION: dict[str, Callable[[], Any]] = {}


def register_administration_annotation(*, name: str, expression: Callable[[], Any]) -> None:
    """Let a later app annotate the administrators' bilan list with metadata (hours...)."""
    _ANNOTATIONS_ADMINISTRATION[name] = expression


def bilans_for_administration(
    *, user: User | AnonymousUser, etat: str = "", financement: str = "", search: str = ""
) -> QuerySet[Bilan]:
    """Every bilan, metadata only, for an administrator (domain.md, The people).

    Names, consultant, state, funding and dates; never content. Nothing for anyone else.
    """
    if not (user.is_authenticated and user.is_active and user.is_administrateur):
        return Bilan.objects.none()
    rows = Bilan.objects.select_related("beneficiaire__user", "consultant").only(*METADATA_FIELDS)
    rows = rows.annotate(**{name: make() for name, make in _ANNOTATIONS_ADMINISTRATION.items()})
    return _filtered(rows, etat=etat, financement=financement, search=search).order_by(
        "-created_at", "-pk"
    )


def bilans_visible_to(*, user: User | AnonymousUser) -> QuerySet[Bilan]:
    """The bilans whose content ``user`` may read: the beneficiary's own, the consultant's
    assigned ones (domain.md, Confidentiality: who reads content).

    Both must hold: the object permission and the relation (owner or assigned consultant).
    Nothing for an administrator or a superuser, whatever their flags.
    """
    pk = getattr(user, "pk", None)
    base = Bilan.objects.filter(Q(consultant_id=pk) | Q(beneficiaire__user_id=pk))
    return content_visible_to(user, base, VIEW_BILAN).select_related(
        "beneficiaire__user", "consultant"
    )


def bilans_for_beneficiaire(*, user: User | AnonymousUser) -> QuerySet[Bilan]:
    """The beneficiary's own bilans, newest first (their portal)."""
    return (
        bilans_visible_to(user=user)
        .filter(beneficiaire__user_id=getattr(user, "pk", None))
        .order_by("-created_at", "-pk")
    )


def entretiens_visible_to(*, user: User | AnonymousUser) -> QuerySet[EntretienPrealable]:
    """Entretien préalable records readable by ``user`` (content: owner and consultant only)."""
    return EntretienPrealable.objects.filter(bilan__in=bilans_visible_to(user=user))


def financements_cpf_visible_to(*, user: User | AnonymousUser) -> QuerySet[FinancementCPF]:
    """CPF fundings of the bilans ``user`` may read (owner and assigned consultant only)."""
    return FinancementCPF.objects.filter(bilan__in=bilans_visible_to(user=user))


def contrats_autofinancement_visible_to(
    *, user: User | AnonymousUser
) -> QuerySet[ContratAutofinancement]:
    """Self-funding contracts of the bilans ``user`` may read, with their schedules."""
    return ContratAutofinancement.objects.filter(
        bilan__in=bilans_visible_to(user=user)
    ).prefetch_related("echeances")


def consentements_visible_to(*, user: User | AnonymousUser) -> QuerySet[Consentement]:
    """Consent records readable by ``user``: never shown to an employer (domain.md, The life of
    a bilan, 1: refusing is never misconduct)."""
    return Consentement.objects.filter(bilan__in=bilans_visible_to(user=user))


def evenements_for(*, bilan: Bilan) -> QuerySet[BilanEvenement]:
    """The timeline of state changes of a bilan already loaded through a scoped selector."""
    return BilanEvenement.objects.filter(bilan=bilan).order_by("at", "pk")


def acteur_names(*, ids: Iterable[int | None]) -> dict[int, str]:
    """The names of the people who changed a bilan's state (metadata, domain.md, The people).

    One query whatever the length of the timeline; a deleted account has no name.
    """
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return {}
    rows = User.objects.filter(pk__in=wanted).values_list("pk", "first_name", "last_name")
    return {pk: f"{first} {last}".strip() for pk, first, last in rows}


def bilan_counts_per_state(*, user: User | AnonymousUser) -> dict[str, int]:
    """How many bilans ``user`` sees in each state, every state listed (zero included).

    An administrator counts every bilan (metadata); a consultant, their own.
    """
    if user.is_authenticated and getattr(user, "is_administrateur", False):
        rows = bilans_for_administration(user=user)
    else:
        rows = bilans_for_consultant(user=user)
    counts = dict.fromkeys(Etat.values, 0)
    for row in rows.order_by().values("etat").annotate(n=Count("pk")):
        counts[row["etat"]] = row["n"]
    return counts


def _filtered(
    rows: QuerySet[Bilan], *, etat: str, financement: str, search: str
) -> QuerySet[Bilan]:
    if etat:
        rows = rows.filter(etat=etat)
    if financement:
        rows = rows.filter(financement=financement)
    for word in search.split():
        rows = rows.filter(
            Q(beneficiaire__user__first_name__icontains=word)
            | Q(beneficiaire__user__last_name__icontains=word)
            | Q(reference__icontains=word)
        )
    return rows


def cpf_reste_a_charge(*, on: datetime.date, beneficiaire: Beneficiaire) -> Decimal:
    """The CPF reste à charge due by ``beneficiaire`` on ``on`` (domain.md, Funding: CPF).

    Not due for a jobseeker; otherwise the amount of ``settings.CPF_RESTE_A_CHARGE`` in force
    on that date, nothing before the first one. Shown to the beneficiary, never refunded.
    """
    if beneficiaire.statut_professionnel == StatutProfessionnel.DEMANDEUR_EMPLOI:
        return Decimal("0.00")
    montant = Decimal("0.00")
    for effet, valeur in sorted(settings.CPF_RESTE_A_CHARGE):
        if datetime.date.fromisoformat(effet) <= on:
            montant = Decimal(valeur)
    return montant


def convention_of(*, bilan: Bilan) -> Convention | None:
    """The convention of a bilan already loaded through a scoped selector, its signatures
    prefetched (administrative proof: administrators may read it, domain.md)."""
    return Convention.objects.filter(bilan_id=bilan.pk).prefetch_related("signatures").first()


def convention_etat(*, convention: Convention | None, bilan: Bilan) -> ConventionEtat:
    """Where the convention stands: each party's signature (or None), the live link, the
    Paris day on which silence becomes a refusal, and the next step (dashboards)."""
    tripartite = bilan.financement in FINANCEMENTS_TRIPARTITES
    if convention is None:
        return ConventionEtat(None, {}, None, None, "a_etablir", tripartite)
    signatures = {s.role: s for s in convention.signatures.all()}
    lien = (
        LienSignature.objects.filter(
            convention=convention,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at")
        .first()
    )
    refus_le = None
    if convention.transmise_at is not None and tripartite:
        refus_le = timezone.localdate(convention.transmise_at) + datetime.timedelta(days=11)
    return ConventionEtat(
        convention, signatures, lien, refus_le, _etape(signatures, bilan), tripartite
    )


def conventions_a_signer_par_beneficiaire(*, user: User | AnonymousUser) -> QuerySet[Bilan]:
    """The beneficiary's bilans whose convention waits for their signature now (portal home:
    "what is expected of you")."""
    rows = bilans_for_beneficiaire(user=user).filter(
        etat__in=[Etat.PREALABLE, Etat.ENGAGEMENT],
        financement__in=FINANCEMENTS_CONVENTION,
        convention__signatures__role=RoleSignataire.PRESTATAIRE,
    )
    tripartite = Q(financement__in=FINANCEMENTS_TRIPARTITES)
    rows = rows.filter(~tripartite | Q(convention__transmise_at__isnull=False))
    return rows.exclude(convention__signatures__role=RoleSignataire.BENEFICIAIRE).distinct()


@dataclass(frozen=True)
class ConventionEtat:
    convention: Convention | None
    signatures: dict[str, SignatureConvention]
    lien: LienSignature | None
    refus_le: datetime.date | None
    etape: str  # "a_etablir" without a convention, else see _etape
    tripartite: bool = False

    @property
    def modifiable(self) -> bool:
        return self.convention is None or not self.signatures

    @property
    def parties(self) -> list[tuple[str, str, SignatureConvention | None]]:
        """Each party in signing order: (role, French label, signature or None)."""
        return [(role, label, self.signatures.get(role)) for role, label in RoleSignataire.choices]

    @property
    def dernier_jour(self) -> datetime.date | None:
        """The last Paris day on which the beneficiary may still sign (R6313-8)."""
        return self.refus_le - datetime.timedelta(days=1) if self.refus_le else None


def _etape(signatures: dict[str, SignatureConvention], bilan: Bilan) -> str:
    """The next signature awaited: ``signature_organisme``, ``signature_employeur``,
    ``signature_beneficiaire`` (another funder's convention may get the beneficiary's
    before the funder's), or ``signee`` when all three are there."""
    if RoleSignataire.PRESTATAIRE not in signatures:
        return "signature_organisme"
    if RoleSignataire.EMPLOYEUR not in signatures:
        return "signature_employeur"
    if RoleSignataire.BENEFICIAIRE not in signatures:
        return "signature_beneficiaire"
    return "signee"
