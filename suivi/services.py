"""Writes of the follow-up (domain.md, 10; R6313-4, R6313-7). The daily reminders live in
:mod:`suivi.relances`."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan, Etat
from bilan.audit.services import audit_record
from bilan.comptes.models import User
from bilan.conservation.errors import ConservationError
from bilan.conservation.politique import accord_fin_verifier, exception_plafond
from bilan.jetons import token_hash
from bilan.permissions import content_grant, content_revoke

from .errors import SuiviError
from .models import (
    ECHELLE_MAX,
    Creneau,
    Decision,
    EntretienSuivi,
    Invitation,
    Modalite,
    Moment,
    Offre,
    Question,
    Questionnaire,
    Reponse,
    Suivi,
    TypeQuestion,
    Valeur,
)
from .selectors import (
    ETATS_OFFRE,
    ETATS_SUIVI,
    fin_du_bilan,
    offre_principale,
)

CONSULTANT_PERMS = ("view_entretiensuivi", "change_entretiensuivi")
BENEFICIAIRE_PERMS = ("view_entretiensuivi",)

# The text the beneficiary reads and agrees to (R6313-7, exception b); stored as shown.
ACCORD_TEXTE = (
    "J'accepte que {org} conserve les documents de mon bilan de compétences nécessaires au "
    "suivi jusqu'au {fin}, au plus trois ans après la fin du bilan (article R6313-7 du Code "
    "du travail). Passé cette date, ils seront détruits."
)


def accord_texte(*, organisation: str, fin: datetime.date) -> str:
    return ACCORD_TEXTE.format(org=organisation, fin=fin.strftime("%d/%m/%Y"))


def _bilan_du_beneficiaire(*, bilan: Bilan, beneficiaire_user: User) -> Bilan:
    locked = Bilan.objects.select_for_update().select_related("beneficiaire").get(pk=bilan.pk)
    if locked.beneficiaire.user_id != beneficiaire_user.pk:
        raise SuiviError("not_owner", _("Ce bilan n'est pas le vôtre."))
    return locked


@transaction.atomic
def suivi_decider(
    *,
    bilan: Bilan,
    beneficiaire_user: User,
    accepte: bool,
    conservation: bool,
    organisation: str,
    ip: str | None = None,
) -> Suivi:
    """Record the beneficiary's answer to the follow-up offered at the end (R6313-4).

    Accepting may come with the written agreement to keep the documents for the follow-up
    (R6313-7): its text as shown, the time, and its end (the provider's setting, 3 years
    after the end of the bilan at most). A beneficiary who declined may accept later (the
    seed programme: the beneficiary may take the initiative); an acceptance is final here,
    though the agreement may still be given after it (booking a slot accepts without it).
    """
    locked = _bilan_du_beneficiaire(bilan=bilan, beneficiaire_user=beneficiaire_user)
    if locked.etat not in ETATS_OFFRE:
        raise SuiviError(
            "bilan_pas_termine",
            _("Le suivi est proposé à la conclusion du bilan, pas avant."),
        )
    if conservation and not accepte:
        raise SuiviError(
            "accord_sans_suivi",
            _("L'accord de conservation ne se donne qu'en acceptant le suivi."),
        )
    existant = Suivi.objects.select_for_update().filter(bilan=locked).first()
    # Once accepted, only the agreement may still be added (a booking accepts without it).
    ajout_accord = accepte and conservation
    if existant is not None and existant.decision == Decision.ACCEPTE:
        if not ajout_accord or existant.accord_conservation:
            raise SuiviError("deja_accepte", _("Vous avez déjà accepté le suivi."))
    if existant is not None and not accepte:
        raise SuiviError("deja_decline", _("Vous avez déjà décliné le suivi."))
    fin = fin_du_bilan(bilan=locked) or timezone.localdate()
    now = timezone.now()
    suivi = existant or Suivi(bilan=locked)
    suivi.decision = Decision.ACCEPTE if accepte else Decision.DECLINE
    suivi.decide_le = now
    suivi.ip = ip
    if conservation:
        suivi.accord_conservation = True
        suivi.accord_fin = exception_plafond(fin)
        try:
            accord_fin_verifier(fin_action=fin, accord_fin=suivi.accord_fin)
        except ConservationError as exc:
            raise SuiviError(exc.code, exc.message) from exc
        suivi.accord_texte = accord_texte(organisation=organisation, fin=suivi.accord_fin)
        suivi.accord_le = now
    suivi.save()
    audit_record(
        event="suivi.accepte" if accepte else "suivi.decline",
        actor=beneficiaire_user,
        target=locked,
        ip=ip,
    )
    if conservation:
        audit_record(
            event="suivi.accord_conservation", actor=beneficiaire_user, target=locked, ip=ip
        )
    return suivi


# --- Slots and the interview ----------------------------------------------------------


@transaction.atomic
def creneau_proposer(
    *, consultant: User, debut: datetime.datetime, duree_minutes: int, modalite: str
) -> Creneau:
    """Offer a slot for follow-up interviews (in the future, no duplicate start)."""
    if debut <= timezone.now():
        raise SuiviError("creneau_passe", _("Un créneau se propose dans le futur."))
    if not 15 <= duree_minutes <= 180:
        raise SuiviError("duree", _("La durée d'un entretien de suivi va de 15 à 180 minutes."))
    if modalite not in Modalite.values:
        raise SuiviError("modalite", _("Modalité inconnue."))
    try:
        with transaction.atomic():
            creneau = Creneau.objects.create(
                consultant=consultant, debut=debut, duree_minutes=duree_minutes, modalite=modalite
            )
    except IntegrityError as exc:
        raise SuiviError(
            "creneau_double", _("Vous proposez déjà un créneau à cette heure.")
        ) from exc
    audit_record(event="suivi.creneau_propose", actor=consultant, target=creneau)
    return creneau


@transaction.atomic
def creneau_retirer(*, creneau: Creneau, consultant: User) -> None:
    """Withdraw a slot nobody booked."""
    locked = Creneau.objects.select_for_update().get(pk=creneau.pk, consultant=consultant)
    if EntretienSuivi.objects.filter(creneau=locked).exists():
        raise SuiviError("creneau_reserve", _("Ce créneau est réservé : il ne peut être retiré."))
    audit_record(event="suivi.creneau_retire", actor=consultant, target=locked)
    locked.delete()


def _entretien_create(
    *, bilan: Bilan, debut: datetime.datetime, duree: int, modalite: str, **extra: Any
) -> EntretienSuivi:
    if EntretienSuivi.objects.filter(bilan=bilan).exists():
        raise SuiviError("deja_planifie", _("L'entretien de suivi est déjà planifié."))
    try:
        with transaction.atomic():
            entretien = EntretienSuivi.objects.create(
                bilan=bilan, debut=debut, duree_minutes=duree, modalite=modalite, **extra
            )
    except IntegrityError as exc:
        raise SuiviError(
            "creneau_pris", _("Ce créneau vient d'être réservé : choisissez-en un autre.")
        ) from exc
    content_grant(user=bilan.beneficiaire.user, obj=entretien, perms=BENEFICIAIRE_PERMS)
    if bilan.consultant_id:
        content_grant(user=bilan.consultant, obj=entretien, perms=CONSULTANT_PERMS)
    return entretien


def _suivi_ouvert(bilan: Bilan) -> None:
    if bilan.etat not in ETATS_SUIVI:
        raise SuiviError(
            "bilan_pas_en_suivi",
            _("L'entretien de suivi se planifie pour un bilan terminé, avant sa clôture."),
        )
    if Suivi.objects.filter(bilan=bilan, decision=Decision.DECLINE).exists():
        raise SuiviError(
            "suivi_decline",
            _("Le suivi a été décliné : il faut d'abord l'accepter pour réserver un entretien."),
        )


@transaction.atomic
def entretien_reserver(
    *, bilan: Bilan, beneficiaire_user: User, creneau_id: int, ip: str | None = None
) -> EntretienSuivi:
    """The beneficiary books one of their consultant's free slots (domain.md, 10: the
    follow-up interview, outside the 24 h). A taken or past slot is refused; the slot row is
    locked, and the unique key on the slot settles a race between two beneficiaries."""
    locked = _bilan_du_beneficiaire(bilan=bilan, beneficiaire_user=beneficiaire_user)
    _suivi_ouvert(locked)
    creneau = (
        Creneau.objects.select_for_update()
        .filter(pk=creneau_id, consultant_id=locked.consultant_id)
        .first()
    )
    if creneau is None:
        raise SuiviError("creneau_inconnu", _("Ce créneau n'est pas proposé par votre consultant."))
    if creneau.debut <= timezone.now():
        raise SuiviError("creneau_passe", _("Ce créneau est passé : choisissez-en un autre."))
    if EntretienSuivi.objects.filter(creneau=creneau).exists():
        raise SuiviError(
            "creneau_pris", _("Ce créneau vient d'être réservé : choisissez-en un autre.")
        )
    entretien = _entretien_create(
        bilan=locked,
        debut=creneau.debut,
        duree=creneau.duree_minutes,
        modalite=creneau.modalite,
        creneau=creneau,
        reserve_par_beneficiaire=True,
    )
    _suivi_accepte_implicitement(locked, ip)
    audit_record(event="suivi.entretien_reserve", actor=beneficiaire_user, target=entretien, ip=ip)
    return entretien


def _suivi_accepte_implicitement(bilan: Bilan, ip: str | None) -> None:
    """Booking the interview is accepting the follow-up (without any retention agreement)."""
    if not Suivi.objects.filter(bilan=bilan).exists():
        Suivi.objects.create(bilan=bilan, decision=Decision.ACCEPTE, ip=ip)


@transaction.atomic
def entretien_planifier(
    *,
    bilan: Bilan,
    consultant: User,
    debut: datetime.datetime,
    duree_minutes: int,
    modalite: str,
) -> EntretienSuivi:
    """The consultant schedules the follow-up interview directly (outside the 24 h: never a
    session of the plan)."""
    locked = Bilan.objects.select_for_update().select_related("beneficiaire__user").get(pk=bilan.pk)
    if locked.consultant_id != consultant.pk:
        raise SuiviError("pas_consultant", _("Ce bilan ne vous est pas confié."))
    _suivi_ouvert(locked)
    if debut <= timezone.now():
        raise SuiviError("date_passee", _("L'entretien se planifie dans le futur."))
    if not 15 <= duree_minutes <= 180 or modalite not in Modalite.values:
        raise SuiviError("duree", _("La durée d'un entretien de suivi va de 15 à 180 minutes."))
    entretien = _entretien_create(bilan=locked, debut=debut, duree=duree_minutes, modalite=modalite)
    audit_record(event="suivi.entretien_planifie", actor=consultant, target=entretien)
    return entretien


@transaction.atomic
def entretien_rediger(
    *,
    entretien: EntretienSuivi,
    consultant: User,
    avancement: str,
    obstacles: str,
    ajustements: str,
    suites: str,
) -> EntretienSuivi:
    """The interview record: progress on the action plan, obstacles met, adjustments, next
    steps (seed: "faire le point sur l'avancement du plan d'action"). Encrypted content;
    written by the assigned consultant once the interview has begun."""
    locked = EntretienSuivi.objects.select_for_update().select_related("bilan").get(pk=entretien.pk)
    if locked.bilan.consultant_id != consultant.pk:
        raise SuiviError("pas_consultant", _("Ce bilan ne vous est pas confié."))
    if locked.debut > timezone.now():
        raise SuiviError(
            "pas_encore_tenu", _("Le compte rendu se rédige une fois l'entretien commencé.")
        )
    if not any(t.strip() for t in (avancement, obstacles, ajustements, suites)):
        raise SuiviError("vide", _("Le compte rendu est vide."))
    locked.avancement, locked.obstacles = avancement, obstacles
    locked.ajustements, locked.suites = ajustements, suites
    locked.redige_le = timezone.now()
    locked.save()
    audit_record(event="suivi.entretien_redige", actor=consultant, target=locked)
    return locked


def suivi_consultant_change(*, bilan: Bilan, ancien: User | None, nouveau: User) -> int:
    """Move the interview record's access to the new consultant (domain.md, Confidentiality:
    "a change of consultant moves the access"); called inside the reassignment's
    transaction. Returns how many records moved."""
    entretien = EntretienSuivi.objects.filter(bilan_id=bilan.pk).first()
    if entretien is None:
        return 0
    if ancien is not None:
        content_revoke(user=ancien, obj=entretien, perms=CONSULTANT_PERMS)
    content_grant(user=nouveau, obj=entretien, perms=CONSULTANT_PERMS)
    return 1


# --- Surveys --------------------------------------------------------------------------


def invitation_froid_preparer(*, bilan: Bilan, expires_at: datetime.datetime) -> str | None:
    """A fresh single-use token for the à-froid survey of ``bilan``; only its SHA-256 is
    kept. ``None`` once answered. Called in a transaction of its own just before the mail
    leaves (suivi.relances): a mail sent again after an interrupted run carries a new token,
    and the first mail's link, if it had left, no longer opens."""
    token = secrets.token_urlsafe(32)
    invitation, _created = Invitation.objects.select_for_update().get_or_create(
        bilan=bilan,
        moment=Moment.FROID,
        defaults={"token_hash": token_hash(token), "expires_at": expires_at},
    )
    if invitation.repondu_le is not None:
        return None
    if not _created:
        invitation.token_hash, invitation.expires_at = token_hash(token), expires_at
        invitation.save(update_fields=["token_hash", "expires_at"])
    return token


def invitation_pour_jeton(*, token: str) -> Invitation:
    """The à-froid invitation of ``token`` if it can still be answered."""
    invitation = Invitation.objects.filter(
        token_hash=token_hash(token), moment=Moment.FROID
    ).first()
    if invitation is None:
        raise SuiviError("jeton_inconnu", _("Ce lien n'est pas valable."))
    if invitation.repondu_le is not None:
        raise SuiviError("jeton_utilise", _("Vous avez déjà répondu à cette enquête : merci !"))
    if invitation.expires_at is not None and invitation.expires_at <= timezone.now():
        raise SuiviError("jeton_expire", _("Ce lien a expiré : l'enquête est close."))
    return invitation


def _valeurs(questions: list[Question], donnees: dict[str, str]) -> list[Valeur]:
    valeurs = []
    for q in questions:
        brut = (donnees.get(f"q{q.pk}") or "").strip()
        if not brut:
            if q.obligatoire:
                raise SuiviError(
                    "reponse_manquante", _("Répondez à la question « %(q)s ».") % {"q": q.libelle}
                )
            continue
        if q.type == TypeQuestion.ECHELLE:
            # The scale's own digits only: "²" is a digit to isdigit(), "9" * 5000 too long.
            if brut not in {str(n) for n in range(1, ECHELLE_MAX + 1)}:
                raise SuiviError(
                    "hors_echelle",
                    _("La note de « %(q)s » va de 1 à %(max)d.")
                    % {"q": q.libelle, "max": ECHELLE_MAX},
                )
            valeurs.append(Valeur(question=q, note=int(brut)))
        elif q.type == TypeQuestion.CHOIX:
            if brut not in q.options:
                raise SuiviError(
                    "choix_inconnu",
                    _("Choisissez une réponse proposée à « %(q)s ».") % {"q": q.libelle},
                )
            valeurs.append(Valeur(question=q, texte=brut))
        else:
            valeurs.append(Valeur(question=q, texte=brut[:4000]))
    return valeurs


@transaction.atomic
def enquete_repondre(
    *, bilan: Bilan, moment: str, donnees: dict[str, str], invitation: Invitation | None = None
) -> Reponse:
    """Record one set of answers, anonymously (domain.md, 10): the answer keeps the offer,
    the moment and the month only; the invitation keeps "has answered" and nothing of the
    answer. Out-of-range or missing answers: refused, nothing written."""
    questions = list(
        Question.objects.filter(questionnaire__moment=moment, active=True).order_by("ordre", "pk")
    )
    if invitation is None:
        invitation, _created = Invitation.objects.select_for_update().get_or_create(
            bilan=bilan, moment=moment
        )
    else:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.repondu_le is not None:
        raise SuiviError("deja_repondu", _("Vous avez déjà répondu à cette enquête : merci !"))
    valeurs = _valeurs(questions, donnees)
    if not valeurs:
        raise SuiviError("vide", _("Répondez à au moins une question."))
    offre = offre_principale()
    if offre is None:
        raise SuiviError("sans_offre", _("Aucune offre n'est publiée."))
    reponse = Reponse.objects.create(
        offre=offre, moment=moment, periode=timezone.localdate().replace(day=1)
    )
    for v in valeurs:
        v.reponse = reponse
    Valeur.objects.bulk_create(valeurs)
    # Single use: the link now answers "already answered" (its hash stays to say so). The
    # day only, and an audit event naming neither the invitation nor the bilan: no time kept
    # anywhere lets an administrator match an answer to a person (domain.md, 10).
    invitation.repondu_le = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    invitation.save(update_fields=["repondu_le"])
    audit_record(event="suivi.enquete_repondue")
    return reponse


def enquete_chaud_repondre(
    *, bilan: Bilan, beneficiaire_user: User, donnees: dict[str, str]
) -> Reponse:
    """The à-chaud survey, from the portal, once the bilan has ended (domain.md, 10)."""
    with transaction.atomic():
        locked = _bilan_du_beneficiaire(bilan=bilan, beneficiaire_user=beneficiaire_user)
        if locked.etat not in (*ETATS_SUIVI, Etat.CLOS):
            raise SuiviError(
                "bilan_pas_termine", _("L'enquête est proposée une fois le bilan terminé.")
            )
        return enquete_repondre(bilan=locked, moment=Moment.CHAUD, donnees=donnees)


# --- Administration: questions and offers ---------------------------------------------


@transaction.atomic
def question_ajouter(
    *,
    questionnaire: Questionnaire,
    libelle: str,
    type: str,  # noqa: A002
    choix: str,
    obligatoire: bool,
    satisfaction: bool,
    acteur: User,
) -> Question:
    """Add a question (scale, choice or free text) to a survey (Qualiopi indicator 30)."""
    if type not in TypeQuestion.values:
        raise SuiviError("type_question", _("Type de question inconnu."))
    options = [c.strip() for c in choix.splitlines() if c.strip()]
    if type == TypeQuestion.CHOIX and len(options) < 2:
        raise SuiviError("choix_insuffisants", _("Proposez au moins deux choix, un par ligne."))
    if satisfaction and type != TypeQuestion.ECHELLE:
        raise SuiviError(
            "satisfaction_echelle", _("Seule une question à échelle compte pour la satisfaction.")
        )
    if not libelle.strip():
        raise SuiviError("libelle", _("Écrivez la question."))
    ordre = questionnaire.questions.count() + 1
    question = Question.objects.create(
        questionnaire=questionnaire,
        ordre=ordre,
        libelle=libelle.strip(),
        type=type,
        choix="\n".join(options) if type == TypeQuestion.CHOIX else "",
        obligatoire=obligatoire,
        satisfaction=satisfaction,
    )
    audit_record(event="suivi.question_ajoutee", actor=acteur, target=question)
    return question


@transaction.atomic
def question_retirer(*, question: Question, acteur: User) -> Question:
    """Stop asking a question; the answers already given stay (results keep their sample)."""
    question.active = False
    question.save(update_fields=["active"])
    audit_record(event="suivi.question_retiree", actor=acteur, target=question)
    return question


@transaction.atomic
def offre_enregistrer(*, offre: Offre, acteur: User) -> Offre:
    """Save an offer's public information, dated today (Qualiopi indicator 1: dated)."""
    offre.mise_a_jour_le = timezone.localdate()
    if offre.principale:
        Offre.objects.exclude(pk=offre.pk).filter(principale=True).update(principale=False)
    offre.save()
    audit_record(event="suivi.offre_modifiee", actor=acteur, target=offre)
    return offre
