"""The beneficiary's shares of their delivered synthèse with a CEP operator or a named third
party (L6313-4; domain.md, The people and Confidentiality: "a written, per-document,
per-recipient consent that can be revoked; every share and revocation is logged").

A :class:`Partage` is the written consent: one sealed document, one recipient, the text
shown and when it was accepted; revoking it ends every link. A :class:`LienPartage` is
the recipient's expiring single-use link: only the token's SHA-256 is stored; the raw token
waits, encrypted, until its e-mail leaves (as the employer's signing link,
:class:`beneficiaires.models.LienSignature`).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiaires.models import Bilan
from bilan.crypto import EncryptedTextField
from bilan.scelles.models import DocumentScelle

__all__ = ["LienPartage", "Partage", "TypeDestinataire"]


class TypeDestinataire(models.TextChoices):
    CEP = "cep", _("Opérateur du conseil en évolution professionnelle (CEP)")
    TIERS = "tiers", _("Tiers nommément désigné")


class Partage(models.Model):
    """The beneficiary's written consent to share one sealed synthèse with one recipient."""

    # The consent is proof (kept 4 years): the purge of the synthèse (content) must not take
    # it away, so the link to the file is emptied and its printed reference kept.
    document = models.ForeignKey(
        DocumentScelle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partages",
    )
    document_reference = models.CharField(_("référence du document"), max_length=20, blank=True)
    # A plain copy of the document's bilan: scoping and retention without a join.
    bilan = models.ForeignKey(Bilan, on_delete=models.CASCADE, related_name="partages")
    type_destinataire = models.CharField(
        _("destinataire"), max_length=10, choices=TypeDestinataire.choices
    )
    destinataire_nom = models.CharField(_("nom du destinataire"), max_length=200)
    destinataire_organisation = models.CharField(_("organisme"), max_length=200, blank=True)
    destinataire_email = models.EmailField(_("e-mail du destinataire"), max_length=254)
    # The consent exactly as shown and accepted (L6313-4: a written consent).
    consentement_texte = models.TextField(_("texte du consentement"))
    consenti_le = models.DateTimeField(_("consentement donné le"), default=timezone.now)
    ip = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    revoque_le = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("partage de document")
        verbose_name_plural = _("partages de documents")
        default_permissions = ()
        ordering = ["-consenti_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type_destinataire__in=TypeDestinataire.values),
                name="partage_type_destinataire_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(destinataire_nom="") & ~models.Q(destinataire_email=""),
                name="partage_destinataire_requis",
            ),
            models.CheckConstraint(
                condition=~models.Q(type_destinataire=TypeDestinataire.CEP)
                | ~models.Q(destinataire_organisation=""),
                name="partage_cep_organisme_requis",
            ),
            models.CheckConstraint(
                condition=~models.Q(consentement_texte=""), name="partage_consentement_requis"
            ),
        ]

    def __str__(self) -> str:
        return f"Partage {self.pk} du document {self.document_id}"

    @property
    def actif(self) -> bool:
        return self.revoque_le is None


class LienPartage(models.Model):
    """The recipient's expiring single-use download link."""

    partage = models.ForeignKey(Partage, on_delete=models.CASCADE, related_name="liens")
    token_hash = models.CharField(max_length=64, unique=True)
    token_a_envoyer = EncryptedTextField(_("jeton à envoyer"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    envoye_le = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    used_at = models.DateTimeField(_("utilisé le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("lien de partage")
        verbose_name_plural = _("liens de partage")
        default_permissions = ()
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="lien_partage_expire_apres_creation",
            ),
            models.CheckConstraint(
                condition=models.Q(token_hash__regex=r"^[0-9a-f]{64}$"),  # noqa: S106
                name="lien_partage_hash_sha256",
            ),
        ]

    def __str__(self) -> str:
        return f"Lien du partage {self.partage_id}"
