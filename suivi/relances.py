"""The daily follow-up e-mails (issue 7, point 3): never lost, never twice.

No six-month delayed task: a daily beat job asks the database what is due.

1. :func:`relances_planifier` (one transaction) writes a :class:`~suivi.models.Relance` row
   ``a_envoyer`` for each mail now due; the unique key (bilan, type, echeance) makes a
   second run, or a second worker, a no-op. The query is "due up to today", not "due
   today": a day without worker or Redis is caught up the next day.
2. :func:`relances_envoyer` sends the pending rows a batch (``LOT``) at a time over one SMTP
   connection. The batch is claimed in one short transaction: its rows are locked
   (``select_for_update(skip_locked)``: two workers never take the same row) and turned
   ``en_cours`` with the time of the attempt. Then, for each row: check the bilan again,
   send, and mark the row ``envoyee`` in its own short transaction right after the server
   accepted the mail.

A worker killed at any moment (issue 10, point 4) never sends again a mail that the server
accepted and the worker marked. The one window left is between the server's acceptance
(its ``250``) and the commit of the mark that follows it, a few milliseconds: a kill there
sends that one mail twice. Every mail carries a ``Message-ID`` made from the row's id
(:func:`message_id`), the same on each attempt, so such a duplicate is recognisable.

A row found ``en_cours`` after a crash is sent again once its claim is older than
``SUIVI_RELANCE_REPRISE_SECONDES`` (15 minutes); it is not set aside as "uncertain". The
choice is the domain's: a missing invitation or reminder of the follow-up interview can
cost the beneficiary the interview the provider must offer (domain.md, 10; R6313-4), a
missing à-froid survey its answer (Qualiopi indicators 2 and 30), while a repeated mail
costs a reader a second look. Most such rows were never accepted anyway: the rest of the
dead worker's batch, and the mail in flight whose server had not answered; only a kill in
the window above repeats a mail. The delay is far longer than a batch takes, so a live
worker is not overtaken: an SMTP server that stops answering is cut after ``EMAIL_TIMEOUT``
(60 s by default, per socket operation), which fails the mail and gives the batch back; but
a server slow enough that a batch of 50 outlasts the delay (about 18 s a mail) would let a
second worker send the rest of that batch again (the first does not re-check its claim). A mail
the server refuses (or a server out of reach) gives its row and the rest of the batch back to
``a_envoyer`` at once: the next run sends them.
One commit per mail is the price of this bound (the catch-up of a deployment's first run
pays it thousands of times; a day's run, tens: bench/suivi_relances.py).
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
from django.db import DatabaseError, transaction
from django.db.models import Exists, F, OuterRef, Q
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
# Rows claimed at once and sent over one SMTP connection.
LOT = 50
# A row is claimed at most this many times: past it, a mail that always fails (a template
# error, a refused domain rule) no longer stops the run at the same row every day.
TENTATIVES_MAX = 5
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
    """Send the pending mails, a batch at a time over one SMTP connection; return how many
    left. Each mail is marked in its own transaction as soon as the server accepted it (the
    module's docstring: what a killed worker can and cannot repeat)."""
    envoyees = 0
    restant = limite
    while restant is None or restant > 0:
        lot = _lot_reserver(taille=LOT if restant is None else min(LOT, restant))
        if not lot:
            break
        faites, panne = _lot_envoyer(lot)
        envoyees += faites
        if panne is not None:
            # The server refuses: the rest stays due and the next run sends it.
            logger.warning("relances du suivi interrompues : %s", type(panne).__name__)
            break
        if restant is not None:
            restant -= len(lot)
    return envoyees


def reprise_apres() -> datetime.timedelta:
    """How long a claimed row waits before another run takes it again (a dead worker's)."""
    return datetime.timedelta(seconds=int(getattr(settings, "SUIVI_RELANCE_REPRISE_SECONDES", 900)))


def message_id(relance: Relance) -> str:
    """The mail's ``Message-ID``: from the row's id, the same on every attempt."""
    domaine = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "bilan.localhost"
    return f"<relance-{relance.pk}@{domaine}>"


def _lot_reserver(*, taille: int) -> list[Relance]:
    """Claim up to ``taille`` rows due: pending, or left ``en_cours`` by a dead worker."""
    maintenant = timezone.now()
    with transaction.atomic():
        lot = list(
            Relance.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("bilan__beneficiaire__user", "bilan__consultant")
            .filter(etat__in=(EtatRelance.A_ENVOYER, EtatRelance.EN_COURS))
            # A row whose sending failed this many times is left (logged below): it must not
            # stop, day after day, every reminder queued behind it.
            .filter(tentatives__lt=TENTATIVES_MAX)
            .filter(
                Q(etat=EtatRelance.A_ENVOYER) | Q(tentative_le__lt=maintenant - reprise_apres())
            )
            .order_by("created_at", "pk")[:taille]
        )
        Relance.objects.filter(pk__in=[r.pk for r in lot]).update(
            etat=EtatRelance.EN_COURS, tentative_le=maintenant, tentatives=F("tentatives") + 1
        )
    reprises = sum(r.etat == EtatRelance.EN_COURS for r in lot)
    if reprises:
        logger.warning("suivi: %s relance(s) reprise(s) après un envoi interrompu", reprises)
    for relance in lot:
        relance.etat, relance.tentative_le = EtatRelance.EN_COURS, maintenant
    return lot


def relances_abandonnees() -> int:
    """Rows left after ``TENTATIVES_MAX`` failed sendings (for the operators' log)."""
    return Relance.objects.filter(
        etat__in=(EtatRelance.A_ENVOYER, EtatRelance.EN_COURS), tentatives__gte=TENTATIVES_MAX
    ).count()


def _lot_envoyer(lot: list[Relance]) -> tuple[int, Exception | None]:
    """Send a claimed batch over one SMTP connection, marking each mail once accepted."""
    faites = entamees = 0
    panne: Exception | None = None
    try:
        contexte = _Contexte.pour(lot)
        with get_connection() as connexion:
            for relance in lot:
                entamees += 1
                try:
                    envoyee = _envoyer(relance, contexte, connexion)
                except smtplib.SMTPRecipientsRefused:
                    # This address is refused, not the server: that row alone is cancelled
                    # and the batch goes on (the connection stays usable).
                    logger.warning(
                        "suivi: relance %s refusée pour son adresse, annulée", relance.pk
                    )
                    envoyee = False
                _marquer(relance, envoyee=envoyee)
                faites += envoyee
    except (OSError, smtplib.SMTPException) as exc:
        # Refused or out of reach: the mail in hand was not accepted, it goes back too.
        panne, entamees = exc, max(entamees - 1, 0)
    finally:
        # Anything else (a bug, the database, a shutdown) leaves the mail in hand en_cours:
        # it may have left; it is sent again after the delay. The rest goes back now.
        _rendre(lot[entamees:])
    return faites, panne


def _marquer(relance: Relance, *, envoyee: bool) -> None:
    """Its own transaction (autocommit), right after the server's answer."""
    Relance.objects.filter(pk=relance.pk).update(
        etat=EtatRelance.ENVOYEE if envoyee else EtatRelance.ANNULEE, envoyee_le=timezone.now()
    )


def _rendre(relances: list[Relance]) -> None:
    """Give claimed rows never handed over back to ``a_envoyer`` (unless another run has
    taken them meanwhile)."""
    if not relances:
        return
    try:
        Relance.objects.filter(
            pk__in=[r.pk for r in relances],
            etat=EtatRelance.EN_COURS,
            tentative_le=relances[0].tentative_le,
        ).update(etat=EtatRelance.A_ENVOYER)
    except DatabaseError:  # the database is away: the rows wait for the delay instead
        logger.exception("suivi: relances non rendues, reprises après le délai")


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
    if abandonnees := relances_abandonnees():
        logger.error(
            "suivi: %s relance(s) abandonnée(s) après %s échecs", abandonnees, TENTATIVES_MAX
        )
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
        with transaction.atomic():
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
        headers={"Message-ID": message_id(relance)},
    )
    mail.attach_alternative(render_to_string(f"suivi/email/{gabarit}.html", context), "text/html")
    mail.send()
    return True
