"""Scheduling: slots, modality, phase order, no overlap; reschedule, cancel, absence,
connection times (domain.md, The life of a bilan, 2-5)."""

from __future__ import annotations

import calendar
import datetime
import unicodedata
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaires.errors import BilanError
from beneficiaires.models import Bilan
from beneficiaires.services import bilan_engagement_complete
from bilan.audit.services import audit_record
from bilan.comptes.models import User

from ..errors import SeanceError
from ..models import PHASES_ORDRE, Modalite, Phase, Seance, SeanceEvenement, StatutSeance
from ._commun import bilan_locked_for_consultant, check_24h, minutes_planifiees, plan_locked
from .plan import check_not_signed, plan_accompagnement_save

# Seed programme: 3 weeks to 4 months from the first to the last face-to-face session.
AMPLITUDE_MIN = datetime.timedelta(weeks=3)
AMPLITUDE_MAX_MOIS = 4


def seance_schedule(
    *,
    seance: Seance,
    consultant: User,
    date: datetime.date,
    debut: datetime.time,
    fin: datetime.time,
    modalite: str,
    lieu: str = "",
    lien_visio: str = "",
    ip: str | None = None,
) -> Seance:
    """Give a session to be scheduled its slot (Europe/Paris) and modality.

    Refused before the engagement is complete (domain.md, Engagement), past 24 h in all
    (L6313-4), before a session of each earlier phase (R6313-4), over another session of the
    consultant, or in the past.
    """
    return _placer(
        seance=seance,
        consultant=consultant,
        creneau=(date, debut, fin),
        modalite=modalite,
        lieu=lieu,
        lien_visio=lien_visio,
        motif=None,
        ip=ip,
    )


def seance_reschedule(
    *,
    seance: Seance,
    consultant: User,
    date: datetime.date,
    debut: datetime.time,
    fin: datetime.time,
    modalite: str,
    motif: str,
    lieu: str = "",
    lien_visio: str = "",
    ip: str | None = None,
) -> Seance:
    """Move a scheduled, unsigned session, with a reason kept in its history (audited);
    the rules of :func:`seance_schedule` apply to the new slot."""
    return _placer(
        seance=seance,
        consultant=consultant,
        creneau=(date, debut, fin),
        modalite=modalite,
        lieu=lieu,
        lien_visio=lien_visio,
        motif=motif,
        ip=ip,
    )


def seance_cancel(*, seance: Seance, consultant: User, motif: str, ip: str | None = None) -> Seance:
    """Cancel an unsigned session with a reason; its hours leave the plan."""
    motif = _motif_required(motif)
    with transaction.atomic():
        bilan = bilan_locked_for_consultant(bilan=seance.bilan, consultant=consultant)
        plan = plan_locked(bilan=bilan)
        locked = Seance.objects.select_for_update().get(pk=seance.pk)
        check_not_signed(locked)
        if locked.statut not in (StatutSeance.A_PLANIFIER, StatutSeance.PLANIFIEE):
            raise SeanceError("seance_closed", _("Cette séance est déjà annulée ou manquée."))
        locked.statut = StatutSeance.ANNULEE
        locked.save(update_fields=["statut"])
        _evenement(locked, SeanceEvenement.Type.ANNULEE, motif=motif, by=consultant)
        plan_accompagnement_save(plan=plan, minutes=minutes_planifiees(bilan=bilan))
        audit_record(event="seance.cancelled", actor=consultant, target=locked, ip=ip)
    return locked


def seance_absence_record(
    *,
    seance: Seance,
    consultant: User,
    motif: str,
    justifiee: bool,
    ip: str | None = None,
) -> Seance:
    """Record the beneficiary's absence, with a reason, justified or not (domain.md,
    Attendance); on or after the session's day, never for a signed session."""
    motif = _motif_required(motif)
    with transaction.atomic():
        bilan = bilan_locked_for_consultant(bilan=seance.bilan, consultant=consultant)
        plan = plan_locked(bilan=bilan)
        locked = Seance.objects.select_for_update().get(pk=seance.pk)
        check_not_signed(locked)
        if locked.statut != StatutSeance.PLANIFIEE:
            raise SeanceError("seance_not_scheduled", _("Cette séance n'est pas planifiée."))
        if locked.date > timezone.localdate():
            raise SeanceError(
                "absence_in_advance",
                _("Une absence ne s'enregistre pas avant le jour de la séance."),
            )
        locked.statut = StatutSeance.ABSENCE
        locked.absence_justifiee = justifiee
        locked.save(update_fields=["statut", "absence_justifiee"])
        _evenement(locked, SeanceEvenement.Type.ABSENCE, motif=motif, by=consultant)
        plan_accompagnement_save(plan=plan, minutes=minutes_planifiees(bilan=bilan))
        audit_record(event="seance.absence_recorded", actor=consultant, target=locked, ip=ip)
    return locked


def seance_connexion_record(
    *,
    seance: Seance,
    consultant: User,
    rejoint_a: datetime.datetime,
    quitte_a: datetime.datetime,
    ip: str | None = None,
) -> Seance:
    """Record a remote session's join and leave times (domain.md, Attendance: a remote
    session keeps probative elements), given by the consultant or the visio provider.

    Refused once the session has a signature: signed data never changes (domain.md,
    Attendance).
    """
    with transaction.atomic():
        bilan_locked_for_consultant(bilan=seance.bilan, consultant=consultant)
        locked = Seance.objects.select_for_update().get(pk=seance.pk)
        check_not_signed(locked)
        if locked.modalite not in (Modalite.DISTANCIEL, Modalite.MIXTE):
            raise SeanceError(
                "not_remote", _("Les heures de connexion ne concernent que les séances à distance.")
            )
        if quitte_a <= rejoint_a:
            raise SeanceError(
                "connexion_invalid", _("L'heure de déconnexion doit suivre l'heure de connexion.")
            )
        if timezone.localtime(rejoint_a).date() != locked.date:
            raise SeanceError(
                "connexion_other_day", _("La connexion doit dater du jour de la séance.")
            )
        locked.connexion_debut, locked.connexion_fin = rejoint_a, quitte_a
        locked.save(update_fields=["connexion_debut", "connexion_fin"])
        audit_record(event="seance.connection_recorded", actor=consultant, target=locked, ip=ip)
    return locked


def seances_consultant_change(*, bilan: Bilan, ancien: User | None, nouveau: User) -> int:
    """Give the bilan's sessions to its new consultant (domain.md, Confidentiality: "a
    change of consultant moves the access"); called inside the reassignment's transaction.

    Only sessions without any signature move: a signature binds the digest of the row,
    consultant's name included (domain.md, Attendance: once signed, a session's data never
    changes), so a signed session keeps the consultant who held it. The reassignment's
    own audit entry records the change. Returns how many sessions moved.

    Refused (:class:`~beneficiaires.errors.BilanError`, the reassignment's own error type,
    so that nothing changes) when a scheduled session would overlap another session of the
    new consultant, as scheduling refuses it.
    """
    a_deplacer = Seance.objects.filter(bilan_id=bilan.pk, emargements__isnull=True).exclude(
        consultant=nouveau
    )
    # The consultant's row is the lock that serialises their agenda (as in scheduling).
    User.objects.select_for_update().get(pk=nouveau.pk)
    for seance in a_deplacer.filter(statut=StatutSeance.PLANIFIEE).order_by("date", "debut"):
        if (
            Seance.objects.filter(
                consultant=nouveau,
                statut=StatutSeance.PLANIFIEE,
                date=seance.date,
                debut__lt=seance.fin,
                fin__gt=seance.debut,
            )
            .exclude(bilan_id=bilan.pk)
            .exists()
        ):
            raise BilanError(
                "consultant_overlap",
                _(
                    "%(nom)s a déjà une séance qui chevauche celle du %(date)s de %(d)s à "
                    "%(f)s de ce bilan : déplacez l'une d'elles avant de changer de consultant."
                )
                % {
                    "nom": nouveau.get_full_name(),
                    "date": f"{seance.date:%d/%m/%Y}",
                    "d": f"{seance.debut:%H:%M}",
                    "f": f"{seance.fin:%H:%M}",
                },
            )
    return a_deplacer.update(consultant=nouveau)


def plan_avertissements(*, bilan_id: int) -> list[str]:
    """Warnings, never refusals: the span from the first to the last scheduled session
    outside 3 weeks to 4 months (seed programme, Amplitude et durée)."""
    dates = sorted(
        Seance.objects.filter(bilan_id=bilan_id, statut=StatutSeance.PLANIFIEE).values_list(
            "date", flat=True
        )
    )
    if len(dates) < 2:
        return []
    premiere, derniere = dates[0], dates[-1]
    if derniere - premiere < AMPLITUDE_MIN:
        return [
            _(
                "Les séances s'étendent sur moins de 3 semaines (du %(d1)s au %(d2)s) : "
                "le programme prévoit 3 semaines à 4 mois."
            )
            % {"d1": f"{premiere:%d/%m/%Y}", "d2": f"{derniere:%d/%m/%Y}"}
        ]
    if derniere > _ajoute_mois(premiere, AMPLITUDE_MAX_MOIS):
        return [
            _(
                "Les séances s'étendent sur plus de 4 mois (du %(d1)s au %(d2)s) : "
                "le programme prévoit 3 semaines à 4 mois."
            )
            % {"d1": f"{premiere:%d/%m/%Y}", "d2": f"{derniere:%d/%m/%Y}"}
        ]
    return []


def _placer(
    *,
    seance: Seance,
    consultant: User,
    creneau: tuple[datetime.date, datetime.time, datetime.time],
    modalite: str,
    lieu: str,
    lien_visio: str,
    motif: str | None,
    ip: str | None,
) -> Seance:
    date, debut, fin = creneau
    lieu, lien_visio = lieu.strip(), lien_visio.strip()
    _check_creneau(date=date, debut=debut, fin=fin)
    _check_modalite(modalite=modalite, lieu=lieu, lien_visio=lien_visio)
    report = motif is not None
    if report:
        motif = _motif_required(motif or "")
    with transaction.atomic():
        bilan = bilan_locked_for_consultant(bilan=seance.bilan, consultant=consultant)
        if not bilan_engagement_complete(bilan=bilan):
            raise SeanceError(
                "engagement_incomplete",
                _("Aucune séance ne peut être planifiée avant que l'engagement soit complet."),
            )
        plan = plan_locked(bilan=bilan)
        locked = Seance.objects.select_for_update().get(pk=seance.pk)
        check_not_signed(locked)
        attendu = StatutSeance.PLANIFIEE if report else StatutSeance.A_PLANIFIER
        if locked.statut != attendu:
            raise SeanceError("seance_status", _statut_message(report))
        duree = _minutes(debut, fin)
        accompagnement = minutes_planifiees(bilan=bilan, sauf=locked) + duree
        check_24h(accompagnement=accompagnement, travail=plan.minutes_travail_prevues)
        _check_ordre(locked, creneau)
        # The consultant's row is the lock that serialises their agenda (portable; no
        # PostgreSQL exclusion constraint, SQLite runs too).
        User.objects.select_for_update().get(pk=consultant.pk)
        _check_chevauchement(consultant=consultant, seance=locked, creneau=creneau)
        ancien = (locked.date, locked.debut, locked.fin)
        locked.date, locked.debut, locked.fin = date, debut, fin
        locked.duree_minutes, locked.modalite = duree, modalite
        locked.lieu = lieu if modalite != Modalite.DISTANCIEL else ""
        locked.lien_visio = lien_visio if modalite != Modalite.PRESENTIEL else ""
        locked.consultant, locked.statut = consultant, StatutSeance.PLANIFIEE
        locked.save()
        plan_accompagnement_save(plan=plan, minutes=accompagnement)
        kind = SeanceEvenement.Type.REPORTEE if report else SeanceEvenement.Type.PLANIFIEE
        _evenement(locked, kind, motif=motif or "", by=consultant, ancien=ancien)
        event = "seance.rescheduled" if report else "seance.scheduled"
        audit_record(event=event, actor=consultant, target=locked, ip=ip)
    return locked


def _check_creneau(*, date: datetime.date, debut: datetime.time, fin: datetime.time) -> None:
    if fin <= debut:
        raise SeanceError("creneau_invalid", _("L'heure de fin doit suivre l'heure de début."))
    # A session held today is recorded even once started or over, so that both can still
    # sign it on its day; an earlier day could no longer be signed (domain.md, Attendance:
    # same day only), so it is refused.
    if date < timezone.localdate():
        raise SeanceError(
            "creneau_past",
            _(
                "Une séance d'un jour passé ne s'enregistre plus : l'émargement se signe le "
                "jour même de la séance."
            ),
        )


def _check_modalite(*, modalite: str, lieu: str, lien_visio: str) -> None:
    if modalite not in Modalite.values:
        raise SeanceError(
            "modalite_invalid", _("Choisissez la modalité : présentiel, distanciel ou mixte.")
        )
    if modalite in (Modalite.PRESENTIEL, Modalite.MIXTE) and not lieu:
        raise SeanceError("lieu_required", _("Indiquez le lieu de la séance en présentiel."))
    if modalite in (Modalite.DISTANCIEL, Modalite.MIXTE) and not lien_visio.startswith("https://"):
        raise SeanceError(
            "lien_required", _("Indiquez le lien de visioconférence (adresse en https://).")
        )
    if any(c.isspace() or unicodedata.category(c).startswith("C") for c in lien_visio):
        # The link goes into calendars (.ics) and e-mails: no line break may smuggle in
        # another property (RFC 5545, 3.1).
        raise SeanceError(
            "lien_invalid",
            _(
                "Le lien de visioconférence ne doit contenir ni espace, ni retour à la ligne, "
                "ni caractère de contrôle."
            ),
        )


def _check_chevauchement(
    *,
    consultant: User,
    seance: Seance,
    creneau: tuple[datetime.date, datetime.time, datetime.time],
) -> None:
    date, debut, fin = creneau
    autre = (
        Seance.objects.filter(
            consultant=consultant,
            statut=StatutSeance.PLANIFIEE,
            date=date,
            debut__lt=fin,
            fin__gt=debut,
        )
        .exclude(pk=seance.pk)
        .first()
    )
    if autre is not None:
        raise SeanceError(
            "overlap",
            _("Ce créneau chevauche une autre de vos séances (le %(date)s de %(d)s à %(f)s).")
            % {
                "date": f"{autre.date:%d/%m/%Y}",
                "d": f"{autre.debut:%H:%M}",
                "f": f"{autre.fin:%H:%M}",
            },
        )


Slot = tuple[datetime.date, datetime.time, datetime.time]


def _check_ordre(seance: Seance, creneau: Slot) -> None:
    """R6313-4: each session starts after a session of each earlier phase has ended; a
    move must not leave a later session without its earlier phase either."""
    autres = [
        (s.phase, (s.date, s.debut, s.fin))
        for s in Seance.objects.filter(
            bilan_id=seance.bilan_id, statut=StatutSeance.PLANIFIEE
        ).exclude(pk=seance.pk)
    ]
    apres = [*autres, (seance.phase, creneau)]
    manquante = _phase_manquante(seance.phase, creneau, apres)
    if manquante is not None:
        raise SeanceError("phase_order", _phase_message(seance.phase, manquante))
    avant = [*autres]
    if seance.statut == StatutSeance.PLANIFIEE:
        avant.append((seance.phase, (seance.date, seance.debut, seance.fin)))
    for phase, slot in autres:
        if _rang(phase) > _rang(seance.phase) and (
            _phase_manquante(phase, slot, avant) is None
            and _phase_manquante(phase, slot, apres) is not None
        ):
            raise SeanceError("phase_order", _phase_message(phase, seance.phase))


def _phase_manquante(phase: str, slot: Slot, sessions: Iterable[tuple[str, Slot]]) -> str | None:
    sessions = list(sessions)
    for anterieure in PHASES_ORDRE[: _rang(phase)]:
        if not any(p == anterieure and _finit_avant(s, slot) for p, s in sessions):
            return anterieure
    return None


def _finit_avant(a: Slot, b: Slot) -> bool:
    return (a[0], a[2]) <= (b[0], b[1])


def _rang(phase: str) -> int:
    return PHASES_ORDRE.index(phase)


def _phase_message(phase: str, manquante: str) -> str:
    return _(
        "Une séance de la %(phase)s ne peut avoir lieu qu'après une séance de la %(manquante)s."
    ) % {"phase": str(Phase(phase).label).lower(), "manquante": str(Phase(manquante).label).lower()}


def _statut_message(report: bool) -> str:
    if report:
        return _("Seule une séance planifiée peut être reportée.")
    return _("Cette séance est déjà planifiée : reportez-la avec un motif.")


def _minutes(debut: datetime.time, fin: datetime.time) -> int:
    return (fin.hour * 60 + fin.minute) - (debut.hour * 60 + debut.minute)


def _motif_required(motif: str) -> str:
    motif = (motif or "").strip()
    if not motif:
        raise SeanceError("motif_required", _("Indiquez le motif."))
    return motif


def _evenement(
    seance: Seance,
    kind: str,
    *,
    motif: str,
    by: User,
    ancien: tuple | None = None,
) -> None:
    date, debut, fin = ancien or (None, None, None)
    SeanceEvenement.objects.create(
        seance=seance,
        type=kind,
        motif=motif,
        ancienne_date=date,
        ancien_debut=debut,
        ancienne_fin=fin,
        acteur_id=by.pk,
    )


def _ajoute_mois(jour: datetime.date, mois: int) -> datetime.date:
    annee, m = divmod(jour.month - 1 + mois, 12)
    annee, m = jour.year + annee, m + 1
    return jour.replace(year=annee, month=m, day=min(jour.day, calendar.monthrange(annee, m)[1]))
