"""The 24-hour plan, sessions, phases, personal work and attendance signatures (domain.md,
The life of a bilan, points 3 to 6).

Durations are whole minutes. The plan row of a bilan carries the planned and done totals,
maintained by the services under a row lock; CheckConstraints keep each sum under 24 h in
the database too (L6313-4). Attendance signatures are immutable: triggers refuse UPDATE and
DELETE (migration 0003), except a DELETE covered by an :class:`EmargementPurgePermit`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiaires.models import Bilan
from bilan.crypto import EncryptedTextField

# L6313-4 (domain.md, Duration): at most 24 hours per bilan, sessions and personal work.
MINUTES_MAX = 24 * 60


class Phase(models.TextChoices):
    """R6313-4: three phases, in this order."""

    PRELIMINAIRE = "preliminaire", _("Phase préliminaire")
    INVESTIGATION = "investigation", _("Phase d'investigation")
    CONCLUSION = "conclusion", _("Phase de conclusion")


PHASES_ORDRE: tuple[str, ...] = (Phase.PRELIMINAIRE, Phase.INVESTIGATION, Phase.CONCLUSION)


class Modalite(models.TextChoices):
    PRESENTIEL = "presentiel", _("Présentiel")
    DISTANCIEL = "distanciel", _("Distanciel")
    MIXTE = "mixte", _("Mixte")


class StatutSeance(models.TextChoices):
    A_PLANIFIER = "a_planifier", _("À planifier")
    PLANIFIEE = "planifiee", _("Planifiée")
    ANNULEE = "annulee", _("Annulée")
    ABSENCE = "absence", _("Absence")


class DemiJournee(models.TextChoices):
    """A session spanning morning and afternoon is signed once per half-day."""

    MATIN = "matin", _("Matin")
    APRES_MIDI = "apres_midi", _("Après-midi")


class RoleSignataire(models.TextChoices):
    BENEFICIAIRE = "beneficiaire", _("Bénéficiaire")
    CONSULTANT = "consultant", _("Consultant")


def _minutes_ok(*names: str) -> models.Q:
    q = models.Q()
    for name in names:
        q &= models.Q(**{f"{name}__gte": 0})
    return q


class PlanModele(models.Model):
    """A plan template, edited by administrators (seed programme: 8 sessions + 6 h)."""

    nom = models.CharField(_("nom"), max_length=120, unique=True)
    par_defaut = models.BooleanField(_("modèle par défaut"), default=False)
    minutes_travail_personnel = models.PositiveIntegerField(_("travail personnel (minutes)"))
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("modèle de plan")
        verbose_name_plural = _("modèles de plan")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["par_defaut"],
                condition=models.Q(par_defaut=True),
                name="plan_modele_un_seul_par_defaut",
            ),
            models.CheckConstraint(
                condition=models.Q(minutes_travail_personnel__lte=MINUTES_MAX),
                name="plan_modele_travail_24h",
            ),
        ]

    def __str__(self) -> str:
        return self.nom


class PlanModeleSeance(models.Model):
    modele = models.ForeignKey(PlanModele, on_delete=models.CASCADE, related_name="seances")
    numero = models.PositiveSmallIntegerField(_("numéro"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    intitule = models.CharField(_("intitulé"), max_length=200)
    duree_minutes = models.PositiveIntegerField(_("durée (minutes)"))

    class Meta:
        default_permissions = ()
        ordering = ["numero"]
        constraints = [
            models.UniqueConstraint(fields=["modele", "numero"], name="plan_modele_seance_numero"),
            models.CheckConstraint(
                condition=models.Q(phase__in=Phase.values), name="plan_modele_seance_phase"
            ),
            models.CheckConstraint(
                condition=models.Q(duree_minutes__gt=0) & models.Q(duree_minutes__lte=MINUTES_MAX),
                name="plan_modele_seance_duree",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.numero}. {self.intitule}"


class Plan(models.Model):
    """The plan of one bilan and its totals (L6313-4: 24 h at most, planned and done).

    Accompaniment and personal work are kept apart (D6323-6: only the former is
    CPF-fundable). The totals are written only by the services, under ``select_for_update``.
    """

    bilan = models.OneToOneField(Bilan, on_delete=models.CASCADE, related_name="plan_seances")
    minutes_accompagnement_prevues = models.PositiveIntegerField(default=0)
    minutes_travail_prevues = models.PositiveIntegerField(default=0)
    minutes_accompagnement_realisees = models.PositiveIntegerField(default=0)
    minutes_travail_realisees = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("plan du bilan")
        verbose_name_plural = _("plans des bilans")
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    minutes_accompagnement_prevues__lte=MINUTES_MAX
                    - models.F("minutes_travail_prevues")
                ),
                name="plan_prevu_24h",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    minutes_accompagnement_realisees__lte=MINUTES_MAX
                    - models.F("minutes_travail_realisees")
                ),
                name="plan_realise_24h",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan du bilan {self.bilan_id}"


class Seance(models.Model):
    """One session of the bilan: its phase, its slot (Europe/Paris) and its modality."""

    bilan = models.ForeignKey(Bilan, on_delete=models.PROTECT, related_name="seances")
    numero = models.PositiveSmallIntegerField(_("numéro"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    intitule = models.CharField(_("intitulé"), max_length=200)
    duree_minutes = models.PositiveIntegerField(_("durée (minutes)"))
    statut = models.CharField(
        _("statut"), max_length=20, choices=StatutSeance.choices, default=StatutSeance.A_PLANIFIER
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seances_animees",
    )
    date = models.DateField(_("date"), null=True, blank=True)
    debut = models.TimeField(_("début"), null=True, blank=True)
    fin = models.TimeField(_("fin"), null=True, blank=True)
    modalite = models.CharField(_("modalité"), max_length=20, choices=Modalite.choices, blank=True)
    lieu = models.CharField(_("lieu"), max_length=300, blank=True)
    lien_visio = models.URLField(_("lien de visioconférence"), max_length=500, blank=True)
    # Remote sessions' probative elements (domain.md, Attendance): given by the consultant.
    connexion_debut = models.DateTimeField(_("connexion à"), null=True, blank=True)
    connexion_fin = models.DateTimeField(_("déconnexion à"), null=True, blank=True)
    # The reason itself is content: it lives in the session's history (SeanceEvenement).
    absence_justifiee = models.BooleanField(_("absence justifiée"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        default_permissions = ()
        ordering = ["bilan", "numero"]
        indexes = [models.Index(fields=["consultant", "date"])]
        constraints = [
            models.UniqueConstraint(fields=["bilan", "numero"], name="seance_numero_unique"),
            models.CheckConstraint(condition=models.Q(phase__in=Phase.values), name="seance_phase"),
            models.CheckConstraint(
                condition=models.Q(statut__in=StatutSeance.values), name="seance_statut"
            ),
            models.CheckConstraint(
                condition=models.Q(duree_minutes__gt=0) & models.Q(duree_minutes__lte=MINUTES_MAX),
                name="seance_duree",
            ),
            models.CheckConstraint(
                condition=models.Q(statut=StatutSeance.A_PLANIFIER)
                | (
                    models.Q(date__isnull=False, debut__isnull=False, fin__isnull=False)
                    & models.Q(fin__gt=models.F("debut"))
                    & models.Q(modalite__in=Modalite.values)
                    & models.Q(consultant__isnull=False)
                ),
                name="seance_creneau_complet",
            ),
            models.CheckConstraint(
                condition=~models.Q(modalite__in=[Modalite.PRESENTIEL, Modalite.MIXTE])
                | ~models.Q(lieu=""),
                name="seance_presentiel_lieu",
            ),
            models.CheckConstraint(
                condition=~models.Q(modalite__in=[Modalite.DISTANCIEL, Modalite.MIXTE])
                | ~models.Q(lien_visio=""),
                name="seance_distanciel_lien",
            ),
        ]

    def __str__(self) -> str:
        return f"Séance {self.numero} du bilan {self.bilan_id}"


class SeanceEvenement(models.Model):
    """Scheduling history: planned, rescheduled, cancelled, with the reason (encrypted)."""

    class Type(models.TextChoices):
        PLANIFIEE = "planifiee", _("Planifiée")
        REPORTEE = "reportee", _("Reportée")
        ANNULEE = "annulee", _("Annulée")
        ABSENCE = "absence", _("Absence")

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="evenements")
    type = models.CharField(max_length=20, choices=Type.choices)
    motif = EncryptedTextField(_("motif"), blank=True)
    ancienne_date = models.DateField(null=True, blank=True)
    ancien_debut = models.TimeField(null=True, blank=True)
    ancienne_fin = models.TimeField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)
    acteur_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type__in=["planifiee", "reportee", "annulee", "absence"]),
                name="seance_evenement_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} ({self.seance_id})"


class NoteSeance(models.Model):
    """The consultant's confidential notes on one session; shared with the beneficiary only
    on purpose (domain.md, Confidentiality)."""

    seance = models.OneToOneField(Seance, on_delete=models.CASCADE, related_name="note")
    texte = EncryptedTextField(_("notes"))
    partagee = models.BooleanField(_("partagée avec le bénéficiaire"), default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"Notes de la séance {self.seance_id}"


class StatutTravail(models.TextChoices):
    ASSIGNE = "assigne", _("À faire")
    RENDU = "rendu", _("Rendu")
    VALIDE = "valide", _("Validé")


class TravailPersonnel(models.Model):
    """Guided personal work: instructions, due date, expected time; the beneficiary's
    account and time; the consultant's validation (seed programme: traceability)."""

    bilan = models.ForeignKey(Bilan, on_delete=models.CASCADE, related_name="travaux")
    consignes = EncryptedTextField(_("consignes"))
    echeance = models.DateField(_("à rendre le"))
    minutes_prevues = models.PositiveIntegerField(_("temps prévu (minutes)"))
    statut = models.CharField(
        max_length=20, choices=StatutTravail.choices, default=StatutTravail.ASSIGNE
    )
    compte_rendu = EncryptedTextField(_("ce que j'ai fait"), blank=True)
    minutes_declarees = models.PositiveIntegerField(_("temps passé (minutes)"), default=0)
    minutes_validees = models.PositiveIntegerField(default=0)
    rendu_at = models.DateTimeField(null=True, blank=True)
    valide_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("travail personnel")
        verbose_name_plural = _("travaux personnels")
        default_permissions = ()
        ordering = ["echeance", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(statut__in=StatutTravail.values), name="travail_statut"
            ),
            models.CheckConstraint(
                condition=models.Q(minutes_prevues__gt=0)
                & models.Q(minutes_prevues__lte=MINUTES_MAX),
                name="travail_minutes_prevues",
            ),
            models.CheckConstraint(
                condition=models.Q(statut=StatutTravail.VALIDE) | models.Q(minutes_validees=0),
                name="travail_valide_seul_compte",
            ),
            # domain.md, Duration: validated time stays within the time assigned.
            models.CheckConstraint(
                condition=models.Q(minutes_validees__lte=models.F("minutes_prevues")),
                name="travail_valide_dans_le_prevu",
            ),
        ]

    def __str__(self) -> str:
        return f"Travail personnel {self.pk} du bilan {self.bilan_id}"


class Emargement(models.Model):
    """One attendance signature: one signer, one session, one half-day (domain.md,
    Attendance; Code civil 1366-1367).

    Immutable in the database. ``empreinte`` is the SHA-256 of the canonical serialisation
    of what was signed (:func:`seances.services.emargement.emargement_donnees`); recomputing
    it tells "intact" from "altered". ``bilan_id`` is a plain copy so that the triggers can
    check the purge permit without a join.
    """

    seance = models.ForeignKey(Seance, on_delete=models.PROTECT, related_name="emargements")
    bilan_id = models.BigIntegerField()
    demi_journee = models.CharField(max_length=20, choices=DemiJournee.choices)
    role = models.CharField(max_length=20, choices=RoleSignataire.choices)
    signataire = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emargements"
    )
    signe_le = models.DateTimeField()
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    empreinte = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("émargement")
        verbose_name_plural = _("émargements")
        default_permissions = ()
        ordering = ["signe_le", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seance", "demi_journee", "role"], name="emargement_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(demi_journee__in=DemiJournee.values),
                name="emargement_demi_journee",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=RoleSignataire.values), name="emargement_role"
            ),
        ]

    def __str__(self) -> str:
        return f"Émargement {self.role} séance {self.seance_id} ({self.demi_journee})"


class EmargementPurgePermit(models.Model):
    """Lets the retention job delete one bilan's signatures, inside its own transaction.

    The documented hook for the purge (domain.md, Administrative proof): create a permit,
    delete, delete the permit, in one transaction (:func:`seances.services.emargement.
    emargements_purge`).
    """

    bilan_id = models.BigIntegerField()

    class Meta:
        default_permissions = ()
        # The trigger looks the permit up for every signature row deleted (an index, not a
        # changed field: SQLite would rebuild the table under the triggers that name it).
        indexes = [models.Index(fields=["bilan_id"], name="seances_permit_bilan_idx")]

    def __str__(self) -> str:
        return f"purge des émargements du bilan {self.bilan_id}"


class FluxAgenda(models.Model):
    """A consultant's private iCalendar feed: only the token's SHA-256 is stored."""

    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flux_agenda"
    )
    jeton_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["consultant"],
                condition=models.Q(revoked_at__isnull=True),
                name="flux_agenda_un_actif",
            ),
        ]

    def __str__(self) -> str:
        return f"Flux agenda de {self.consultant_id}"
