"""The synthèse, its versions, observations and signatures (domain.md, points 7 to 9).

One synthèse per bilan, drafted by the consultant under their own responsibility with the
beneficiary's observations (seed 004, Document de synthèse), co-signed by both with a
one-time code bound to the SHA-256 of the final text, delivered to the beneficiary only.
Every text is confidential content, encrypted at rest. Once a signature exists, the
synthèse's text and its final digest never change: the service refuses and a trigger
(migration 0002) refuses in the database too; signatures and versions are never updated.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from beneficiaires.models import Bilan
from bilan.crypto import EncryptedTextField

__all__ = [
    "SECTIONS",
    "EtatSynthese",
    "RoleSignataireSynthese",
    "Synthese",
    "SyntheseGroupObjectPermission",
    "SyntheseObservation",
    "SyntheseSignature",
    "SyntheseUserObjectPermission",
    "SyntheseVersion",
]

# The sections, in the document's order (R6313-4; seed 004): the names of
# synthese.sources.Section.
SECTIONS: tuple[str, ...] = ("contexte", "competences", "projet", "formation", "etapes")


class EtatSynthese(models.TextChoices):
    """brouillon → soumise → observée → (soumise again…) → finale → remise."""

    BROUILLON = "brouillon", _("Brouillon")
    SOUMISE = "soumise", _("Soumise au bénéficiaire")
    OBSERVEE = "observee", _("Observations reçues")
    FINALE = "finale", _("Finale, à signer")
    REMISE = "remise", _("Signée et remise")


class RoleSignataireSynthese(models.TextChoices):
    BENEFICIAIRE = "beneficiaire", _("Bénéficiaire")
    CONSULTANT = "consultant", _("Consultant")


class Synthese(models.Model):
    """The document de synthèse of one bilan (domain.md, point 7)."""

    bilan = models.OneToOneField(Bilan, on_delete=models.CASCADE, related_name="synthese")
    etat = models.CharField(
        _("état"), max_length=20, choices=EtatSynthese.choices, default=EtatSynthese.BROUILLON
    )
    contexte = EncryptedTextField(_("Circonstances et contexte du bilan"), blank=True)
    competences = EncryptedTextField(
        _("Compétences et aptitudes : points d'appui et axes de progrès"), blank=True
    )
    projet = EncryptedTextField(_("Projet professionnel et pistes alternatives"), blank=True)
    formation = EncryptedTextField(_("Projet de formation (le cas échéant)"), blank=True)
    etapes = EncryptedTextField(_("Étapes détaillées de mise en œuvre"), blank=True)
    # SHA-256 of the final text (set at finalisation); every signature binds it.
    empreinte_finale = models.CharField(max_length=64, blank=True)
    finalisee_le = models.DateTimeField(null=True, blank=True)
    remise_le = models.DateTimeField(null=True, blank=True)
    # The sealed PDF handed to the beneficiary (bilan.scelles). Both are content, destroyed
    # together at the end of the action (R6313-7), in whichever order the purge takes them.
    document = models.OneToOneField(
        "scelles.DocumentScelle",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="synthese",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("synthèse")
        verbose_name_plural = _("synthèses")
        default_permissions = ("view", "change")
        permissions = [("comment_synthese", "Formuler des observations sur la synthèse")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(etat__in=EtatSynthese.values), name="synthese_etat_valid"
            ),
            # Final and delivered synthèses have their digest; drafts do not.
            models.CheckConstraint(
                condition=(
                    models.Q(etat__in=[EtatSynthese.FINALE, EtatSynthese.REMISE])
                    & ~models.Q(empreinte_finale="")
                    & models.Q(finalisee_le__isnull=False)
                )
                | (
                    models.Q(
                        etat__in=[
                            EtatSynthese.BROUILLON,
                            EtatSynthese.SOUMISE,
                            EtatSynthese.OBSERVEE,
                        ]
                    )
                    & models.Q(empreinte_finale="")
                ),
                name="synthese_finale_has_empreinte",
            ),
            models.CheckConstraint(
                condition=~models.Q(etat=EtatSynthese.REMISE)
                | (models.Q(remise_le__isnull=False) & models.Q(document__isnull=False)),
                name="synthese_remise_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"Synthèse du bilan {self.bilan_id}"

    @property
    def modifiable(self) -> bool:
        """The consultant writes in draft and after the beneficiary's observations."""
        return self.etat in (EtatSynthese.BROUILLON, EtatSynthese.OBSERVEE)


class SyntheseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Synthese, on_delete=models.CASCADE)


class SyntheseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Synthese, on_delete=models.CASCADE)


class SyntheseVersion(models.Model):
    """The text as it was at each submission and at finalisation, kept until the purge
    (issue 6, point 1: the versions before final are kept). Never updated."""

    class Motif(models.TextChoices):
        SOUMISSION = "soumission", _("Soumise au bénéficiaire")
        FINALISATION = "finalisation", _("Finalisée")

    synthese = models.ForeignKey(Synthese, on_delete=models.CASCADE, related_name="versions")
    numero = models.PositiveSmallIntegerField()
    motif = models.CharField(max_length=20, choices=Motif.choices)
    contexte = EncryptedTextField(blank=True)
    competences = EncryptedTextField(blank=True)
    projet = EncryptedTextField(blank=True)
    formation = EncryptedTextField(blank=True)
    etapes = EncryptedTextField(blank=True)
    # A plain id, as in the audit log.
    acteur_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()
        ordering = ["synthese", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["synthese", "numero"], name="synthese_version_numero_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(motif__in=["soumission", "finalisation"]),
                name="synthese_version_motif_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.numero} de la synthèse {self.synthese_id}"


class SyntheseObservation(models.Model):
    """The beneficiary's observations on one submitted version (seed 004: "avec la
    collaboration du bénéficiaire pour le recueil d'éventuelles observations")."""

    synthese = models.ForeignKey(Synthese, on_delete=models.CASCADE, related_name="observations")
    version = models.OneToOneField(
        SyntheseVersion, on_delete=models.CASCADE, related_name="observation"
    )
    texte = EncryptedTextField(_("Vos observations"))
    auteur_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Observations sur la version {self.version_id}"


class SyntheseSignature(models.Model):
    """One signature of the final synthèse: one signer, one role, the digest of the final
    text, time, IP and browser (domain.md, point 7; Code civil 1366-1367). Never updated."""

    synthese = models.ForeignKey(Synthese, on_delete=models.CASCADE, related_name="signatures")
    role = models.CharField(max_length=20, choices=RoleSignataireSynthese.choices)
    signataire = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures_synthese"
    )
    signe_le = models.DateTimeField()
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    empreinte = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("signature de la synthèse")
        default_permissions = ()
        ordering = ["signe_le", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["synthese", "role"], name="synthese_signature_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=RoleSignataireSynthese.values),
                name="synthese_signature_role",
            ),
        ]

    def __str__(self) -> str:
        return f"Signature {self.role} de la synthèse {self.synthese_id}"
