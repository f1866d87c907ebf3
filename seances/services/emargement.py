"""Attendance signatures (émargement): one-time code, same day only, immutable, verifiable
(domain.md, The life of a bilan, 5; Code civil 1366-1367; CAA Nantes 2021).

A held session is signed by the beneficiary and by the consultant, once per half-day it
covers. The signature binds the SHA-256 (:func:`bilan.signatures.empreinte`) of the row's
canonical serialisation; :func:`emargement_verifier` recomputes it.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaires.services import bilan_engagement_complete
from bilan.audit.services import audit_record
from bilan.comptes.models import User
from bilan.signatures import empreinte
from bilan.signatures.codes import code_consume, code_issue
from bilan.signatures.errors import SignatureError
from bilan.signatures.models import CodeUnique

from ..errors import SeanceError
from ..models import (
    PHASES_ORDRE,
    DemiJournee,
    Emargement,
    EmargementPurgePermit,
    Phase,
    Plan,
    RoleSignataire,
    Seance,
    StatutSeance,
)
from ._commun import check_24h

OBJET = "seances.emargement"
# A session that starts before and ends after 13:00 covers two half-days.
MIDI = datetime.time(13, 0)


def demi_journees(seance: Seance) -> list[str]:
    """The half-days a scheduled session covers, each signed apart by both."""
    if seance.debut < MIDI < seance.fin:
        return [DemiJournee.MATIN, DemiJournee.APRES_MIDI]
    return [DemiJournee.MATIN if seance.debut < MIDI else DemiJournee.APRES_MIDI]


def debut_demi_journee(seance: Seance, demi_journee: str) -> datetime.time:
    """When a half-day of the session starts (Europe/Paris): the session's start for the
    morning or a single half-day, 13:00 or the session's start, whichever is later, for the
    afternoon. Nobody signs attendance for time not yet begun (domain.md, Attendance)."""
    if demi_journee == DemiJournee.APRES_MIDI:
        return max(MIDI, seance.debut)
    return seance.debut


def emargement_donnees(
    *, seance: Seance, demi_journee: str, role: str, signataire: User
) -> dict[str, object]:
    """The canonical content of one attendance row: what the signer signs (domain.md,
    Attendance: date, start and end, consultant name, action title, signer)."""
    return {
        "bilan": seance.bilan.reference,
        "seance": seance.pk,
        "date": seance.date.isoformat() if seance.date else "",
        "debut": seance.debut.strftime("%H:%M") if seance.debut else "",
        "fin": seance.fin.strftime("%H:%M") if seance.fin else "",
        "consultant": seance.consultant.get_full_name() if seance.consultant else "",
        "action": seance.intitule,
        "demi_journee": demi_journee,
        "signataire": f"{role}:{signataire.pk}:{signataire.get_full_name()}",
    }


def emargement_code_request(
    *, seance: Seance, signataire: User, demi_journee: str, ip: str | None = None
) -> CodeUnique:
    """Send the signer a new one-time code for this row, by e-mail once committed; any
    earlier code of theirs is invalidated (a lost e-mail: ask again)."""
    with transaction.atomic():
        locked = _seance(seance)
        role = _check_signable(locked, signataire=signataire, demi_journee=demi_journee)
        digest = empreinte(
            emargement_donnees(
                seance=locked, demi_journee=demi_journee, role=role, signataire=signataire
            )
        )
        try:
            code = code_issue(user=signataire, objet=OBJET, empreinte=digest)
        except SignatureError as exc:
            raise SeanceError(exc.code, exc.message) from exc
        audit_record(event="emargement.code_requested", actor=signataire, target=locked, ip=ip)
        from ..tasks import emargement_code_send_task

        code_id, seance_id = code.pk, locked.pk
        transaction.on_commit(
            lambda: emargement_code_send_task.delay(code_id=code_id, seance_id=seance_id)
        )
    return code


def emargement_code_send(*, code_id: int, seance_id: int) -> bool:
    """E-mail a live code to its holder (French text and HTML); nothing of the bilan's
    content, only the day and times. Returns whether a message went."""
    code = CodeUnique.objects.select_related("user").filter(pk=code_id).first()
    seance = Seance.objects.filter(pk=seance_id).first()
    if code is None or seance is None or not _vivant(code):
        return False
    context = {
        "user": code.user,
        "code": code.code,
        "seance": seance,
        "validite": 10,
        "organisation": settings.ORGANISATION_NOM,
    }
    send_mail(
        subject=_("[%(org)s] Votre code de signature") % {"org": settings.ORGANISATION_NOM},
        message=render_to_string("seances/email/code_emargement.txt", context),
        html_message=render_to_string("seances/email/code_emargement.html", context),
        from_email=None,
        recipient_list=[code.user.email],
    )
    return True


def emargement_sign(
    *,
    seance: Seance,
    signataire: User,
    demi_journee: str,
    code: str,
    ip: str | None = None,
    user_agent: str = "",
) -> Emargement:
    """Sign one half-day of a session (domain.md, Attendance).

    Only the logged-in beneficiary or consultant of the session signs their own row, only
    on the session's day (Europe/Paris) and not before the half-day has begun, only after
    a session of each earlier phase was held (R6313-4), with their current one-time code
    for exactly this row. The signature keeps time (UTC), IP, user agent and the row's
    SHA-256, and never changes.
    """
    _check_signable(_seance_fresh(seance), signataire=signataire, demi_journee=demi_journee)
    try:
        used = _consume(seance=seance, signataire=signataire, demi_journee=demi_journee, code=code)
    except SignatureError as exc:
        raise SeanceError(exc.code, exc.message) from exc
    try:
        with transaction.atomic():
            locked = _seance(seance)
            role = _check_signable(locked, signataire=signataire, demi_journee=demi_journee)
            signature = _signature_create(
                seance=locked,
                demi_journee=demi_journee,
                role=role,
                signataire=signataire,
                signe_le=timezone.now(),
                ip=ip,
                user_agent=user_agent,
            )
            if signature.empreinte != used.empreinte:
                raise SeanceError(
                    "code_other_row", _("Ce code a été émis pour une autre signature.")
                )
            audit_record(event="emargement.signed", actor=signataire, target=signature, ip=ip)
    except IntegrityError as exc:
        raise SeanceError("already_signed", _deja_signe()) from exc
    return signature


def emargement_verifier(*, emargement: Emargement) -> Literal["intact", "altere"]:
    """ "intact" when the signed row still has the data that was signed, else "altere"."""
    seance = Seance.objects.select_related("bilan", "consultant").get(pk=emargement.seance_id)
    signataire = User.objects.get(pk=emargement.signataire_id)
    donnees = emargement_donnees(
        seance=seance,
        demi_journee=emargement.demi_journee,
        role=emargement.role,
        signataire=signataire,
    )
    return "intact" if empreinte(donnees) == emargement.empreinte else "altere"


def seances_tenues(bilan_id: int):  # noqa: ANN201 - a queryset of Seance
    """Sessions signed by both on every half-day they cover: the only ones that count
    (domain.md, Attendance: completion computed only from signed attendance)."""
    return (
        Seance.objects.filter(bilan_id=bilan_id, statut=StatutSeance.PLANIFIEE)
        .annotate(
            n_sign=Count("emargements"),
            n_midi=Count("pk", filter=Q(debut__lt=MIDI, fin__gt=MIDI), distinct=True),
        )
        .filter(n_sign=2 * (1 + F("n_midi")))
    )


def emargements_purge(*, bilan_id: int) -> int:
    """Delete a bilan's signatures through the permit the triggers check (the retention
    job's documented path, domain.md: administrative proof has its own retention)."""
    with transaction.atomic():
        permit = EmargementPurgePermit.objects.create(bilan_id=bilan_id)
        deleted, _unused = Emargement.objects.filter(bilan_id=bilan_id).delete()
        permit.delete()
    return deleted


def _signature_create(
    *,
    seance: Seance,
    demi_journee: str,
    role: str,
    signataire: User,
    signe_le: datetime.datetime,
    ip: str | None,
    user_agent: str,
) -> Emargement:
    """Insert the signature and, when the session is now signed by both on every half-day,
    add it to the plan's done hours (L6313-4: at most 24 h, checked under the plan's lock)."""
    donnees = emargement_donnees(
        seance=seance, demi_journee=demi_journee, role=role, signataire=signataire
    )
    with transaction.atomic():
        signature = Emargement.objects.create(
            seance=seance,
            bilan_id=seance.bilan_id,
            demi_journee=demi_journee,
            role=role,
            signataire=signataire,
            signe_le=signe_le,
            ip=ip,
            user_agent=(user_agent or "")[:500],
            empreinte=empreinte(donnees),
        )
        if seance.emargements.count() == 2 * len(demi_journees(seance)):
            plan = Plan.objects.select_for_update().get(bilan_id=seance.bilan_id)
            plan.minutes_accompagnement_realisees += seance.duree_minutes
            check_24h(
                accompagnement=plan.minutes_accompagnement_realisees,
                travail=plan.minutes_travail_realisees,
            )
            plan.save(update_fields=["minutes_accompagnement_realisees"])
    return signature


def _consume(*, seance: Seance, signataire: User, demi_journee: str, code: str) -> CodeUnique:
    fresh = _seance_fresh(seance)
    role = _role(fresh, signataire)
    digest = empreinte(
        emargement_donnees(
            seance=fresh, demi_journee=demi_journee, role=role, signataire=signataire
        )
    )
    return code_consume(user=signataire, objet=OBJET, empreinte=digest, code=code)


def _check_signable(seance: Seance, *, signataire: User, demi_journee: str) -> str:
    """The signer's role on this row, or the French reason why they cannot sign it now."""
    role = _role(seance, signataire)
    if seance.statut != StatutSeance.PLANIFIEE:
        raise SeanceError("seance_not_scheduled", _("Cette séance n'est pas à émarger."))
    if not bilan_engagement_complete(bilan=seance.bilan):
        raise SeanceError("bilan_not_running", _("Ce bilan n'est pas en cours."))
    if demi_journee not in demi_journees(seance):
        raise SeanceError(
            "demi_journee_invalid", _("Cette demi-journée ne fait pas partie de la séance.")
        )
    today = timezone.localdate()
    if today < seance.date:
        raise SeanceError(
            "too_early",
            _("L'émargement n'est possible que le jour de la séance, le %(date)s.")
            % {"date": f"{seance.date:%d/%m/%Y}"},
        )
    if today > seance.date:
        raise SeanceError(
            "too_late",
            _(
                "Le jour de la séance (%(date)s) est passé : l'émargement ne peut plus être "
                "signé après coup."
            )
            % {"date": f"{seance.date:%d/%m/%Y}"},
        )
    debut = debut_demi_journee(seance, demi_journee)
    if timezone.localtime().time() < debut:
        raise SeanceError(
            "too_early",
            _(
                "Cette demi-journée de la séance n'a pas commencé : l'émargement n'est "
                "possible qu'à partir de %(heure)s."
            )
            % {"heure": f"{debut:%H:%M}"},
        )
    _check_phases_tenues(seance)
    if seance.emargements.filter(demi_journee=demi_journee, role=role).exists():
        raise SeanceError("already_signed", _deja_signe())
    return role


def _role(seance: Seance, signataire: User) -> str:
    # The consultant of the session who is still the bilan's consultant: a change of
    # consultant moves the access (domain.md, Confidentiality).
    if (
        signataire.is_consultant
        and signataire.pk == seance.consultant_id
        and signataire.pk == seance.bilan.consultant_id
    ):
        return RoleSignataire.CONSULTANT
    if signataire.is_beneficiaire and signataire.pk == seance.bilan.beneficiaire.user_id:
        return RoleSignataire.BENEFICIAIRE
    raise SeanceError(
        "not_signer",
        _("Seuls le bénéficiaire et le consultant de la séance signent, chacun pour soi."),
    )


def _check_phases_tenues(seance: Seance) -> None:
    """R6313-4: no session is held before one of each earlier phase was held."""
    anterieures = PHASES_ORDRE[: PHASES_ORDRE.index(seance.phase)]
    if not anterieures:
        return
    tenues = set(seances_tenues(seance.bilan_id).values_list("phase", flat=True))
    for phase in anterieures:
        if phase not in tenues:
            raise SeanceError(
                "phase_order",
                _(
                    "Une séance de la %(phase)s ne peut être émargée qu'après une séance "
                    "de la %(manquante)s tenue et signée."
                )
                % {
                    "phase": str(Phase(seance.phase).label).lower(),
                    "manquante": str(Phase(phase).label).lower(),
                },
            )


def _seance(seance: Seance) -> Seance:
    return (
        Seance.objects.select_for_update(of=("self",))
        .select_related("bilan__beneficiaire", "consultant")
        .get(pk=seance.pk)
    )


def _seance_fresh(seance: Seance) -> Seance:
    return Seance.objects.select_related("bilan__beneficiaire", "consultant").get(pk=seance.pk)


def _vivant(code: CodeUnique) -> bool:
    return (
        code.used_at is None
        and code.invalidated_at is None
        and code.expires_at > timezone.now()
        and bool(code.code)
    )


def _deja_signe() -> str:
    return _("Cet émargement est déjà signé : une signature ne se refait ni ne se modifie.")
