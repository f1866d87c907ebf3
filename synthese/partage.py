"""Sharing the delivered synthèse with a CEP operator or a named third party (L6313-4;
domain.md, The people: "receives the synthèse only if the beneficiary consents, per
document, revocably"; Confidentiality: "every share and revocation is logged").

The beneficiary alone shares, one sealed synthèse of their own bilan with one recipient at
a time, after accepting a consent text that names the document and the recipient; the row
keeps that text and when it was accepted. The recipient receives by e-mail a link that
expires after ``PARTAGE_LIEN_JOURS`` days and serves one download. Revoking the consent
ends the link at once. The token is found by its SHA-256; the raw token waits, encrypted,
only until the e-mail task sent it (the task gets the link's id, never the token).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from beneficiaires.selectors import bilans_for_beneficiaire
from bilan.audit.services import audit_record
from bilan.comptes.models import User
from bilan.jetons import token_hash
from bilan.scelles.models import DocumentScelle, TypeDocument

from .errors import SyntheseError
from .models import LienPartage, Partage, TypeDestinataire

LIEN_JOURS = 7
NOM_MAX = 200


def lien_jours() -> int:
    return int(getattr(settings, "PARTAGE_LIEN_JOURS", LIEN_JOURS))


@dataclass(frozen=True)
class Destinataire:
    """Who receives the document, as the beneficiary typed it."""

    type_destinataire: str
    nom: str
    organisation: str
    email: str


# --- Selectors ---------------------------------------------------------------------------


def syntheses_partageables(*, user: User | AnonymousUser) -> QuerySet[DocumentScelle]:
    """The sealed synthèses of ``user``'s own bilans: the only documents they may share
    (nothing for anyone else: the consultant writes the synthèse, never shares it)."""
    return DocumentScelle.objects.filter(
        type_document=TypeDocument.SYNTHESE, bilan__in=bilans_for_beneficiaire(user=user)
    ).order_by("-emis_le", "-pk")


def partages_du_bilan(*, user: User | AnonymousUser, bilan_id: int) -> QuerySet[Partage]:
    """The shares of one of ``user``'s bilans with their links (one query each, any size)."""
    return (
        Partage.objects.filter(bilan_id=bilan_id, bilan__in=bilans_for_beneficiaire(user=user))
        .select_related("document")
        .prefetch_related(Prefetch("liens", queryset=LienPartage.objects.order_by("-created_at")))
    )


def partages_visible_to(*, user: User | AnonymousUser) -> QuerySet[Partage]:
    """Every share of ``user``'s own bilans (to revoke one)."""
    return Partage.objects.filter(bilan__in=bilans_for_beneficiaire(user=user))


def consentement_texte(*, document: DocumentScelle, destinataire: Destinataire) -> str:
    """The written consent the beneficiary reads and accepts (L6313-4), naming the document
    and the recipient; kept as accepted."""
    organisation = f" ({destinataire.organisation})" if destinataire.organisation else ""
    emis = formats.date_format(timezone.localtime(document.emis_le), "d/m/Y")
    return _(
        "J'autorise %(org)s à transmettre mon document de synthèse de bilan de compétences "
        "(référence %(ref)s, émis le %(emis)s) à %(nom)s%(organisation)s, à l'adresse "
        "%(email)s, par un lien personnel valable %(jours)s jours et utilisable une seule fois. "
        "Ce partage est facultatif ; je peux le révoquer à tout moment depuis mon espace, ce "
        "qui désactive aussitôt le lien, mais pas une copie déjà téléchargée (article L6313-4 "
        "du Code du travail)."
    ) % {
        "org": settings.ORGANISATION_NOM,
        "ref": document.reference,
        "emis": emis,
        "nom": destinataire.nom,
        "organisation": organisation,
        "email": destinataire.email,
        "jours": lien_jours(),
    }


# --- Services ----------------------------------------------------------------------------


def partage_creer(
    *,
    document: DocumentScelle,
    user: User,
    destinataire: Destinataire,
    consentement_accepte: bool,
    ip: str | None = None,
) -> Partage:
    """Record the beneficiary's written consent to share ``document`` with one recipient and
    issue the recipient's link, e-mailed once the transaction commits (L6313-4).

    Only the beneficiary owner of the bilan, only a sealed synthèse of that bilan, only with
    the consent accepted and a named recipient with a valid e-mail (and its organisation for
    a CEP operator). Audited without any value.
    """
    destinataire = _destinataire_checked(destinataire)
    if not consentement_accepte:
        raise SyntheseError(
            "consentement_requis",
            _("Cochez la case d'accord : sans votre consentement écrit, rien n'est partagé."),
        )
    with transaction.atomic():
        if not syntheses_partageables(user=user).filter(pk=document.pk).exists():
            raise SyntheseError(
                "document_non_partageable",
                _("Seul votre document de synthèse peut être partagé, et par vous seul."),
            )
        now = timezone.now()
        partage = Partage.objects.create(
            document=document,
            document_reference=document.reference,
            bilan_id=document.bilan_id,
            type_destinataire=destinataire.type_destinataire,
            destinataire_nom=destinataire.nom,
            destinataire_organisation=destinataire.organisation,
            destinataire_email=destinataire.email,
            consentement_texte=consentement_texte(document=document, destinataire=destinataire),
            consenti_le=now,
            ip=ip,
        )
        audit_record(event="partage.created", actor=user, target=partage, ip=ip)
        _lien_emettre(partage=partage, now=now, user=user, ip=ip)
    return partage


def partage_revoquer(*, partage: Partage, user: User, ip: str | None = None) -> Partage:
    """Withdraw a consent (L6313-4: revocable): every live link of the share stops at once
    and its unsent token is wiped. Only the beneficiary owner; once."""
    with transaction.atomic():
        locked = (
            partages_visible_to(user=user).select_for_update(of=("self",)).filter(pk=partage.pk)
        ).first()
        if locked is None:
            raise SyntheseError("partage_inconnu", _("Ce partage n'existe pas."))
        if locked.revoque_le is not None:
            raise SyntheseError("deja_revoque", _("Ce partage est déjà révoqué."))
        now = timezone.now()
        locked.revoque_le = now
        locked.save(update_fields=["revoque_le"])
        LienPartage.objects.filter(partage=locked, revoked_at__isnull=True).update(
            revoked_at=now, token_a_envoyer=None
        )
        audit_record(event="partage.revoked", actor=user, target=locked, ip=ip)
    return locked


def lien_pour_token(*, token: str) -> LienPartage:
    """The link of ``token`` if it may still serve; otherwise a refusal that tells nothing of
    the document (unknown: ``lien_inconnu``; used, revoked or expired: gone)."""
    lien = (
        LienPartage.objects.select_related(
            "partage__document", "partage__bilan__beneficiaire__user"
        )
        .filter(token_hash=token_hash(token))
        .first()
    )
    if lien is None:
        raise SyntheseError("lien_inconnu", _("Ce lien de partage n'existe pas."))
    if lien.used_at is not None:
        raise SyntheseError(
            "lien_utilise",
            _(
                "Ce lien a déjà servi : il ne permet qu'un seul téléchargement. Si vous avez "
                "besoin du document à nouveau, demandez à la personne qui vous l'a transmis de "
                "le partager une nouvelle fois."
            ),
        )
    if lien.revoked_at is not None or lien.partage.revoque_le is not None:
        raise SyntheseError(
            "lien_revoque",
            _(
                "La personne qui vous avait transmis ce document a retiré son accord : ce lien "
                "n'est plus valable."
            ),
        )
    document = lien.partage.document
    if (
        document is None
        or not document.fichier
        or not document.fichier.storage.exists(document.fichier.name)
    ):
        # The purge destroyed the file (R6313-7): the link cannot serve it any more.
        raise SyntheseError(
            "document_detruit",
            _("Ce document n'est plus conservé par l'organisme : ce lien n'est plus valable."),
        )
    if lien.expires_at <= timezone.now():
        raise SyntheseError(
            "lien_expire",
            _(
                "Ce lien a expiré. Si vous avez encore besoin du document, demandez à la "
                "personne qui vous l'a transmis de le partager une nouvelle fois."
            ),
        )
    return lien


def partage_lien_utiliser(*, token: str, ip: str | None = None) -> DocumentScelle:
    """Consume the recipient's single-use link and return the document to serve; a
    concurrent second use is refused (checked again under the link's lock)."""
    with transaction.atomic():
        lien = lien_pour_token(token=token)
        LienPartage.objects.select_for_update().filter(pk=lien.pk).first()
        lien = lien_pour_token(token=token)
        LienPartage.objects.filter(pk=lien.pk).update(used_at=timezone.now(), token_a_envoyer=None)
        audit_record(event="partage.link_used", actor=None, target=lien.partage, ip=ip)
    return lien.partage.document


def partage_lien_envoyer(*, lien_id: int) -> bool:
    """E-mail the link to the recipient, then blank the stored token: the database keeps
    its SHA-256 alone. False, and nothing sent, when the link no longer serves or its token
    already left."""
    with transaction.atomic():
        lien = (
            LienPartage.objects.select_for_update(of=("self",))
            .select_related("partage__document", "partage__bilan__beneficiaire__user")
            .filter(pk=lien_id)
            .first()
        )
        if lien is None or not lien.token_a_envoyer:
            return False
        token = lien.token_a_envoyer
        vivant = not (
            lien.used_at
            or lien.revoked_at
            or lien.partage.revoque_le
            or lien.expires_at <= timezone.now()
        )
        envoye = vivant and token_hash(token) == lien.token_hash
        if envoye:
            _lien_mail(lien, token)
        LienPartage.objects.filter(pk=lien.pk).update(
            token_a_envoyer=None, envoye_le=timezone.now() if envoye else None
        )
    return envoye


def _lien_emettre(*, partage: Partage, now: datetime.datetime, user: User, ip: str | None) -> str:
    token = secrets.token_urlsafe(32)
    lien = LienPartage.objects.create(
        partage=partage,
        token_hash=token_hash(token),
        token_a_envoyer=token,
        created_at=now,
        expires_at=now + datetime.timedelta(days=lien_jours()),
    )
    audit_record(event="partage.link_issued", actor=user, target=lien, ip=ip)
    from .tasks import partage_lien_envoyer_task

    # The task gets the link's id alone: no broker message or worker log holds the token.
    transaction.on_commit(lambda: partage_lien_envoyer_task.delay(lien_id=lien.pk))
    return token


def _lien_mail(lien: LienPartage, token: str) -> None:
    partage = lien.partage
    context = {
        "partage": partage,
        "beneficiaire": partage.bilan.beneficiaire.user.get_full_name(),
        "lien": settings.BILAN_BASE_URL.rstrip("/")
        + reverse("partage:partage_lien", kwargs={"token": token}),
        "expire_le": timezone.localtime(lien.expires_at),
        "organisation": settings.ORGANISATION_NOM,
    }
    send_mail(
        subject=_("[%(org)s] Un document de synthèse vous est transmis")
        % {"org": settings.ORGANISATION_NOM},
        message=render_to_string("synthese/email/partage_lien.txt", context),
        html_message=render_to_string("synthese/email/partage_lien.html", context),
        from_email=None,
        recipient_list=[partage.destinataire_email],
    )


def _destinataire_checked(destinataire: Destinataire) -> Destinataire:
    nom = (destinataire.nom or "").strip()
    organisation = (destinataire.organisation or "").strip()
    email = (destinataire.email or "").strip()
    if destinataire.type_destinataire not in TypeDestinataire.values:
        raise SyntheseError(
            "destinataire_type", _("Choisissez un opérateur CEP ou un tiers nommément désigné.")
        )
    if not nom:
        raise SyntheseError("destinataire_nom", _("Indiquez le nom du destinataire."))
    if destinataire.type_destinataire == TypeDestinataire.CEP and not organisation:
        raise SyntheseError(
            "destinataire_organisation",
            _("Indiquez l'organisme du conseil en évolution professionnelle."),
        )
    try:
        validate_email(email)
    except ValidationError as exc:
        raise SyntheseError(
            "destinataire_email", _("Indiquez une adresse e-mail valide pour le destinataire.")
        ) from exc
    if len(nom) > NOM_MAX or len(organisation) > NOM_MAX:
        raise SyntheseError("destinataire_long", _("Nom ou organisme trop long (200 caractères)."))
    return Destinataire(destinataire.type_destinataire, nom, organisation, email)
