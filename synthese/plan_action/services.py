"""Writes on the action plan (seed 000, Plan d'action; domain.md, points 7 and 8).

The consultant writes the plan during the bilan, the beneficiary proposes and comments in
the portal; once the synthèse is signed the plan is part of a signed document and never
changes again (:func:`plan_action_verrouiller`, called at the first signature). Ticking an
action done stays open after that: it is follow-up data, not the document.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan, Etat
from bilan.audit.services import audit_record
from bilan.comptes.models import User
from bilan.permissions import content_grant, content_revoke

from ..models.plan_action import (
    ActionPrevue,
    ContributionPlan,
    Horizon,
    ObjectifSmart,
    PlanAction,
)
from .errors import PlanActionError

CONSULTANT_PERMS = ("view_planaction", "change_planaction")
BENEFICIAIRE_PERMS = ("view_planaction", "cocher_planaction")
# The plan is written during the bilan, and after it until the synthèse is signed.
ETATS_EDITION = frozenset({Etat.EN_COURS, Etat.CONCLUSION, Etat.TERMINE})
# The beneficiary proposes and comments during the bilan itself.
ETATS_CONTRIBUTION = frozenset({Etat.EN_COURS, Etat.CONCLUSION})
# Actions are ticked once the bilan is over (domain.md, point 10: the follow-up).
ETATS_COCHE = frozenset({Etat.TERMINE, Etat.SUIVI})
# An "immédiat" action starts within the month; later ones belong to another horizon.
DELAI_IMMEDIAT = datetime.timedelta(days=31)


def _plan_ensure(*, bilan: Bilan, acteur: User | None) -> PlanAction:
    """The bilan's plan, locked for update; created with its permissions on first use.

    The bilan's row is locked first: two first writes at once create one plan, and the
    callers read the bilan's current state and consultant from ``plan.bilan``.
    """
    locked = Bilan.objects.select_for_update().select_related("beneficiaire").get(pk=bilan.pk)
    plan = PlanAction.objects.select_for_update().filter(bilan=locked).first()
    if plan is None:
        plan = PlanAction.objects.create(bilan=locked)
        if locked.consultant_id is not None:
            content_grant(user=locked.consultant, obj=plan, perms=CONSULTANT_PERMS)
        content_grant(user=locked.beneficiaire.user, obj=plan, perms=BENEFICIAIRE_PERMS)
        audit_record(event="plan_action.created", actor=acteur, target=plan)
    plan.bilan = locked
    return plan


def _check_verrou(plan: PlanAction) -> None:
    if plan.verrouille:
        raise PlanActionError(
            "plan_verrouille",
            _("Le plan d'action fait partie de la synthèse signée : il ne peut plus être modifié."),
        )


def _plan_editable(*, bilan: Bilan, consultant: User) -> PlanAction:
    """The plan, locked for update, if ``consultant`` may still write it."""
    plan = _plan_ensure(bilan=bilan, acteur=consultant)
    if plan.bilan.consultant_id != consultant.pk:
        raise PlanActionError(
            "pas_consultant", _("Seul le consultant chargé du bilan écrit son plan d'action.")
        )
    if plan.bilan.etat not in ETATS_EDITION:
        raise PlanActionError(
            "etat_edition",
            _(
                "Le plan d'action s'écrit pendant le bilan, une fois celui-ci en cours, "
                "et jusqu'à la signature de la synthèse."
            ),
        )
    _check_verrou(plan)
    return plan


def _touch(plan: PlanAction) -> None:
    plan.updated_at = timezone.now()
    plan.save(update_fields=["updated_at"])


@transaction.atomic
def plan_action_projet_save(
    *, bilan: Bilan, consultant: User, projet: str, ip: str | None = None
) -> PlanAction:
    """Describe the chosen professional project the plan serves (seed 000: "la
    formalisation du projet"); refused once the synthèse is signed."""
    plan = _plan_editable(bilan=bilan, consultant=consultant)
    plan.projet = projet.strip()
    plan.updated_at = timezone.now()
    plan.save(update_fields=["projet", "updated_at"])
    audit_record(event="plan_action.projet_saved", actor=consultant, target=plan, ip=ip)
    return plan


@transaction.atomic
def plan_action_objectif_save(
    *,
    bilan: Bilan,
    consultant: User,
    intitule: str,
    specifique: str,
    mesurable: str,
    atteignable: str,
    realiste: str,
    echeance: datetime.date,
    objectif: ObjectifSmart | None = None,
    ip: str | None = None,
) -> ObjectifSmart:
    """Add or change one SMART objective (seed 000: each criterion stated, an échéance).

    Refused: an empty objective or criterion, a new or moved échéance already past, an
    objective of another plan, a locked plan.
    """
    plan = _plan_editable(bilan=bilan, consultant=consultant)
    textes = {
        "intitule": intitule.strip(),
        "specifique": specifique.strip(),
        "mesurable": mesurable.strip(),
        "atteignable": atteignable.strip(),
        "realiste": realiste.strip(),
    }
    if not textes["intitule"]:
        raise PlanActionError("objectif_vide", _("Formulez l'objectif."))
    if not all(textes.values()):
        raise PlanActionError(
            "objectif_critere_vide",
            _(
                "Un objectif SMART précise chaque critère : spécifique, mesurable, "
                "atteignable et réaliste."
            ),
        )
    if objectif is not None and objectif.plan_id != plan.pk:
        raise PlanActionError("objectif_autre_plan", _("Cet objectif n'est pas de ce plan."))
    if (objectif is None or objectif.echeance != echeance) and echeance < timezone.localdate():
        raise PlanActionError(
            "objectif_echeance_passee", _("L'échéance d'un objectif ne peut pas être passée.")
        )
    objectif = objectif or ObjectifSmart(plan=plan)
    for champ, valeur in textes.items():
        setattr(objectif, champ, valeur)
    objectif.echeance = echeance
    objectif.save()
    _touch(plan)
    audit_record(event="plan_action.objectif_saved", actor=consultant, target=objectif, ip=ip)
    return objectif


@transaction.atomic
def plan_action_objectif_delete(
    *, objectif: ObjectifSmart, consultant: User, ip: str | None = None
) -> None:
    """Remove an objective; its actions stay, without an objective (refused when locked)."""
    plan = _plan_editable(bilan=objectif.plan.bilan, consultant=consultant)
    audit_record(event="plan_action.objectif_deleted", actor=consultant, target=objectif, ip=ip)
    objectif.delete()
    _touch(plan)


@transaction.atomic
def plan_action_action_save(
    *,
    bilan: Bilan,
    consultant: User,
    horizon: str,
    intitule: str,
    debut: datetime.date,
    fin: datetime.date,
    objectif: ObjectifSmart | None = None,
    budget: str = "",
    temps: str = "",
    contacts: str = "",
    indicateurs: str = "",
    obstacles: str = "",
    alternatives: str = "",
    action: ActionPrevue | None = None,
    ip: str | None = None,
) -> ActionPrevue:
    """Add or change one dated action (seed 000: horizon, resources, indicators, obstacles
    and alternatives).

    Refused: an empty action, an unknown horizon, an end before the start, a new or moved
    end already past, an "immédiat" action starting more than a month ahead, an objective
    of another plan, a locked plan.
    """
    plan = _plan_editable(bilan=bilan, consultant=consultant)
    intitule = intitule.strip()
    if not intitule:
        raise PlanActionError("action_vide", _("Décrivez l'action."))
    if horizon not in Horizon.values:
        raise PlanActionError("horizon_inconnu", _("Choisissez l'horizon de l'action."))
    _check_dates(horizon=horizon, debut=debut, fin=fin, avant=action)
    if action is not None and action.plan_id != plan.pk:
        raise PlanActionError("action_autre_plan", _("Cette action n'est pas de ce plan."))
    if objectif is not None and objectif.plan_id != plan.pk:
        raise PlanActionError("objectif_autre_plan", _("Cet objectif n'est pas de ce plan."))
    action = action or ActionPrevue(plan=plan)
    action.horizon, action.intitule, action.objectif = horizon, intitule, objectif
    action.debut, action.fin = debut, fin
    action.budget, action.temps, action.contacts = budget.strip(), temps.strip(), contacts.strip()
    action.indicateurs, action.obstacles = indicateurs.strip(), obstacles.strip()
    action.alternatives = alternatives.strip()
    action.save()
    _touch(plan)
    audit_record(event="plan_action.action_saved", actor=consultant, target=action, ip=ip)
    return action


def _check_dates(
    *, horizon: str, debut: datetime.date, fin: datetime.date, avant: ActionPrevue | None
) -> None:
    aujourdhui = timezone.localdate()
    if fin < debut:
        raise PlanActionError(
            "action_fin_avant_debut", _("La fin de l'action ne peut pas précéder son début.")
        )
    # An action already over is not planned; one already under way may have started.
    if (avant is None or avant.fin != fin) and fin < aujourdhui:
        raise PlanActionError(
            "action_fin_passee",
            _("La date de fin de l'action est passée : un plan d'action prévoit l'avenir."),
        )
    if horizon == Horizon.IMMEDIAT and debut > aujourdhui + DELAI_IMMEDIAT:
        raise PlanActionError(
            "immediat_trop_tard",
            _(
                "Une action immédiate commence dans le mois : avancez son début ou "
                "choisissez l'horizon « Dans les prochains mois »."
            ),
        )


@transaction.atomic
def plan_action_action_delete(
    *, action: ActionPrevue, consultant: User, ip: str | None = None
) -> None:
    """Remove an action and the beneficiary's comments on it (refused when locked)."""
    plan = _plan_editable(bilan=action.plan.bilan, consultant=consultant)
    audit_record(event="plan_action.action_deleted", actor=consultant, target=action, ip=ip)
    action.delete()
    _touch(plan)


@transaction.atomic
@transaction.atomic
def plan_action_contribuer(
    *,
    bilan: Bilan,
    beneficiaire_user: User,
    texte: str,
    action: ActionPrevue | None = None,
    ip: str | None = None,
) -> ContributionPlan:
    """The beneficiary proposes an action or comments one, during the bilan (domain.md,
    point 7: the plan is built with the beneficiary). Refused: empty text, outside the
    bilan, a locked plan, someone else's bilan or action."""
    if bilan.beneficiaire.user_id != beneficiaire_user.pk:
        raise PlanActionError("pas_beneficiaire", _("Ce bilan n'est pas le vôtre."))
    texte = texte.strip()
    if not texte:
        raise PlanActionError("contribution_vide", _("Écrivez votre proposition."))
    if Bilan.objects.get(pk=bilan.pk).etat not in ETATS_CONTRIBUTION:
        raise PlanActionError(
            "etat_contribution",
            _("Vous pouvez proposer ou commenter des actions pendant votre bilan seulement."),
        )
    plan = _plan_ensure(bilan=bilan, acteur=beneficiaire_user)
    _check_verrou(plan)
    if action is not None and action.plan_id != plan.pk:
        raise PlanActionError("action_autre_plan", _("Cette action n'est pas de ce plan."))
    contribution = ContributionPlan.objects.create(
        plan=plan, action=action, auteur=beneficiaire_user, texte=texte
    )
    audit_record(
        event="plan_action.contribution_added",
        actor=beneficiaire_user,
        target=contribution,
        ip=ip,
    )
    return contribution


@transaction.atomic
def plan_action_cocher(
    *, action: ActionPrevue, beneficiaire_user: User, fait: bool, ip: str | None = None
) -> ActionPrevue:
    """The beneficiary ticks an action done (or unticks it) after the bilan; the time is
    kept for the follow-up (domain.md, points 8 and 10). Allowed on a locked plan: it is
    follow-up data, not the signed document."""
    action = (
        ActionPrevue.objects.select_for_update().select_related("plan__bilan").get(pk=action.pk)
    )
    bilan = action.plan.bilan
    if bilan.beneficiaire.user_id != beneficiaire_user.pk:
        raise PlanActionError("pas_beneficiaire", _("Cette action n'est pas de votre plan."))
    if bilan.etat not in ETATS_COCHE:
        raise PlanActionError(
            "etat_coche",
            _("Vous pourrez cocher les actions réalisées une fois votre bilan terminé."),
        )
    if action.fait == fait:
        return action
    action.fait = fait
    action.fait_le = timezone.now() if fait else None
    action.save(update_fields=["fait", "fait_le"])
    event = "plan_action.action_cochee" if fait else "plan_action.action_decochee"
    audit_record(event=event, actor=beneficiaire_user, target=action, ip=ip)
    return action


@transaction.atomic
def plan_action_verrouiller(*, bilan: Bilan, by: User | None = None) -> PlanAction:
    """Freeze the plan with the synthèse it belongs to (domain.md, point 7: "any change
    after a signature voids it"); call it at the synthèse's first signature. Idempotent; a
    bilan without a plan gets an empty locked one, so that nothing is added afterwards."""
    plan = _plan_ensure(bilan=bilan, acteur=by)
    if not plan.verrouille:
        plan.verrouille, plan.verrouille_le = True, timezone.now()
        plan.save(update_fields=["verrouille", "verrouille_le"])
        audit_record(event="plan_action.verrouille", actor=by, target=plan)
    return plan


def plan_action_deverrouiller(*, bilan: Bilan, by: User | None = None) -> None:
    """Unfreeze the plan when its synthèse goes back to writing (only possible while nobody
    has signed: :func:`synthese.services.synthese_reopen`)."""
    plan = PlanAction.objects.filter(bilan_id=bilan.pk, verrouille=True).first()
    if plan is not None:
        plan.verrouille, plan.verrouille_le = False, None
        plan.save(update_fields=["verrouille", "verrouille_le"])
        audit_record(event="plan_action.deverrouille", actor=by, target=plan)


def plan_action_canonique(*, bilan: Bilan) -> dict[str, object]:
    """The plan as printed in the synthèse, for the digest both signers sign (the actions'
    "done" ticks are follow-up data, outside it). Internal: no user scoping."""
    plan = PlanAction.objects.filter(bilan_id=bilan.pk).first()
    if plan is None:
        return {}
    objectifs = [
        [o.intitule, o.specifique, o.mesurable, o.atteignable, o.realiste, str(o.echeance)]
        for o in plan.objectifs.order_by("pk")
    ]
    actions = [
        [
            a.horizon,
            a.intitule,
            str(a.debut),
            str(a.fin),
            a.budget,
            a.temps,
            a.contacts,
            a.indicateurs,
            a.obstacles,
            a.alternatives,
            a.objectif_id,
        ]
        for a in plan.actions.order_by("pk")
    ]
    return {"projet": plan.projet, "objectifs": objectifs, "actions": actions}


def plan_action_consultant_change(*, bilan: Bilan, ancien: User | None, nouveau: User) -> None:
    """Move the plan's access with the bilan (domain.md, Confidentiality: "a change of
    consultant moves the access"); called inside the reassignment's transaction."""
    plan = PlanAction.objects.filter(bilan_id=bilan.pk).first()
    if plan is None:
        return
    if ancien is not None:
        content_revoke(user=ancien, obj=plan, perms=CONSULTANT_PERMS)
    content_grant(user=nouveau, obj=plan, perms=CONSULTANT_PERMS)
