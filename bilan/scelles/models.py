"""Sealed documents: every PDF the platform issues, with its reference and fingerprint
(domain.md, points 7 to 9; the verification page answers from these rows, never from the
content)."""

from __future__ import annotations

from django.db import models


class TypeDocument(models.TextChoices):
    SYNTHESE = "synthese", "Document de synthèse"
    ATTESTATION_FIN = "attestation_fin", "Attestation de fin de bilan"
    ATTESTATION_PRESENCE = "attestation_presence", "Attestation de présence"
    CERTIFICAT_REALISATION = "certificat_realisation", "Certificat de réalisation"
    CONVENTION = "convention", "Convention de bilan de compétences"


# The synthèse belongs to the beneficiary alone (R6313-7): its file is content; the others
# hold no content (identity, dates, hours) and are administrative proof.
TYPES_CONFIDENTIELS = frozenset({TypeDocument.SYNTHESE})


def _chemin(instance: DocumentScelle, filename: str) -> str:
    # The reference only: no name, no bilan number on disk.
    return f"scelles/{instance.emis_le:%Y/%m}/{instance.reference}.pdf"


class DocumentScelle(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    type_document = models.CharField(max_length=32, choices=TypeDocument.choices)
    bilan = models.ForeignKey(
        "beneficiaires.Bilan", on_delete=models.PROTECT, related_name="documents_scelles"
    )
    # Emptied by the purge (the row stays as metadata: type, date, fingerprint).
    fichier = models.FileField(upload_to=_chemin, blank=True, max_length=200)
    empreinte = models.CharField(max_length=64, db_index=True)  # SHA-256 of the sealed file
    taille = models.PositiveIntegerField()
    emis_le = models.DateTimeField()
    emis_par = models.ForeignKey(
        "comptes.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-emis_le", "-pk"]
        indexes = [models.Index(fields=["bilan", "type_document", "-emis_le"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type_document__in=[t.value for t in TypeDocument]),
                name="scelles_type_document_valide",
            ),
            models.CheckConstraint(
                condition=models.Q(empreinte__regex=r"^[0-9a-f]{64}$"),
                name="scelles_empreinte_sha256",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_document_display()} {self.reference}"

    @property
    def confidentiel(self) -> bool:
        return self.type_document in TYPES_CONFIDENTIELS
