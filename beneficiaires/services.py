"""Writes on beneficiaries and bilans: creation, consultant assignment, the state machine,
the entretien préalable and the beneficiary's consent (funding: :mod:`.financement`)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bilan.audit.services import audit_record
from bilan.comptes.models import Role, User
from bilan.comptes.services import user_create
from bilan.permissions import content_grant, content_revoke

from .errors import BilanError
from .financement import financement_complet
from .models import (
    FINANCEMENTS_CONVENTION,
    Beneficiaire,
    Bilan,
    BilanEvenement,
    Consentement,
    Decision,
    EntretienPrealable,
    Etat,
    FormatBilan,
    StatutProfessionnel,
)
from .reassignation import consultant_change_notify

CONSULTANT_PERMS = ("view_bilan", "change_bilan")
BENEFICIAIRE_PERMS = ("view_bilan",)
REFERENCE_ATTEMPTS = 3

# domain.md, The life of a bilan: préalable → engagement → en cours → conclusion → terminé
# (→ suivi) → clos; abandonné and refusé end it early.
TRANSITIONS: dict[str, frozenset[str]] = {
    Etat.PREALABLE: frozenset({Etat.ENGAGEMENT, Etat.ABANDONNE, Etat.REFUSE}),
    Etat.ENGAGEMENT: frozenset({Etat.EN_COURS, Etat.ABANDONNE, Etat.REFUSE}),
    Etat.EN_COURS: frozenset({Etat.CONCLUSION, Etat.ABANDONNE}),
    Etat.CONCLUSION: frozenset({Etat.TERMINE, Etat.ABANDONNE}),
    Etat.TERMINE: frozenset({Etat.SUIVI, Etat.CLOS}),
    Etat.SUIVI: frozenset({Etat.CLOS}),
}
ETATS_FINAUX = frozenset({Etat.CLOS, Etat.ABANDONNE, Etat.REFUSE})
# The states in which the bilan's own sessions may be planned, once the funding is complete.
ENGAGED_STATES = frozenset({Etat.ENGAGEMENT, Etat.EN_COURS, Etat.CONCLUSION})

# Conditions that later apps add to a transition (style.md: dependencies point one way, so
# beneficiaires never imports them); each returns the French reasons that block it.
TransitionCondition = Callable[[Bilan], list[str]]
_transition_conditions: dict[str, list[TransitionCondition]] = {}


def register_transition_condition(vers: str, condition: TransitionCondition) -> None:
    """Add ``condition`` to the checks of every transition to ``vers`` (call it from an
    app's ``ready()``; registering the same callable twice has no effect)."""
    conditions = _transition_conditions.setdefault(vers, [])
    if condition not in conditions:
        conditions.append(condition)


# What later apps do when a bilan changes consultant (domain.md, Confidentiality: "a
# change of consultant moves the access"), e.g. moving its sessions. Called inside the
# reassignment's transaction, with the bilan locked: a hook that raises cancels it.
ConsultantChange = Callable[..., None]
_consultant_changes: list[ConsultantChange] = []


def register_consultant_change(hook: ConsultantChange) -> None:
    """Call ``hook(bilan=..., ancien=..., nouveau=...)`` whenever a bilan changes consultant
    (call it from an app's ``ready()``; registering the same callable twice has no effect).
    ``ancien`` is ``None`` for a first assignment."""
    if hook not in _consultant_changes:
        _consultant_changes.append(hook)


def beneficiaire_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    statut_professionnel: str,
    employeur_nom: str = "",
    employe_par_organisme: bool = False,
    telephone: str = "",
    created_by: User | None,
    ip: str | None = None,
) -> Beneficiaire:
    """Create a beneficiary's account and profile together (domain.md, Minimisation).

    The account is invited by e-mail once the transaction commits; a taken address raises
    :class:`bilan.comptes.services.ComptesError` and nothing is created.
    """
    with transaction.atomic():
        user = user_create(
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=Role.BENEFICIAIRE,
            created_by=created_by,
            ip=ip,
        )
        return beneficiaire_profile_create(
            user=user,
            statut_professionnel=statut_professionnel,
            employeur_nom=employeur_nom,
            employe_par_organisme=employe_par_organisme,
            telephone=telephone,
            created_by=created_by,
            ip=ip,
        )


def beneficiaire_profile_create(
    *,
    user: User,
    statut_professionnel: str,
    employeur_nom: str = "",
    employe_par_organisme: bool = False,
    telephone: str = "",
    created_by: User | None,
    ip: str | None = None,
) -> Beneficiaire:
    """Give an existing beneficiary account its profile (domain.md, Minimisation).

    The employer's name is required for an employee and kept only for one.
    """
    if user.role != Role.BENEFICIAIRE or user.is_superuser:
        raise BilanError("role_not_beneficiaire", _("Ce compte n'est pas celui d'un bénéficiaire."))
    if Beneficiaire.objects.filter(user=user).exists():
        raise BilanError("profile_exists", _("Ce bénéficiaire a déjà un dossier."))
    if statut_professionnel not in StatutProfessionnel.values:
        raise BilanError("statut_invalid", _("Ce statut professionnel n'existe pas."))
    employeur_nom = employeur_nom.strip()
    if statut_professionnel == StatutProfessionnel.SALARIE and not employeur_nom:
        raise BilanError(
            "employeur_required", _("Le nom de l'employeur est obligatoire pour un salarié.")
        )
    if statut_professionnel != StatutProfessionnel.SALARIE:
        employeur_nom = ""  # no direct and necessary link outside employment (L6313-4)
    with transaction.atomic():
        beneficiaire = Beneficiaire.objects.create(
            user=user,
            statut_professionnel=statut_professionnel,
            employeur_nom=employeur_nom,
            employe_par_organisme=employe_par_organisme,
            telephone=telephone.strip(),
        )
        audit_record(event="beneficiaire.created", actor=created_by, target=beneficiaire, ip=ip)
    return beneficiaire


def bilan_create(
    *,
    beneficiaire: Beneficiaire,
    consultant: User,
    created_by: User | None,
    ip: str | None = None,
) -> Bilan:
    """Open a bilan in préalable and give its content to the consultant and the beneficiary.

    Refused for an employee of the provider (R6313-5) and for anyone but an active
    consultant (domain.md, The people).
    """
    if beneficiaire.employe_par_organisme:
        raise BilanError(
            "r6313_5",
            _(
                "L'organisme ne peut pas réaliser le bilan de compétences de l'un de ses "
                "salariés (article R6313-5 du Code du travail)."
            ),
        )
    _check_consultant(consultant)
    with transaction.atomic():
        bilan = _bilan_insert(beneficiaire=beneficiaire, consultant=consultant)
        content_grant(user=consultant, obj=bilan, perms=CONSULTANT_PERMS)
        content_grant(user=beneficiaire.user, obj=bilan, perms=BENEFICIAIRE_PERMS)
        audit_record(event="bilan.created", actor=created_by, target=bilan, ip=ip)
    return bilan


def beneficiaire_with_bilan_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    statut_professionnel: str,
    employeur_nom: str = "",
    employe_par_organisme: bool = False,
    telephone: str = "",
    consultant: User,
    ip: str | None = None,
) -> Bilan:
    """First contact: the beneficiary's account, profile and first bilan, all or nothing.

    The bilan is assigned to ``consultant``, who records the contact. A refusal of
    :func:`bilan_create` (R6313-5: the provider's own employee) leaves no account behind,
    and no invitation goes out (it is sent on commit).
    """
    with transaction.atomic():
        beneficiaire = beneficiaire_create(
            email=email,
            first_name=first_name,
            last_name=last_name,
            statut_professionnel=statut_professionnel,
            employeur_nom=employeur_nom,
            employe_par_organisme=employe_par_organisme,
            telephone=telephone,
            created_by=consultant,
            ip=ip,
        )
        return bilan_create(
            beneficiaire=beneficiaire, consultant=consultant, created_by=consultant, ip=ip
        )


def bilan_assign_consultant(
    *, bilan: Bilan, consultant: User, by: User | None, ip: str | None = None
) -> Bilan:
    """Move the bilan, and the access to its content, to another consultant.

    domain.md, Confidentiality: "a change of consultant moves the access"; the old
    consultant's permissions go in the same transaction as the new one's arrive, and so
    do the hooks of :func:`register_consultant_change` (the sessions move with them).
    Once it commits, the beneficiary and the previous consultant are told by e-mail
    (:mod:`.reassignation`): an administrator may reassign, but never unseen.
    """
    _check_consultant(consultant)
    with transaction.atomic():
        locked = Bilan.objects.select_for_update().get(pk=bilan.pk)
        if locked.etat in ETATS_FINAUX:
            raise BilanError(
                "bilan_closed",
                _("Le consultant d'un bilan clos, abandonné ou refusé ne peut plus changer."),
            )
        if locked.consultant_id == consultant.pk:
            raise BilanError(
                "consultant_unchanged", _("Ce consultant est déjà chargé de ce bilan.")
            )
        ancien = locked.consultant
        if ancien is not None:
            content_revoke(user=ancien, obj=locked, perms=CONSULTANT_PERMS)
        content_grant(user=consultant, obj=locked, perms=CONSULTANT_PERMS)
        locked.consultant = consultant
        locked.save(update_fields=["consultant"])
        for hook in _consultant_changes:
            hook(bilan=locked, ancien=ancien, nouveau=consultant)
        audit_record(event="bilan.consultant_changed", actor=by, target=locked, ip=ip)
        consultant_change_notify(bilan=locked, ancien=ancien, nouveau=consultant)
    bilan.consultant = consultant
    return locked


def bilan_transition(*, bilan: Bilan, vers: str, by: User | None, ip: str | None = None) -> Bilan:
    """Move the bilan to ``vers`` along the life cycle (domain.md, The life of a bilan).

    Only the transitions of :data:`TRANSITIONS` are allowed, and only when
    :func:`_conditions_for` finds nothing missing. Each change is written to the timeline
    and to the audit log, never with a value.
    """
    with transaction.atomic():
        locked = Bilan.objects.select_for_update().get(pk=bilan.pk)
        de = locked.etat
        if vers not in TRANSITIONS.get(de, frozenset()):
            raise BilanError("transition_refused", _transition_refused_message(de, vers))
        reasons = _conditions_for(locked, vers)
        if reasons:
            raise BilanError("conditions_unmet", " ".join(reasons))
        locked.etat = vers
        locked.etat_changed_at = timezone.now()
        locked.save(update_fields=["etat", "etat_changed_at"])
        BilanEvenement.objects.create(
            bilan=locked, de=de, vers=vers, at=locked.etat_changed_at, acteur_id=_pk(by)
        )
        audit_record(event="bilan.state_changed", actor=by, target=locked, ip=ip)
    bilan.etat, bilan.etat_changed_at = locked.etat, locked.etat_changed_at
    return locked


def bilan_transition_obstacles(*, bilan: Bilan, vers: str) -> list[str]:
    """The French reasons why ``bilan`` cannot go to ``vers`` now (empty when it can), for a
    page that asks before the transition; :func:`bilan_transition` checks them again."""
    if vers not in TRANSITIONS.get(bilan.etat, frozenset()):
        return [_transition_refused_message(bilan.etat, vers)]
    return _conditions_for(bilan, vers)


def bilan_engagement_complete(*, bilan: Bilan) -> bool:
    """Whether the funding path's requirements are met (domain.md, Engagement; Funding).

    CPF: the funding record is present. Self-funded: the contract is present and its 10-day
    withdrawal period is over (L6353-5). Plan de développement, congé de reclassement, other
    funder: the convention bears all three signatures, provider, employer or funder, and
    beneficiary (R6313-8: "nothing of the bilan is scheduled before all three signatures").
    False once the bilan has left the engaged states (préalable, or ended): the sessions
    issue calls it before planning anything.
    """
    if bilan.etat not in ENGAGED_STATES:
        return False
    return financement_complet(bilan=bilan)


def _conditions_for(bilan: Bilan, vers: str) -> list[str]:
    """The French reasons why ``bilan`` cannot go to ``vers`` now; empty when it can.

    The plug for the conditions of the rest of issue 4 (domain.md, The life of a bilan):
    the beneficiary's recorded consent to leave préalable (L6313-4), the engagement's
    completeness (funding path, convention or contract signed) for engagement → en cours,
    and the conditions registered by later apps (the sessions: each phase held and signed,
    and the floor of signed accompaniment hours, to close the bilan).
    """
    reasons: list[str] = []
    if bilan.etat == Etat.PREALABLE and vers == Etat.ENGAGEMENT:
        if not EntretienPrealable.objects.filter(bilan=bilan).exists():
            reasons.append(_("L'entretien préalable n'est pas encore enregistré."))
        if not Consentement.objects.filter(bilan=bilan, decision=Decision.DONNE).exists():
            reasons.append(_("Le bénéficiaire n'a pas donné son consentement au bilan."))
    if bilan.etat == Etat.ENGAGEMENT and vers == Etat.EN_COURS:
        if bilan.financement in FINANCEMENTS_CONVENTION and not bilan_engagement_complete(
            bilan=bilan
        ):
            reasons.append(
                _(
                    "L'engagement n'est pas complet : la convention doit être signée par "
                    "l'organisme, par l'employeur ou le financeur et par le bénéficiaire."
                )
            )
        elif not bilan_engagement_complete(bilan=bilan):
            reasons.append(
                _(
                    "L'engagement n'est pas complet : le financement doit être enregistré "
                    "et, pour un autofinancement, le délai de rétractation de 10 jours écoulé."
                )
            )
    for condition in _transition_conditions.get(vers, []):
        reasons.extend(condition(bilan))
    return reasons


# French labels of the entretien préalable's mandatory texts, in the form's order.
ENTRETIEN_TEXTES: dict[str, Promise] = {
    "besoin": gettext_lazy("le besoin"),
    "attentes": gettext_lazy("les attentes"),
    "situation": gettext_lazy("la situation"),
    "objectifs": gettext_lazy("les objectifs"),
}


def entretien_prealable_record(
    *,
    bilan: Bilan,
    consultant: User,
    besoin: str,
    attentes: str,
    situation: str,
    objectifs: str,
    format: str,  # noqa: A002 - the domain's word for the chosen format
    tenu_le: datetime.date,
    ip: str | None = None,
) -> EntretienPrealable:
    """Record, or correct, the entretien préalable (domain.md, The life of a bilan, 1).

    Made by the assigned consultant while the bilan is in préalable; need, expectations,
    situation and objectives are all mandatory, and the chosen format one of the three.
    The texts are content: encrypted at rest, never written to the audit log.
    """
    given = {"besoin": besoin, "attentes": attentes, "situation": situation, "objectifs": objectifs}
    textes = {name: (value or "").strip() for name, value in given.items()}
    with transaction.atomic():
        # Who and when before what: someone else's bilan says nothing about its form.
        locked = _bilan_locked_for(bilan=bilan, consultant=consultant)
        _check_entretien(textes=textes, format=format)
        entretien = EntretienPrealable.objects.filter(bilan=locked).first()
        if entretien is None:
            entretien = EntretienPrealable(bilan=locked)
        for name, value in textes.items():
            setattr(entretien, name, value)
        entretien.format, entretien.tenu_le = format, tenu_le
        entretien.acteur_id, entretien.updated_at = consultant.pk, timezone.now()
        entretien.save()
        audit_record(event="entretien.recorded", actor=consultant, target=entretien, ip=ip)
    return entretien


def consentement_record(
    *, bilan: Bilan, beneficiaire_user: User, donne: bool, ip: str | None
) -> Consentement:
    """Record the beneficiary's consent or refusal, once (L6313-4; domain.md, The life of a
    bilan, 1).

    Only the bilan's own beneficiary answers, only after the entretien préalable, only while
    the bilan is in préalable. A refusal carries no reason ("refusing is never misconduct")
    and moves the bilan to refusé in the same transaction.
    """
    with transaction.atomic():
        locked = Bilan.objects.select_for_update().select_related("beneficiaire").get(pk=bilan.pk)
        refus = consentement_obstacle(bilan=locked, beneficiaire_user=beneficiaire_user)
        if refus is not None:
            raise refus
        consentement = Consentement.objects.create(
            bilan=locked, decision=Decision.DONNE if donne else Decision.REFUSE, ip=ip
        )
        event = "consentement.given" if donne else "consentement.refused"
        audit_record(event=event, actor=beneficiaire_user, target=consentement, ip=ip)
        if not donne:
            bilan_transition(bilan=bilan, vers=Etat.REFUSE, by=beneficiaire_user, ip=ip)
    return consentement


def consentement_obstacle(*, bilan: Bilan, beneficiaire_user: User) -> BilanError | None:
    """Why the beneficiary cannot answer now (the refusal :func:`consentement_record` would
    raise), or None: a read, so a page can say it before anything is written."""
    if bilan.beneficiaire.user_id != beneficiaire_user.pk:
        return BilanError("not_owner", _("Ce bilan n'est pas le vôtre."))
    existing = Consentement.objects.filter(bilan_id=bilan.pk).first()
    if existing is not None:
        return BilanError(
            "consent_already_recorded",
            _("Votre réponse a déjà été enregistrée le %(date)s.")
            % {"date": _date_heure(existing.at)},
        )
    if bilan.etat != Etat.PREALABLE:
        return BilanError("wrong_state", _("Ce bilan n'attend plus votre consentement."))
    if not EntretienPrealable.objects.filter(bilan_id=bilan.pk).exists():
        return BilanError(
            "entretien_missing",
            _("Votre consentement pourra être recueilli après l'entretien préalable."),
        )
    return None


def _check_entretien(*, textes: dict[str, str], format: str) -> None:  # noqa: A002
    missing = [ENTRETIEN_TEXTES[name] for name, value in textes.items() if not value]
    if missing:
        raise BilanError(
            "entretien_incomplete",
            _("L'entretien préalable est incomplet : renseignez %(champs)s.")
            % {"champs": ", ".join(str(label) for label in missing)},
        )
    if format not in FormatBilan.values:
        raise BilanError(
            "format_invalid", _("Choisissez le format : présentiel, distanciel ou mixte.")
        )


def _bilan_locked_for(*, bilan: Bilan, consultant: User) -> Bilan:
    """The bilan, locked, if ``consultant`` is assigned to it and it is still in préalable."""
    locked = Bilan.objects.select_for_update().get(pk=bilan.pk)
    if locked.consultant_id is None or locked.consultant_id != consultant.pk:
        raise BilanError("not_assigned", _("Vous n'êtes pas le consultant chargé de ce bilan."))
    if locked.etat != Etat.PREALABLE:
        raise BilanError(
            "wrong_state",
            _("L'entretien préalable ne s'enregistre plus : le bilan a quitté le stade préalable."),
        )
    return locked


def _date_heure(at: datetime.datetime) -> str:
    local = timezone.localtime(at)
    return _("%(date)s à %(heure)s") % {
        "date": local.strftime("%d/%m/%Y"),
        "heure": local.strftime("%H:%M"),
    }


def _transition_refused_message(de: str, vers: str) -> str:
    return _("Le bilan ne peut pas passer de l'état « %(de)s » à l'état « %(vers)s ».") % {
        "de": _etat_label(de),
        "vers": _etat_label(vers),
    }


def _etat_label(value: str) -> str:
    return str(Etat(value).label) if value in Etat.values else value


def _check_consultant(consultant: User) -> None:
    if not consultant.is_consultant:
        raise BilanError("consultant_role", _("Seul un consultant peut être chargé d'un bilan."))
    if not consultant.is_active:
        raise BilanError("consultant_inactive", _("Le compte de ce consultant est désactivé."))


def _bilan_insert(*, beneficiaire: Beneficiaire, consultant: User) -> Bilan:
    """Insert the bilan under the next free reference; a concurrent insert takes another."""
    for attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                return Bilan.objects.create(
                    reference=_reference_next(year=timezone.localdate().year),
                    beneficiaire=beneficiaire,
                    consultant=consultant,
                )
        except IntegrityError:
            if attempt == REFERENCE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _reference_next(*, year: int) -> str:
    """``BC-<year>-<number>``: numbered per year, five digits at least."""
    prefix = f"BC-{year}-"
    last = (
        Bilan.objects.filter(reference__startswith=prefix)
        .order_by(Length("reference").desc(), "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:05d}"


def _pk(user: User | None) -> int | None:
    return user.pk if user is not None else None
