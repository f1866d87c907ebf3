"""The confidential working documents of a bilan (issue 11, point 6; domain.md,
Confidentiality and data).

The file's bytes are encrypted with the content keys (:mod:`bilan.crypto`) before they reach
the storage, under a random name: neither the content nor the original name is ever on disk
in clear. The original name and the comment are encrypted in the database; ``empreinte`` is
the SHA-256 of the plaintext, checked at each download.

Who reads a document: the object permission ``documents.view_document`` (direct
foreign-key permission models: the purge leaves no orphan), granted by the services only:
always to the assigned consultant; to the beneficiary for their own uploads and, for the
consultant's, once handed over (``remis_le``).

Retention (R6313-7): registered as bilan content (``apps.py``); the retention engine deletes
every ``FileField`` with its row, and :func:`.services.documents_purger` does both for one
bilan. ``bilan`` is PROTECT so that no cascade can drop rows and leave their files behind.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from beneficiaires.models import Bilan
from bilan.crypto import EncryptedTextField
from seances.models import TravailPersonnel

from .formats import FORMATS, Format


class TypeDocument(models.TextChoices):
    RAPPORT_TEST = "rapport_test", _("Rapport de test")
    CV = "cv", _("CV (brouillon)")
    FICHE_METIER = "fiche_metier", _("Fiche métier")
    OFFRE_EMPLOI = "offre_emploi", _("Offre d'emploi analysée")
    LIVRABLE = "livrable", _("Livrable de travail personnel")
    AUTRE = "autre", _("Autre")


class Depositaire(models.TextChoices):
    CONSULTANT = "consultant", _("Consultant")
    BENEFICIAIRE = "beneficiaire", _("Bénéficiaire")


def chemin_aleatoire(instance: Document, filename: str) -> str:
    """A random name, without extension: the original name never reaches the disk."""
    return f"documents/{secrets.token_hex(20)}"


class Document(models.Model):
    bilan = models.ForeignKey(
        # PROTECT: a bilan's documents go through their purge, which removes the files too.
        Bilan,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    type = models.CharField(_("type de document"), max_length=20, choices=TypeDocument.choices)
    titre = models.CharField(_("titre"), max_length=200)
    commentaire = EncryptedTextField(_("commentaire"), blank=True)
    travail = models.ForeignKey(
        TravailPersonnel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("travail personnel"),
    )
    fichier = models.FileField(upload_to=chemin_aleatoire, max_length=200)
    nom_original = EncryptedTextField()
    format = models.CharField(max_length=10, choices=[(c, f.libelle) for c, f in FORMATS.items()])
    taille = models.PositiveIntegerField()  # bytes of the plaintext
    empreinte = models.CharField(max_length=64)  # SHA-256 of the plaintext
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="documents_deposes",
    )
    depose_par_role = models.CharField(max_length=20, choices=Depositaire.choices)
    depose_le = models.DateTimeField(default=timezone.now)
    # A consultant's document is the consultant's until handed over to the beneficiary.
    remis_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document de travail")
        verbose_name_plural = _("documents de travail")
        default_permissions = ("view",)
        ordering = ["-depose_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type__in=TypeDocument.values), name="document_type"
            ),
            models.CheckConstraint(
                condition=models.Q(format__in=list(FORMATS)), name="document_format"
            ),
            models.CheckConstraint(
                condition=models.Q(depose_par_role__in=Depositaire.values),
                name="document_depose_par_role",
            ),
            models.CheckConstraint(condition=models.Q(taille__gt=0), name="document_non_vide"),
        ]

    def __str__(self) -> str:
        return f"Document {self.pk} du bilan {self.bilan_id}"

    @property
    def format_info(self) -> Format:
        return FORMATS[self.format]

    @property
    def visible_beneficiaire(self) -> bool:
        return self.depose_par_role == Depositaire.BENEFICIAIRE or self.remis_le is not None


class DocumentUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Document, on_delete=models.CASCADE)


class DocumentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Document, on_delete=models.CASCADE)
