"""The destruction register, the purge runs, the files waiting for deletion, the RGPD
requests and the beneficiaries' data exports (domain.md, Confidentiality and data).

Nothing here holds content: bilan references, model labels, counts and dates.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bilan.retention import Categorie

LIBELLES_CATEGORIES = {
    Categorie.CONTENU: _("Contenu du bilan"),
    Categorie.EXCEPTION_SUIVI: _("Conservé sous accord (suivi, CEP)"),
    Categorie.PREUVE: _("Preuve administrative"),
    Categorie.FACTURE: _("Facture"),
}
CATEGORIES = [(c.value, LIBELLES_CATEGORIES[c]) for c in Categorie]


class Execution(models.Model):
    """One run of the retention job: when, how it was started, what went, what failed."""

    class Mode(models.TextChoices):
        PLANIFIEE = "planifiee", _("Planifiée (quotidienne)")
        COMMANDE = "commande", _("Commande d'exploitation")

    class Statut(models.TextChoices):
        EN_COURS = "en_cours", _("En cours ou interrompue")
        TERMINEE = "terminee", _("Terminée")
        ERREURS = "erreurs", _("Terminée avec des erreurs")

    debut = models.DateTimeField(default=timezone.now, db_index=True)
    fin = models.DateTimeField(null=True, blank=True)
    mode = models.CharField(max_length=20, choices=Mode.choices)
    statut = models.CharField(max_length=20, choices=Statut.choices, default=Statut.EN_COURS)
    lignes = models.PositiveIntegerField(default=0)
    fichiers = models.PositiveIntegerField(default=0)
    evenements_audit = models.PositiveIntegerField(default=0)
    # Messages naming a model, a storage path (references only) and an exception class.
    erreurs = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-debut", "-pk"]
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=models.Q(statut__in=["en_cours", "terminee", "erreurs"]),
                name="conservation_execution_statut",
            )
        ]

    def __str__(self) -> str:
        return f"purge du {self.debut:%Y-%m-%d %H:%M}"


class DestructionQuerySet(models.QuerySet):
    def avec_totaux(self) -> DestructionQuerySet:
        """Rows, files and last batch time: the sums of the record's batches (a batch appends
        one row instead of rewriting the totals: cheap and safe when a run is killed)."""
        return self.annotate(
            lignes=models.Sum("lots__lignes"),
            fichiers=models.Sum("lots__fichiers"),
            derniere=models.Max("lots__at"),
        )


class Destruction(models.Model):
    """The destruction record of one bilan and one category: what, when, how many rows and
    files; no content, no name beyond the bilan's reference (domain.md)."""

    # A plain id and a copy of the reference: the record outlives what it names.
    bilan_id = models.BigIntegerField(db_index=True)
    reference = models.CharField(max_length=20, db_index=True)
    categorie = models.CharField(max_length=20, choices=CATEGORIES)
    motif = models.CharField(max_length=20, default="echeance")  # echeance | effacement
    premiere = models.DateTimeField(default=timezone.now, db_index=True)

    objects = DestructionQuerySet.as_manager()

    class Meta:
        ordering = ["-premiere", "-pk"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["bilan_id", "categorie"], name="conservation_destruction_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.categorie}"

    @property
    def detail(self) -> dict[str, int]:
        """Rows per model label (use with ``prefetch_related("lots")``)."""
        resultat: dict[str, int] = {}
        for lot in self.lots.all():
            resultat[lot.modele] = resultat.get(lot.modele, 0) + lot.lignes
        return dict(sorted(resultat.items()))


class DestructionLot(models.Model):
    """What one batch destroyed for one destruction record: a model label and counts
    (appended, never updated: the record's totals are their sums)."""

    destruction = models.ForeignKey(Destruction, on_delete=models.CASCADE, related_name="lots")
    modele = models.CharField(max_length=100)
    lignes = models.PositiveIntegerField()
    fichiers = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.modele} : {self.lignes}"


class FichierASupprimer(models.Model):
    """A stored file whose row is gone: written in the row's transaction, removed from the
    storage after the commit, retried by the next run until the storage says it is gone."""

    modele = models.CharField(max_length=100)  # "app.model", for the field's storage
    champ = models.CharField(max_length=100)
    nom = models.CharField(max_length=500)
    bilan_id = models.BigIntegerField()
    cree_le = models.DateTimeField(default=timezone.now)
    tentatives = models.PositiveIntegerField(default=0)
    derniere_erreur = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return self.nom


class TypeDemande(models.TextChoices):
    ACCES = "acces", _("Accès (art. 15)")
    PORTABILITE = "portabilite", _("Portabilité (art. 20)")
    EFFACEMENT = "effacement", _("Effacement (art. 17)")
    RECTIFICATION = "rectification", _("Rectification (art. 16)")
    OPPOSITION = "opposition", _("Opposition (art. 21)")


class DemandeDroit(models.Model):
    """A data-subject request (RGPD art. 12: answered within one month, two more with a
    reason given to the person)."""

    class Issue(models.TextChoices):
        SATISFAITE = "satisfaite", _("Satisfaite")
        PARTIELLE = "partielle", _("Satisfaite en partie (obligation légale)")
        REFUSEE = "refusee", _("Refusée (motif communiqué)")

    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="demandes_rgpd"
    )
    type = models.CharField(_("type"), max_length=20, choices=TypeDemande.choices)
    recue_le = models.DateField(_("reçue le"), default=date.today)
    echeance = models.DateField(_("à traiter avant le"))
    prolongee_le = models.DateField(null=True, blank=True)
    motif_prolongation = models.CharField(_("motif de la prolongation"), max_length=300, blank=True)
    repondue_le = models.DateField(_("répondue le"), null=True, blank=True)
    issue = models.CharField(_("issue"), max_length=20, choices=Issue.choices, blank=True)
    # What the erasure deleted and what a legal obligation kept, with the reason (counts).
    bilan_effacement = models.JSONField(default=dict, blank=True)
    enregistree_par_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recue_le", "-pk"]
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type__in=TypeDemande.values), name="demande_rgpd_type"
            ),
            models.CheckConstraint(
                condition=models.Q(echeance__gte=models.F("recue_le")),
                name="demande_rgpd_echeance_apres_reception",
            ),
        ]

    def __str__(self) -> str:
        return f"Demande {self.get_type_display()} n° {self.pk}"

    @property
    def en_retard(self) -> bool:
        return self.repondue_le is None and self.echeance < timezone.localdate()


def _chemin_export(instance: ExportDonnees, filename: str) -> str:
    return f"conservation/exports/{instance.pk}-{timezone.now():%Y%m%d%H%M%S}.zip.chiffre"


class ExportDonnees(models.Model):
    """One beneficiary's data export (RGPD art. 15 and 20): a ZIP encrypted at rest, through
    a single-use link that expires; only the token's SHA-256 is stored."""

    class Statut(models.TextChoices):
        EN_PREPARATION = "en_preparation", _("En préparation")
        PRET = "pret", _("Prêt")
        TELECHARGE = "telecharge", _("Téléchargé")
        EXPIRE = "expire", _("Expiré")
        ERREUR = "erreur", _("Échec de la préparation")

    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports_rgpd"
    )
    demande = models.ForeignKey(
        DemandeDroit, on_delete=models.SET_NULL, null=True, blank=True, related_name="exports"
    )
    jeton_hash = models.CharField(max_length=64, unique=True)
    statut = models.CharField(max_length=20, choices=Statut.choices, default=Statut.EN_PREPARATION)
    fichier = models.FileField(upload_to=_chemin_export, blank=True, max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    expire_le = models.DateTimeField()
    pret_le = models.DateTimeField(null=True, blank=True)
    telecharge_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"export {self.pk}"

    @classmethod
    def duree(cls) -> timedelta:
        return timedelta(hours=int(settings.CONSERVATION_EXPORT_HEURES))
