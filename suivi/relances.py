"""The daily follow-up e-mails (issue 7, point 3): never lost, never twice.

No six-month delayed task: a daily beat job asks the database what is due.

1. :func:`relances_planifier` (one transaction) writes a :class:`~suivi.models.Relance` row
   ``a_envoyer`` for each mail now due; the unique key (bilan, type, echeance) makes a
   second run, or a second worker, a no-op. The query is "due up to today", not "due
   today": a day without worker or Redis is caught up the next day.
2. :func:`relances_envoyer` sends the pending rows, each in its own short transaction:
   lock the row (``select_for_update(skip_locked)``: two workers never take the same row),
   check the bilan again, send, mark ``envoyee``, commit.

Delivery is at least once: a worker killed between the SMTP hand-over and the commit of
its batch leaves the batch's rows pending, and the next run sends them again; the only
duplicates possible are the mails of that one batch already handed over (``LOT``, 50 at
most). The other choice, marking before sending, would lose them for good; a reminder lost
is worse than one repeated. Batches rather than one row per transaction: the round trips of
one transaction per mail made the catch-up over 10,000 bilans take minutes (bench).
A bilan abandoned, refused, closed or purged in between gets nothing: its row is cancelled
(or gone with the bilan).
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from beneficiaires.models import Bilan, BilanEvenement, Etat

from .models import Decision, EntretienSuivi, EtatRelance, Invitation, Moment, Relance, Suivi
from .models import TypeRelance as T
from .selectors import ETATS_SUIVI, enquete_froid_apres_jours, invitation_apres_jours
from .services import invitation_froid_preparer

logger = logging.getLogger(__name__)

# The à-froid survey closes six months after the end (domain.md, 10: between 3 and 6 months).
ENQUETE_FROID_FIN_JOURS = 183
# Rows sent per transaction (see the module's docstring: the bound on a repeated mail).
LOT = 50
# The invitation to book is not sent past this age (a bilan ended long before the feature).
INVITATION_FIN_JOURS = 270

# The states in which each mail still makes sense: the follow-up's mails while it runs;
# the à-froid survey also once the bilan is closed (after the interview), never after an
# abandonment or a refusal.
ETATS = {
    T.INVITATION: ETATS_SUIVI,
    T.RAPPEL_BENEFICIAIRE: ETATS_SUIVI,
    T.RAPPEL_CONSULTANT: ETATS_SUIVI,
    T.ENQUETE_FROID: (*ETATS_SUIVI, Etat.CLOS),
}

SUJETS = {
    T.INVITATION: "Votre entretien de suivi : choisissez votre rendez-vous",
    T.RAPPEL_BENEFICIAIRE: "Rappel : votre entretien de suivi demain",
    T.RAPPEL_CONSULTANT: "Rappel : entretien de suivi demain",
    T.ENQUETE_FROID: "Votre avis quelques mois après votre bilan",
}


def _debut_du_jour(jour: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time.min))


@transaction.atomic
def relances_planifier(*, aujourdhui: datetime.date | None = None) -> int:
    """Stamp every mail due up to today (one row per mail, committed before any sending)."""
    aujourdhui = aujourdhui or timezone.localdate()
    rows: list[Relance] = []
    for type_, apres, jusqua, exclure_decline in (
        (T.INVITATION, invitation_apres_jours(), INVITATION_FIN_JOURS, True),
        (T.ENQUETE_FROID, enquete_froid_apres_jours(), ENQUETE_FROID_FIN_JOURS, False),
    ):
        fins = BilanEvenement.objects.filter(vers=Etat.TERMINE, bilan__etat__in=ETATS[type_])
        du = _debut_du_jour(aujourdhui - datetime.timedelta(days=jusqua))
        au = _debut_du_jour(aujourdhui - datetime.timedelta(days=apres - 1))
        deja = Relance.objects.filter(bilan_id=OuterRef("bilan_id"), type=type_)
        dus = fins.filter(at__gte=du, at__lt=au).filter(~Exists(deja))
        if exclure_decline:
            # Declined or already booked: no invitation to book.
            dus = dus.filter(
                ~Exists(
                    Suivi.objects.filter(bilan_id=OuterRef("bilan_id"), decision=Decision.DECLINE)
                ),
                ~Exists(EntretienSuivi.objects.filter(bilan_id=OuterRef("bilan_id"))),
            )
        else:
            dus = dus.filter(
                ~Exists(
                    Invitation.objects.filter(
                        bilan_id=OuterRef("bilan_id"), moment=Moment.FROID, repondu_le__isnull=False
                    )
                )
            )
        for bilan_id, at in dus.values_list("bilan_id", "at"):
            rows.append(Relance(bilan_id=bilan_id, type=type_, echeance=timezone.localdate(at)))
    # The day before the interview, for both (a late run still reminds on the morning).
    demain = aujourdhui + datetime.timedelta(days=1)
    entretiens = (
        EntretienSuivi.objects.filter(
            debut__gte=max(timezone.now(), _debut_du_jour(aujourdhui)),
            debut__lt=_debut_du_jour(demain + datetime.timedelta(days=1)),
            bilan__etat__in=ETATS_SUIVI,
        )
        .filter(
            ~Exists(
                Relance.objects.filter(
                    bilan_id=OuterRef("bilan_id"), type=T.RAPPEL_CONSULTANT, echeance=demain
                )
            )
        )
        .values_list("bilan_id", "debut")
    )
    for bilan_id, debut in entretiens:
        jour = timezone.localdate(debut)
        rows.append(Relance(bilan_id=bilan_id, type=T.RAPPEL_BENEFICIAIRE, echeance=jour))
        rows.append(Relance(bilan_id=bilan_id, type=T.RAPPEL_CONSULTANT, echeance=jour))
    Relance.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(rows)


def relances_envoyer(*, limite: int | None = None) -> int:
    """Send the pending mails, a batch of rows per short transaction; return how many left.

    Each batch: lock up to ``LOT`` pending rows (``skip_locked``: another worker takes the
    next ones), read in bulk what decides them, send, mark them all, commit.
    """
    envoyees = 0
    restant = limite
    while restant is None or restant > 0:
        taille = LOT if restant is None else min(LOT, restant)
        with transaction.atomic():
            lot = list(
                Relance.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("bilan__beneficiaire__user", "bilan__consultant")
                .filter(etat=EtatRelance.A_ENVOYER)
                .order_by("created_at", "pk")[:taille]
            )
            if not lot:
                break
            contexte = _Contexte.pour(lot)
            maintenant = timezone.now()
            faites, annulees = [], []
            panne: Exception | None = None
            # One SMTP connection per batch; a refused mail stops the batch but the mails
            # already handed over are still marked sent below (never twice).
            with get_connection() as connexion:
                for relance in lot:
                    try:
                        envoyee = _envoyer(relance, contexte, connexion)
                    except (OSError, smtplib.SMTPException) as exc:
                        panne = exc
                        break
                    (faites if envoyee else annulees).append(relance.pk)
            Relance.objects.filter(pk__in=faites).update(
                etat=EtatRelance.ENVOYEE, envoyee_le=maintenant
            )
            Relance.objects.filter(pk__in=annulees).update(
                etat=EtatRelance.ANNULEE, envoyee_le=maintenant
            )
            envoyees += len(faites)
        if panne is not None:
            # The server refuses: the rest stays due and the next run sends it.
            logger.warning("relances du suivi interrompues : %s", type(panne).__name__)
            break
        if restant is not None:
            restant -= len(lot)
    return envoyees


class _Contexte:
    """What decides a batch's mails, read in two queries for the whole batch."""

    def __init__(self, declines: set[int], entretiens: dict[int, EntretienSuivi]) -> None:
        self.declines = declines
        self.entretiens = entretiens

    @classmethod
    def pour(cls, lot: list[Relance]) -> _Contexte:
        ids = {r.bilan_id for r in lot}
        declines = set(
            Suivi.objects.filter(bilan_id__in=ids, decision=Decision.DECLINE).values_list(
                "bilan_id", flat=True
            )
        )
        entretiens = {e.bilan_id: e for e in EntretienSuivi.objects.filter(bilan_id__in=ids)}
        return cls(declines, entretiens)


def relances_quotidiennes() -> dict[str, int]:
    """The daily job: stamp what is due, then send it."""
    dues = relances_planifier()
    envoyees = relances_envoyer()
    logger.info("suivi: %s relance(s) dues, %s envoyée(s)", dues, envoyees)
    return {"dues": dues, "envoyees": envoyees}


def _envoyer(relance: Relance, contexte: _Contexte, connexion: Any = None) -> bool:
    """Send one mail if the bilan still calls for it; ``False`` cancels the row."""
    bilan: Bilan = relance.bilan
    if bilan.etat not in ETATS[relance.type]:
        return False  # abandoned, refused or closed meanwhile: nothing is sent
    base = settings.BILAN_BASE_URL.rstrip("/")
    context = {
        "organisation": settings.ORGANISATION_NOM,
        "prenom": bilan.beneficiaire.user.first_name,
        "reference": bilan.reference,
        "lien_portail": base + reverse("portail:suivi_bilan", kwargs={"pk": bilan.pk}),
    }
    destinataire = bilan.beneficiaire.user.email
    if relance.type == T.INVITATION:
        if bilan.pk in contexte.declines or bilan.pk in contexte.entretiens:
            return False
        gabarit = "invitation"
    elif relance.type in (T.RAPPEL_BENEFICIAIRE, T.RAPPEL_CONSULTANT):
        entretien = contexte.entretiens.get(bilan.pk)
        if entretien is None or timezone.localdate(entretien.debut) != relance.echeance:
            return False  # cancelled or moved: the new date has its own row
        context["entretien"] = entretien
        context["debut"] = timezone.localtime(entretien.debut)
        gabarit = "rappel"
        if relance.type == T.RAPPEL_CONSULTANT:
            if bilan.consultant is None:
                return False
            destinataire = bilan.consultant.email
            context["prenom"] = bilan.consultant.first_name
            context["pour_consultant"] = True
            context["lien_portail"] = base + reverse(
                "backoffice:suivi_bilan", kwargs={"pk": bilan.pk}
            )
    else:
        expire = _debut_du_jour(
            relance.echeance + datetime.timedelta(days=ENQUETE_FROID_FIN_JOURS + 1)
        )
        expire = max(expire, timezone.now() + datetime.timedelta(days=14))
        token = invitation_froid_preparer(bilan=bilan, expires_at=expire)
        if token is None:
            return False  # already answered
        context["lien"] = base + reverse("avis:avis_froid", kwargs={"jeton": token})
        context["expire_le"] = timezone.localtime(expire)
        gabarit = "enquete_froid"
    mail = EmailMultiAlternatives(
        subject=f"[{settings.ORGANISATION_NOM}] {SUJETS[relance.type]}",
        body=render_to_string(f"suivi/email/{gabarit}.txt", context),
        to=[destinataire],
        connection=connexion,
    )
    mail.attach_alternative(render_to_string(f"suivi/email/{gabarit}.html", context), "text/html")
    mail.send()
    return True
