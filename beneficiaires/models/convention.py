"""The convention of a bilan funded by an employer or a funder, its three signatures and the
employer's single-use link (domain.md, Funding: R6313-8, D6353-1 I).

A convention is administrative proof, not bilan content: it names the action, never what is
said in it (domain.md, Confidentiality and data: administrative proof).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bilan.crypto import EncryptedTextField

from .dossiers import FINANCEMENTS_CONVENTION, FINANCEMENTS_TRIPARTITES, Bilan

__all__ = ["FINANCEMENTS_CONVENTION", "FINANCEMENTS_TRIPARTITES"]
# L6313-4: a bilan lasts at most 24 hours.
CONVENTION_DUREE_MAX_HEURES = Decimal("24")
# domain.md, The life of a bilan, 7: the synthèse is delivered to the beneficiary only. Every
# convention states it, whatever its own wording of the hand-over (L6313-4).
CLAUSE_SYNTHESE = _(
    "Les résultats détaillés et le document de synthèse sont remis au seul bénéficiaire. "
    "Ils ne peuvent être communiqués à un tiers, employeur ou financeur compris, qu'avec "
    "son accord écrit (article L6313-4 du Code du travail)."
)

TEXTES_OBLIGATOIRES = (
    "intitule",
    "objectif",
    "contenu",
    "moyens",
    "deroulement_suivi",
    "modalites_restitution",
    "modalites_paiement",
    "signataire_organisation",
    "signataire_nom",
    "signataire_email",
)


class Convention(models.Model):
    """The convention tripartite (R6313-8) or funding convention (D6353-1 I) of one bilan.

    Every mandatory field is required by the service and by the database; nothing changes
    once a party has signed (the signatures hold the SHA-256 of the canonical data).
    """

    bilan = models.OneToOneField(Bilan, on_delete=models.CASCADE, related_name="convention")
    intitule = models.CharField(_("intitulé de l'action"), max_length=200)
    objectif = models.TextField(_("objectif"))
    contenu = models.TextField(_("contenu"))
    moyens = models.TextField(_("moyens pédagogiques et techniques"))
    duree_heures = models.DecimalField(_("durée (heures)"), max_digits=4, decimal_places=1)
    date_debut = models.DateField(_("début de la période"))
    date_fin = models.DateField(_("fin de la période"))
    deroulement_suivi = models.TextField(_("déroulement et suivi"))
    modalites_restitution = models.TextField(
        _("modalités de restitution des résultats et de la synthèse")
    )
    prix = models.DecimalField(_("prix (€)"), max_digits=8, decimal_places=2)
    modalites_paiement = models.TextField(_("modalités de paiement"))
    signataire_organisation = models.CharField(
        _("organisme signataire (raison sociale)"), max_length=200
    )
    signataire_nom = models.CharField(_("nom du contact signataire"), max_length=200)
    signataire_email = models.EmailField(_("e-mail du contact signataire"), max_length=254)
    # The employer's or funder's signature through its link is the transmission of the
    # convention to the employee: the 10 days of R6313-8 run from it.
    transmise_at = models.DateTimeField(_("transmise le"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        default_permissions = ()
        constraints = [
            *(
                models.CheckConstraint(
                    condition=~models.Q(**{name: ""}), name=f"convention_{name}_requis"
                )
                for name in TEXTES_OBLIGATOIRES
            ),
            models.CheckConstraint(
                condition=models.Q(duree_heures__gt=0)
                & models.Q(duree_heures__lte=CONVENTION_DUREE_MAX_HEURES),
                name="convention_duree_24h",
            ),
            models.CheckConstraint(
                condition=models.Q(date_debut__lte=models.F("date_fin")),
                name="convention_periode_ordonnee",
            ),
            models.CheckConstraint(condition=models.Q(prix__gt=0), name="convention_prix_positif"),
        ]

    def __str__(self) -> str:
        return f"Convention du bilan {self.bilan_id}"


class RoleSignataire(models.TextChoices):
    PRESTATAIRE = "prestataire", _("Organisme prestataire")
    EMPLOYEUR = "employeur", _("Employeur ou financeur")
    BENEFICIAIRE = "beneficiaire", _("Bénéficiaire")


class SignatureConvention(models.Model):
    """One party's signature of a convention: when (UTC), who, from where, and the SHA-256 of
    the convention's canonical data (Code civil 1366-1367; :mod:`bilan.signatures`)."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="signatures")
    role = models.CharField(_("partie"), max_length=20, choices=RoleSignataire.choices)
    signe_at = models.DateTimeField(_("signée le"), default=timezone.now)
    # A plain id, as in the audit log: the proof outlives a deleted account. None for the
    # employer or funder, who has no account and types their name.
    signataire_id = models.BigIntegerField(_("compte signataire"), null=True, blank=True)
    signataire_nom = models.CharField(_("signataire"), max_length=200)
    ip = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    user_agent = models.CharField(_("navigateur"), max_length=400, blank=True)
    empreinte = models.CharField(_("empreinte SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("signature de convention")
        verbose_name_plural = _("signatures de convention")
        default_permissions = ()
        ordering = ["signe_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "role"], name="signature_convention_une_par_partie"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=RoleSignataire.values),
                name="signature_convention_role_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(signataire_nom=""), name="signature_convention_nom_requis"
            ),
            models.CheckConstraint(
                condition=models.Q(role=RoleSignataire.EMPLOYEUR)
                | models.Q(signataire_id__isnull=False),
                name="signature_convention_compte_requis",
            ),
            models.CheckConstraint(
                condition=models.Q(empreinte__regex=r"^[0-9a-f]{64}$"),
                name="signature_convention_empreinte_sha256",
            ),
        ]

    def __str__(self) -> str:
        return f"Signature {self.role} de la convention {self.convention_id}"


class LienSignature(models.Model):
    """The employer's or funder's single-use, expiring signing link.

    The token is found by its SHA-256. The raw token waits, encrypted, only until its e-mail
    leaves (the task that sends it gets the link's id, never the token): it is blanked once
    sent, used or replaced.
    """

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="liens")
    token_hash = models.CharField(max_length=64, unique=True)
    token_a_envoyer = EncryptedTextField(_("jeton à envoyer"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    used_at = models.DateTimeField(_("utilisé le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("remplacé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("lien de signature")
        verbose_name_plural = _("liens de signature")
        default_permissions = ()
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="lien_signature_expire_apres_creation",
            ),
            models.CheckConstraint(
                condition=models.Q(token_hash__regex=r"^[0-9a-f]{64}$"),  # noqa: S106
                name="lien_signature_hash_sha256",
            ),
        ]

    def __str__(self) -> str:
        return f"Lien de signature de la convention {self.convention_id}"
