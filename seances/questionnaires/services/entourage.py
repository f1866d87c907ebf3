"""The 360° image survey (issue 11, point 5; seed 004, séances 2-3 and 4-5): the
beneficiary invites people around them by e-mail; each answers the short grid of
:mod:`..grille` once, through a single-use link, without an account.

Links: ``secrets.token_urlsafe(32)``, only the SHA-256 stored; the raw token waits encrypted
until the e-mail task sent it, then is blanked (as the employer's signing link,
beneficiaires.convention). Answers are bilan content; when the beneficiary chose anonymity,
an answer is not linked to its invitation at all.
"""

from __future__ import annotations

import datetime
import json
import secrets
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan
from bilan.audit.services import audit_record
from bilan.comptes.models import User
from bilan.jetons import token_hash

from ..errors import QuestionnaireError
from ..grille import ECHELLE_360_MAX, QUALITES, TEXTE_MAX, TEXTES
from ..models import INVITATIONS_MAX, Enquete360, Invitation360, Reponse360
from ._commun import ETATS_ACTIFS, bilan_locked, check_actif, check_beneficiaire, grant_both

PERM = "view_enquete360"
# How long an invitation's link lives (issue 11: "expiry e.g. 21 days").
INVITATION_JOURS = 21
NOM_MAX = 150


def enquete_ouvrir(
    *, bilan: Bilan, beneficiaire_user: User, anonyme: bool, ip: str | None = None
) -> Enquete360:
    """The beneficiary opens the bilan's survey and chooses, once, whether the answers stay
    anonymous (the choice cannot change afterwards: people answer under it)."""
    with transaction.atomic():
        locked = bilan_locked(bilan=bilan)
        check_beneficiaire(locked, beneficiaire_user)
        check_actif(locked)
        try:
            with transaction.atomic():
                enquete = Enquete360.objects.create(bilan=locked, anonyme=anonyme)
        except IntegrityError as exc:
            raise QuestionnaireError(
                "enquete_existe", _("L'enquête auprès de votre entourage est déjà ouverte.")
            ) from exc
        grant_both(bilan=locked, obj=enquete, perm=PERM)
        audit_record(event="entourage.opened", actor=beneficiaire_user, target=enquete, ip=ip)
    return enquete


def invitation_creer(
    *,
    enquete: Enquete360,
    beneficiaire_user: User,
    email: str,
    nom: str = "",
    ip: str | None = None,
) -> str:
    """Invite one person (e-mail required, name optional), 10 at most per survey; return
    the raw token, once. The e-mail leaves when the transaction commits."""
    email = (email or "").strip()
    nom = (nom or "").strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise QuestionnaireError(
            "email_invalide", _("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.")
        ) from exc
    if len(nom) > NOM_MAX:
        raise QuestionnaireError(
            "nom_trop_long", _("Le nom fait %(max)s caractères au plus.") % {"max": NOM_MAX}
        )
    with transaction.atomic():
        locked = bilan_locked(bilan=enquete.bilan)
        check_beneficiaire(locked, beneficiaire_user)
        check_actif(locked)
        invitations = list(Invitation360.objects.filter(enquete=enquete))
        if len(invitations) >= INVITATIONS_MAX:
            raise QuestionnaireError(
                "trop_d_invitations",
                _("Vous avez déjà invité %(max)s personnes : c'est le maximum.")
                % {"max": INVITATIONS_MAX},
            )
        if any(i.email.lower() == email.lower() for i in invitations):
            raise QuestionnaireError("email_deja_invite", _("Cette personne est déjà invitée."))
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        invitation = Invitation360.objects.create(
            enquete=enquete,
            nom=nom,
            email=email,
            token_hash=token_hash(token),
            token_a_envoyer=token,
            created_at=now,
            expires_at=now + datetime.timedelta(days=INVITATION_JOURS),
        )
        audit_record(event="entourage.invited", actor=beneficiaire_user, target=invitation, ip=ip)
        from ..tasks import entourage_invitation_send_task

        # The task gets the invitation's id alone, never the credential.
        transaction.on_commit(
            lambda: entourage_invitation_send_task.delay(invitation_id=invitation.pk)
        )
    return token


def invitation_envoyer(*, invitation_id: int) -> bool:
    """E-mail the link, then blank the stored token (the database keeps its SHA-256 alone).
    False, and nothing sent, when the link is no longer live or already left."""
    with transaction.atomic():
        invitation = (
            Invitation360.objects.select_for_update(of=("self",))
            .select_related("enquete__bilan__beneficiaire__user")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or not invitation.token_a_envoyer:
            return False
        token = invitation.token_a_envoyer
        vivant = invitation.used_at is None and invitation.expires_at > timezone.now()
        envoye = vivant and token_hash(token) == invitation.token_hash
        if envoye:
            _mail(invitation, token)
        Invitation360.objects.filter(pk=invitation.pk).update(
            token_a_envoyer=None, envoye_le=timezone.now() if envoye else None
        )
    return envoye


def _mail(invitation: Invitation360, token: str) -> None:
    beneficiaire = invitation.enquete.bilan.beneficiaire.user
    context = {
        "nom": invitation.nom,
        "beneficiaire": beneficiaire.get_full_name(),
        "lien": settings.BILAN_BASE_URL.rstrip("/")
        + reverse("entourage:entourage_repondre", kwargs={"token": token}),
        "expire_le": timezone.localtime(invitation.expires_at),
        "anonyme": invitation.enquete.anonyme,
        "organisation": settings.ORGANISATION_NOM,
    }
    # The name goes into a header: on one line, whatever was stored (a line break would
    # make send_mail refuse the message, and the invitation would never leave).
    nom = " ".join(beneficiaire.get_full_name().split())
    send_mail(
        subject=_("%(nom)s vous demande votre regard sur son parcours") % {"nom": nom},
        message=render_to_string("questionnaires/email/invitation.txt", context),
        html_message=render_to_string("questionnaires/email/invitation.html", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def invitation_pour_jeton(*, token: str) -> Invitation360:
    """The invitation of ``token`` if it can still be answered; otherwise a refusal that
    tells nothing of the bilan (``lien_inconnu``: 404; the others: 410)."""
    invitation = (
        Invitation360.objects.select_related("enquete__bilan__beneficiaire__user")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise QuestionnaireError("lien_inconnu", _("Ce lien n'existe pas."))
    if invitation.used_at is not None:
        raise QuestionnaireError(
            "lien_utilise",
            _("Ce lien a déjà servi : on ne répond qu'une fois. Merci pour votre réponse."),
        )
    if invitation.expires_at <= timezone.now():
        raise QuestionnaireError(
            "lien_expire",
            _("Ce lien n'est plus valable : le délai pour répondre est passé."),
        )
    if invitation.enquete.bilan.etat not in ETATS_ACTIFS:
        raise QuestionnaireError("enquete_close", _("Cette enquête est close."))
    return invitation


def notes_valider(brutes: Mapping[str, object]) -> dict[str, int]:
    """A value 1..4 for every quality of the grid."""
    manquantes = [code for code, _libelle in QUALITES if brutes.get(code) in (None, "")]
    if manquantes:
        raise QuestionnaireError(
            "reponse_manquante", _("Répondez à chacune des affirmations avant d'envoyer.")
        )
    notes = {}
    for code, _libelle in QUALITES:
        try:
            valeur = int(str(brutes[code]))
        except ValueError:
            valeur = 0
        if not 1 <= valeur <= ECHELLE_360_MAX:
            raise QuestionnaireError(
                "reponse_hors_echelle",
                _("Chaque réponse doit être une valeur de l'échelle, de 1 à %(max)s.")
                % {"max": ECHELLE_360_MAX},
            )
        notes[code] = valeur
    return notes


def textes_valider(brutes: Mapping[str, object]) -> dict[str, str]:
    textes = {code: str(brutes.get(code) or "").strip() for code, _question in TEXTES}
    if any(len(t) > TEXTE_MAX for t in textes.values()):
        raise QuestionnaireError(
            "texte_trop_long",
            _("Chaque réponse libre fait %(max)s caractères au plus.") % {"max": TEXTE_MAX},
        )
    return textes


def reponse360_enregistrer(
    *,
    token: str,
    notes: Mapping[str, object],
    textes: Mapping[str, object],
) -> Reponse360:
    """Record one person's answer and spend their link (single use, checked again under
    the lock: two concurrent submissions record one answer). Neither the IP nor the exact
    time is kept: they could tell who answered."""
    valeurs = notes_valider(notes)
    libres = textes_valider(textes)
    with transaction.atomic():
        invitation = invitation_pour_jeton(token=token)
        invitation = invitation_pour_jeton_locked(invitation.pk, token)
        enquete = invitation.enquete
        reponse = Reponse360.objects.create(
            enquete=enquete,
            invitation=None if enquete.anonyme else invitation,
            notes=json.dumps(valeurs),
            textes=json.dumps(libres, ensure_ascii=False),
        )
        Invitation360.objects.filter(pk=invitation.pk).update(
            used_at=timezone.now(), token_a_envoyer=None
        )
        # The survey, not the invitation: the log must not tell who answered when.
        audit_record(event="entourage.answered", actor=None, target=enquete)
    return reponse


def invitation_pour_jeton_locked(pk: int, token: str) -> Invitation360:
    Invitation360.objects.select_for_update().filter(pk=pk).first()
    return invitation_pour_jeton(token=token)
