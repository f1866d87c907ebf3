"""Writes on a bilan's convention: its content, the three signatures, the employer's or
funder's single-use link, and the day-11 refusal (domain.md, Funding: R6313-8, D6353-1 I).

Order of the signatures: the provider first (the assigned consultant or an administrator),
then the employer or funder through its link, which is the transmission of the convention to
the employee, then the beneficiary in the portal. For another funder (OPCO, France Travail...)
the beneficiary may sign as soon as the provider has, and no 10-day rule applies.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bilan.audit.services import audit_record
from bilan.comptes.models import User
from bilan.jetons import token_hash
from bilan.signatures import empreinte

from .errors import BilanError
from .financement import montant_valide
from .models import (
    CLAUSE_SYNTHESE,
    CONVENTION_DUREE_MAX_HEURES,
    FINANCEMENTS_CONVENTION,
    FINANCEMENTS_TRIPARTITES,
    Bilan,
    Convention,
    Etat,
    Financement,
    LienSignature,
    RoleSignataire,
    SignatureConvention,
)
from .services import bilan_transition

if TYPE_CHECKING:
    from bilan.scelles.models import DocumentScelle

# R6313-8: the employee has 10 days from the transmission; silence is a refusal on day 11.
DELAI_BENEFICIAIRE_JOURS = 10
# The states in which a convention still waits for signatures.
ETATS_EN_ATTENTE = frozenset({Etat.PREALABLE, Etat.ENGAGEMENT})
USER_AGENT_MAX = 400

# French names of the mandatory fields, in the form's order (a missing one is named).
CHAMPS: dict[str, Promise] = {
    "intitule": gettext_lazy("l'intitulé de l'action"),
    "objectif": gettext_lazy("l'objectif"),
    "contenu": gettext_lazy("le contenu"),
    "moyens": gettext_lazy("les moyens"),
    "duree_heures": gettext_lazy("la durée"),
    "date_debut": gettext_lazy("le début de la période"),
    "date_fin": gettext_lazy("la fin de la période"),
    "deroulement_suivi": gettext_lazy("le déroulement et le suivi"),
    "modalites_restitution": gettext_lazy(
        "les modalités de restitution des résultats et de la synthèse"
    ),
    "prix": gettext_lazy("le prix"),
    "modalites_paiement": gettext_lazy("les modalités de paiement"),
    "signataire_organisation": gettext_lazy("la raison sociale de l'organisme signataire"),
    "signataire_nom": gettext_lazy("le nom du contact signataire"),
    "signataire_email": gettext_lazy("l'e-mail du contact signataire"),
}
TEXTES = tuple(
    name for name in CHAMPS if name not in {"duree_heures", "date_debut", "date_fin", "prix"}
)


@dataclass(frozen=True)
class Signe:
    """Where a signature comes from: the client's IP and user agent (Code civil 1366)."""

    ip: str | None = None
    user_agent: str = ""


def convention_set(
    *,
    bilan: Bilan,
    consultant: User,
    financement: str,
    intitule: str,
    objectif: str,
    contenu: str,
    moyens: str,
    duree_heures: Decimal | None,
    date_debut: datetime.date | None,
    date_fin: datetime.date | None,
    deroulement_suivi: str,
    modalites_restitution: str,
    prix: Decimal | None,
    modalites_paiement: str,
    signataire_organisation: str,
    signataire_nom: str,
    signataire_email: str,
    ip: str | None = None,
) -> Convention:
    """Write, or correct, the convention of a bilan in engagement and fix its funding path
    (domain.md, Funding: R6313-8 mandatory fields; D6353-1 I for another funder).

    Only the assigned consultant; only plan de développement, congé de reclassement or
    another funder; a bilan already funded by CPF or self-funding keeps it. Every field is
    mandatory, the duration is more than 0 and at most 24 hours (L6313-4), the period is
    ordered and the price positive. Refused once any party has signed. No value is logged.
    """
    textes = {
        "intitule": intitule,
        "objectif": objectif,
        "contenu": contenu,
        "moyens": moyens,
        "deroulement_suivi": deroulement_suivi,
        "modalites_restitution": modalites_restitution,
        "modalites_paiement": modalites_paiement,
        "signataire_organisation": signataire_organisation,
        "signataire_nom": signataire_nom,
        "signataire_email": signataire_email,
    }
    textes = {name: (value or "").strip() for name, value in textes.items()}
    with transaction.atomic():
        locked = _bilan_locked(bilan=bilan)
        _check_consultant(locked, consultant)
        if locked.etat != Etat.ENGAGEMENT:
            raise BilanError(
                "wrong_state",
                _("La convention s'établit quand le bilan est en engagement."),
            )
        _check_financement(locked, financement)
        convention = Convention.objects.filter(bilan=locked).first()
        if convention is not None and convention.signatures.exists():
            raise BilanError(
                "convention_signee",
                _(
                    "La convention a déjà été signée : elle ne peut plus être modifiée. "
                    "Toute modification annulerait les signatures recueillies."
                ),
            )
        valeurs = _checked(
            textes=textes,
            duree_heures=duree_heures,
            date_debut=date_debut,
            date_fin=date_fin,
            prix=prix,
        )
        if convention is None:
            convention = Convention(bilan=locked)
        for name, value in valeurs.items():
            setattr(convention, name, value)
        convention.updated_at = timezone.now()
        convention.save()
        if locked.financement != financement:
            locked.financement = financement
            locked.save(update_fields=["financement"])
        audit_record(event="convention.saved", actor=consultant, target=convention, ip=ip)
    bilan.financement = locked.financement
    return convention


def convention_sign_provider(
    *, bilan: Bilan, user: User, signe: Signe = Signe()
) -> SignatureConvention:
    """Sign the convention for the provider: the assigned consultant or an administrator
    (domain.md, Funding). The provider signs first; once."""
    with transaction.atomic():
        locked = _bilan_locked(bilan=bilan)
        administrateur = user.is_active and user.is_administrateur
        if not administrateur:
            _check_consultant(locked, user)
        convention = _convention_en_attente(locked)
        _check_not_signed(convention, RoleSignataire.PRESTATAIRE)
        signature = _signature_create(
            convention=convention,
            role=RoleSignataire.PRESTATAIRE,
            signataire_id=user.pk,
            signataire_nom=user.get_full_name() or user.email,
            signe=signe,
        )
        audit_record(event="convention.signed", actor=user, target=signature, ip=signe.ip)
    return signature


def convention_link_issue(*, bilan: Bilan, user: User, ip: str | None = None) -> str:
    """Issue the employer's or funder's signing link and return its raw token, once.

    Only after the provider's signature and before the employer's; the link is single-use
    and expires after ``CONVENTION_LIEN_JOURS`` days; a new link revokes the previous ones.
    The token is found by its SHA-256; the raw token is kept encrypted only until the
    e-mail to the signer contact, enqueued when the transaction commits, has left.
    """
    with transaction.atomic():
        locked = _bilan_locked(bilan=bilan)
        if not (user.is_active and user.is_administrateur):
            _check_consultant(locked, user)
        convention = _convention_en_attente(locked)
        roles = _roles_signes(convention)
        if RoleSignataire.PRESTATAIRE not in roles:
            raise BilanError(
                "ordre_signatures",
                _("L'organisme doit signer la convention avant l'envoi du lien de signature."),
            )
        if RoleSignataire.EMPLOYEUR in roles:
            raise BilanError(
                "deja_signee",
                _("L'employeur ou le financeur a déjà signé : aucun nouveau lien n'est utile."),
            )
        now = timezone.now()
        LienSignature.objects.filter(
            convention=convention, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now, token_a_envoyer=None)
        token = secrets.token_urlsafe(32)
        lien = LienSignature.objects.create(
            convention=convention,
            token_hash=token_hash(token),
            token_a_envoyer=token,
            created_at=now,
            expires_at=now + datetime.timedelta(days=lien_jours()),
        )
        audit_record(event="convention.link_issued", actor=user, target=lien, ip=ip)
        from .tasks import convention_lien_send_task

        # The task gets the link's id alone: a broker message or a worker log never holds
        # the credential.
        transaction.on_commit(lambda: convention_lien_send_task.delay(lien_id=lien.pk))
    return token


def convention_lien_send(*, lien_id: int) -> bool:
    """E-mail the signing link to the convention's signer contact, then blank the stored
    token: the database keeps its SHA-256 alone. False, and nothing sent, when the link is no
    longer live (used, replaced, expired) or its token already left."""
    with transaction.atomic():
        lien = (
            LienSignature.objects.select_for_update(of=("self",))
            .select_related("convention__bilan__beneficiaire__user")
            .filter(pk=lien_id)
            .first()
        )
        if lien is None or not lien.token_a_envoyer:
            return False
        token = lien.token_a_envoyer
        vivant = not (lien.used_at or lien.revoked_at or lien.expires_at <= timezone.now())
        envoye = vivant and token_hash(token) == lien.token_hash
        if envoye:
            _lien_mail(lien, token)
        LienSignature.objects.filter(pk=lien.pk).update(token_a_envoyer=None)
    return envoye


def _lien_mail(lien: LienSignature, token: str) -> None:
    convention = lien.convention
    context = {
        "convention": convention,
        "beneficiaire": convention.bilan.beneficiaire.user.get_full_name(),
        "lien": settings.BILAN_BASE_URL.rstrip("/")
        + reverse("employeur:convention", kwargs={"token": token}),
        "expire_le": timezone.localtime(lien.expires_at),
        "organisation": settings.ORGANISATION_NOM,
    }
    send_mail(
        subject=_("[%(org)s] Convention de bilan de compétences à signer")
        % {"org": settings.ORGANISATION_NOM},
        message=render_to_string("beneficiaires/email/convention_lien.txt", context),
        html_message=render_to_string("beneficiaires/email/convention_lien.html", context),
        from_email=None,
        recipient_list=[convention.signataire_email],
    )


def lien_for_token(*, token: str) -> LienSignature:
    """The link of ``token`` if it can still be used; otherwise a refusal that tells the
    employer nothing of the bilan (domain.md, The people: the employer sees nothing but what
    they must sign)."""
    lien = (
        LienSignature.objects.select_related("convention__bilan__beneficiaire__user")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if lien is None:
        raise BilanError("lien_inconnu", _("Ce lien de signature n'existe pas."))
    if lien.used_at is not None:
        raise BilanError(
            "lien_utilise",
            _("Ce lien de signature a déjà été utilisé : il ne sert qu'une seule fois."),
        )
    if lien.revoked_at is not None or lien.expires_at <= timezone.now():
        raise BilanError(
            "lien_expire",
            _(
                "Ce lien de signature n'est plus valable. Demandez un nouveau lien à "
                "l'organisme qui vous l'a envoyé."
            ),
        )
    if lien.convention.bilan.etat not in ETATS_EN_ATTENTE:
        raise BilanError("convention_non_signee", _("La convention n'a pas été signée."))
    return lien


def convention_sign_employer(
    *, token: str, signataire_nom: str, signe: Signe = Signe()
) -> SignatureConvention:
    """Sign the convention for the employer or funder through its single-use link.

    The link is consumed; this signature is the transmission of the convention to the
    employee, from which the beneficiary's 10 days run (R6313-8). Needs the provider's
    signature first and the signer's typed name.
    """
    signataire_nom = (signataire_nom or "").strip()
    with transaction.atomic():
        lien = lien_for_token(token=token)
        locked = _bilan_locked(bilan=lien.convention.bilan)
        lien = lien_for_token(token=token)  # again, under the lock: a concurrent use wins once
        if not signataire_nom:
            raise BilanError(
                "signataire_requis", _("Indiquez vos nom et prénom pour signer la convention.")
            )
        convention = _convention_en_attente(locked)
        roles = _roles_signes(convention)
        if RoleSignataire.PRESTATAIRE not in roles:
            raise BilanError(
                "ordre_signatures", _("La convention n'est pas encore prête à être signée.")
            )
        _check_not_signed(convention, RoleSignataire.EMPLOYEUR)
        now = timezone.now()
        signature = _signature_create(
            convention=convention,
            role=RoleSignataire.EMPLOYEUR,
            signataire_id=None,
            signataire_nom=signataire_nom[:200],
            signe=signe,
            at=now,
        )
        LienSignature.objects.filter(pk=lien.pk).update(used_at=now, token_a_envoyer=None)
        Convention.objects.filter(pk=convention.pk).update(transmise_at=now)
        audit_record(event="convention.signed", actor=None, target=signature, ip=signe.ip)
    return signature


def convention_sign_beneficiaire(
    *, bilan: Bilan, user: User, signe: Signe = Signe()
) -> SignatureConvention:
    """Sign the convention as its beneficiary, in the portal (domain.md, Funding).

    A convention tripartite: after the employer, within 10 days of the transmission (R6313-8;
    on day 11 silence has become a refusal). Another funder's: once the provider has signed.
    """
    with transaction.atomic():
        locked = _bilan_locked(bilan=bilan)
        if locked.beneficiaire.user_id != user.pk:
            raise BilanError("not_owner", _("Ce bilan n'est pas le vôtre."))
        convention = _convention_en_attente(locked)
        _check_not_signed(convention, RoleSignataire.BENEFICIAIRE)
        roles = _roles_signes(convention)
        if RoleSignataire.PRESTATAIRE not in roles:
            raise BilanError(
                "ordre_signatures",
                _("La convention n'est pas encore prête : l'organisme ne l'a pas signée."),
            )
        if locked.financement in FINANCEMENTS_TRIPARTITES:
            if RoleSignataire.EMPLOYEUR not in roles or convention.transmise_at is None:
                raise BilanError(
                    "ordre_signatures",
                    _("Votre employeur doit signer la convention avant vous."),
                )
            if timezone.localdate() >= date_refus(convention):
                raise BilanError(
                    "delai_depasse",
                    _(
                        "Le délai de 10 jours pour signer la convention est dépassé : "
                        "l'absence de réponse vaut refus (article R6313-8 du Code du travail)."
                    ),
                )
        signature = _signature_create(
            convention=convention,
            role=RoleSignataire.BENEFICIAIRE,
            signataire_id=user.pk,
            signataire_nom=user.get_full_name() or user.email,
            signe=signe,
        )
        audit_record(event="convention.signed", actor=user, target=signature, ip=signe.ip)
    return signature


def conventions_expire() -> int:
    """Day 11: a convention tripartite transmitted and not signed by the employee is refused
    (R6313-8; domain.md, Funding: "silence means refusal"). Return how many bilans moved.

    Due when the Europe/Paris date today is at least the transmission date + 11 days and the
    bilan still waits (préalable or engagement). Each bilan goes to refusé with an audit
    entry, under its lock and after a fresh look: safe to run twice, or concurrently.
    """
    today = timezone.localdate()
    candidats = (
        Convention.objects.filter(
            bilan__financement__in=FINANCEMENTS_TRIPARTITES,
            bilan__etat__in=ETATS_EN_ATTENTE,
            transmise_at__isnull=False,
            # A coarse bound in UTC, one day wider than the delay: across the spring DST
            # change, day 11 in Paris starts less than 10 × 24 h after a late transmission.
            # The exact Paris date is checked below.
            transmise_at__lt=timezone.now() - datetime.timedelta(days=DELAI_BENEFICIAIRE_JOURS - 1),
        )
        .exclude(signatures__role=RoleSignataire.BENEFICIAIRE)
        .values_list("pk", flat=True)
    )
    moved = 0
    for convention_id in list(candidats):
        with transaction.atomic():
            convention = Convention.objects.select_related("bilan").get(pk=convention_id)
            locked = _bilan_locked(bilan=convention.bilan)
            if (
                locked.etat not in ETATS_EN_ATTENTE
                or today < date_refus(convention)
                or convention.signatures.filter(role=RoleSignataire.BENEFICIAIRE).exists()
            ):
                continue
            bilan_transition(bilan=locked, vers=Etat.REFUSE, by=None)
            audit_record(event="convention.expired", actor=None, target=convention)
            moved += 1
    return moved


def convention_document(*, bilan: Bilan, acteur: User) -> DocumentScelle | None:
    """The convention's sealed PDF once all three parties have signed it (issue 6, point 3;
    domain.md, Confidentiality and data: the convention is administrative proof).

    Sealed once, at its first download after the last signature, then served as stored: a
    signed convention never changes. None while a signature is missing: the draft is
    rendered unsealed, marked "projet", because a seal would make the verification page
    call a document "valide" that the parties have not all agreed to.
    """
    from bilan.scelles.models import DocumentScelle, TypeDocument
    from bilan.scelles.services import document_sceller

    from .selectors import convention_etat

    with transaction.atomic():
        locked = _bilan_locked(bilan=bilan)
        existant = (
            DocumentScelle.objects.filter(bilan=locked, type_document=TypeDocument.CONVENTION)
            .order_by("-emis_le", "-pk")
            .first()
        )
        if existant is not None:
            return existant
        convention = Convention.objects.filter(bilan=locked).first()
        etat = convention_etat(convention=convention, bilan=locked)
        if convention is None or etat.etape != "signee":
            return None
        convention.bilan = locked
        return document_sceller(
            bilan=locked,
            type_document=TypeDocument.CONVENTION,
            template_name="beneficiaires/pdf/convention.html",
            context={
                "bilan": locked,
                "etat": etat,
                "clause_synthese": CLAUSE_SYNTHESE,
                "roles": RoleSignataire,
                "empreinte": convention_empreinte(convention),
                "projet": False,
            },
            nom_fichier=f"convention-{locked.reference}.pdf",
            acteur=acteur,
        )


def convention_donnees(convention: Convention) -> dict[str, object]:
    """The convention's canonical data, whose SHA-256 every signature keeps
    (:func:`bilan.signatures.empreinte`): the bilan, the parties and every field."""
    bilan = convention.bilan
    return {
        "bilan": bilan.reference,
        "financement": bilan.financement,
        "beneficiaire": bilan.beneficiaire.user.get_full_name(),
        **{name: getattr(convention, name) for name in CHAMPS},
        "clause_synthese": str(CLAUSE_SYNTHESE),
    }


def convention_empreinte(convention: Convention) -> str:
    """The SHA-256 of the convention as it stands: equal to a signature's when unchanged."""
    return empreinte(convention_donnees(convention))


def date_refus(convention: Convention) -> datetime.date:
    """The Europe/Paris day on which an unsigned convention tripartite is refused: the
    transmission date + 11 days (R6313-8: 10 days to sign)."""
    assert convention.transmise_at is not None
    transmise = timezone.localdate(convention.transmise_at)
    return transmise + datetime.timedelta(days=DELAI_BENEFICIAIRE_JOURS + 1)


def lien_jours() -> int:
    return int(getattr(settings, "CONVENTION_LIEN_JOURS", 15))


def _signature_create(
    *,
    convention: Convention,
    role: str,
    signataire_id: int | None,
    signataire_nom: str,
    signe: Signe,
    at: datetime.datetime | None = None,
) -> SignatureConvention:
    return SignatureConvention.objects.create(
        convention=convention,
        role=role,
        signe_at=at or timezone.now(),
        signataire_id=signataire_id,
        signataire_nom=signataire_nom,
        ip=signe.ip,
        user_agent=(signe.user_agent or "")[:USER_AGENT_MAX],
        empreinte=convention_empreinte(convention),
    )


def _bilan_locked(*, bilan: Bilan) -> Bilan:
    return Bilan.objects.select_for_update().select_related("beneficiaire__user").get(pk=bilan.pk)


def _check_consultant(bilan: Bilan, user: User) -> None:
    if bilan.consultant_id is None or bilan.consultant_id != user.pk or not user.is_consultant:
        raise BilanError("not_assigned", _("Vous n'êtes pas le consultant chargé de ce bilan."))


def _check_financement(bilan: Bilan, financement: str) -> None:
    if financement not in FINANCEMENTS_CONVENTION:
        raise BilanError(
            "financement_invalide",
            _(
                "Choisissez un financement par convention : plan de développement des "
                "compétences, congé de reclassement ou autre financeur."
            ),
        )
    if bilan.financement not in ("", *FINANCEMENTS_CONVENTION):
        raise BilanError(
            "financement_autre",
            _("Ce bilan a déjà un autre financement : %(chemin)s.")
            % {"chemin": Financement(bilan.financement).label},
        )


def _convention_en_attente(bilan: Bilan) -> Convention:
    if bilan.etat not in ETATS_EN_ATTENTE:
        raise BilanError("wrong_state", _("Ce bilan n'attend plus de signature de convention."))
    convention = Convention.objects.filter(bilan=bilan).first()
    if convention is None or bilan.financement not in FINANCEMENTS_CONVENTION:
        raise BilanError("convention_absente", _("Ce bilan n'a pas de convention à signer."))
    convention.bilan = bilan
    return convention


def _roles_signes(convention: Convention) -> set[str]:
    return set(convention.signatures.values_list("role", flat=True))


def _check_not_signed(convention: Convention, role: str) -> None:
    signature = convention.signatures.filter(role=role).first()
    if signature is not None:
        local = timezone.localtime(signature.signe_at)
        raise BilanError(
            "deja_signee",
            _("Cette partie a déjà signé la convention, le %(date)s à %(heure)s.")
            % {"date": local.strftime("%d/%m/%Y"), "heure": local.strftime("%H:%M")},
        )


def _checked(
    *,
    textes: dict[str, str],
    duree_heures: Decimal | None,
    date_debut: datetime.date | None,
    date_fin: datetime.date | None,
    prix: Decimal | None,
) -> dict[str, object]:
    """The convention's values once every rule holds; otherwise the first refusal."""
    given: dict[str, object] = {
        **textes,
        "duree_heures": duree_heures,
        "date_debut": date_debut,
        "date_fin": date_fin,
        "prix": prix,
    }
    missing = [CHAMPS[name] for name in CHAMPS if given[name] in (None, "")]
    if missing:
        raise BilanError(
            "champ_manquant",
            _("La convention est incomplète : renseignez %(champs)s.")
            % {"champs": ", ".join(str(label) for label in missing)},
        )
    try:
        validate_email(textes["signataire_email"])
    except ValidationError:
        raise BilanError(
            "email_invalide", _("L'e-mail du contact signataire n'est pas une adresse valide.")
        ) from None
    duree = _decimal(duree_heures, pas=Decimal("0.1"))
    if duree is None or duree <= 0 or duree > CONVENTION_DUREE_MAX_HEURES:
        raise BilanError(
            "duree_invalide",
            _(
                "La durée doit être comprise entre 0 et 24 heures : un bilan de compétences "
                "dure au plus 24 heures (article L6313-4 du Code du travail)."
            ),
        )
    assert date_debut is not None and date_fin is not None
    if date_debut > date_fin:
        raise BilanError(
            "periode_invalide", _("La fin de la période ne peut pas précéder son début.")
        )
    montant = montant_valide(prix)
    if montant is None:
        raise BilanError("prix_invalide", _("Le prix doit être un montant positif en euros."))
    return {**given, "duree_heures": duree, "prix": montant}


def _decimal(value: object, *, pas: Decimal) -> Decimal | None:
    """A finite number its column keeps exactly (a multiple of ``pas``), else None."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    if not number.is_finite() or abs(number) > 1000:
        return None
    return number if number == number.quantize(pas) else None
