"""The investigation tools of the seed programme (seed 003, Supports pédagogiques; seed 004,
séances 2 to 8): the career timeline, the competence inventory, the gap matrices and the
scenario comparison of one bilan.

Every row hangs from the bilan's :class:`DossierOutils`, the object the guardian permissions
are given on (direct foreign keys: the purge leaves no orphan permission). All free text is
bilan content (domain.md, Confidentiality): encrypted at rest.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from beneficiaires.models import Bilan
from bilan.crypto import EncryptedTextField

NIVEAU_MIN, NIVEAU_MAX = 1, 4
NOTE_MIN, NOTE_MAX = 0, 5
SCENARIOS_MAX = 4
TOTAL_POIDS = 100


class Niveau(models.IntegerChoices):
    """The competence scale, the same for the beneficiary and the consultant."""

    NOTIONS = 1, _("1 — Notions : connu, pratiqué ponctuellement ou avec de l'aide")
    PRATIQUE = 2, _("2 — Pratique : mis en œuvre seul(e) dans les situations courantes")
    MAITRISE = 3, _("3 — Maîtrise : mis en œuvre seul(e) dans des situations variées ou complexes")
    EXPERTISE = 4, _("4 — Expertise : transmis, amélioré, référence pour les autres")


class DossierOutils(models.Model):
    """The tools of one bilan and their hand-over to the beneficiary (seed 004, Document de
    synthèse: "tous les résultats de l'investigation lui sont aussi remis")."""

    bilan = models.OneToOneField(Bilan, on_delete=models.CASCADE, related_name="outils")
    remis_le = models.DateTimeField(_("résultats remis le"), null=True, blank=True)
    remis_par_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("outils d'investigation")
        verbose_name_plural = _("outils d'investigation")
        default_permissions = ("view", "change")

    def __str__(self) -> str:
        return f"Outils du bilan {self.bilan_id}"

    @property
    def remis(self) -> bool:
        return self.remis_le is not None


class DossierOutilsUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(DossierOutils, on_delete=models.CASCADE)


class DossierOutilsGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(DossierOutils, on_delete=models.CASCADE)


class TypeEntree(models.TextChoices):
    POSTE = "poste", _("Poste")
    FORMATION = "formation", _("Formation")
    TRANSITION = "transition", _("Transition")
    RUPTURE = "rupture", _("Rupture ou pause")


class EntreeParcours(models.Model):
    """One period of the career timeline (grille d'analyse de parcours): what it was, when,
    the significant experiences and what they taught."""

    dossier = models.ForeignKey(DossierOutils, on_delete=models.CASCADE, related_name="entrees")
    type = models.CharField(_("type"), max_length=20, choices=TypeEntree.choices)
    intitule = EncryptedTextField(_("intitulé"))
    structure = EncryptedTextField(_("employeur, organisme ou lieu"), blank=True)
    debut = models.DateField(_("début"))
    fin = models.DateField(_("fin"), null=True, blank=True)
    experiences = EncryptedTextField(_("expériences significatives"), blank=True)
    enseignements = EncryptedTextField(_("ce qu'elles ont appris"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()
        ordering = ["debut", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type__in=TypeEntree.values), name="outils_entree_type"
            ),
            models.CheckConstraint(
                condition=models.Q(fin__isnull=True) | models.Q(fin__gte=models.F("debut")),
                name="outils_entree_fin_apres_debut",
            ),
        ]

    def __str__(self) -> str:
        return f"Entrée {self.pk} du parcours ({self.dossier_id})"


class TypeCompetence(models.TextChoices):
    TECHNIQUE = "technique", _("Technique (savoir-faire)")
    COMPORTEMENTALE = "comportementale", _("Comportementale (savoir-être)")


class Transferabilite(models.TextChoices):
    FORTE = "forte", _("Forte : utile dans de nombreux métiers")
    MOYENNE = "moyenne", _("Moyenne : utile dans des métiers proches")
    FAIBLE = "faible", _("Faible : propre au poste ou au secteur")


def _niveau_ok(name: str) -> models.Q:
    return models.Q(**{f"{name}__isnull": True}) | models.Q(
        **{f"{name}__gte": NIVEAU_MIN, f"{name}__lte": NIVEAU_MAX}
    )


class Competence(models.Model):
    """One competence of the inventory: written by the beneficiary (guided personal work),
    reviewed by the consultant (their level and comment)."""

    dossier = models.ForeignKey(DossierOutils, on_delete=models.CASCADE, related_name="competences")
    intitule = EncryptedTextField(_("compétence"))
    type = models.CharField(_("type"), max_length=20, choices=TypeCompetence.choices)
    entree = models.ForeignKey(
        EntreeParcours,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="competences",
        verbose_name=_("expérience d'où elle vient"),
    )
    niveau_auto = models.PositiveSmallIntegerField(
        _("mon niveau"), choices=Niveau.choices, null=True, blank=True
    )
    preuves = EncryptedTextField(_("preuves et exemples"), blank=True)
    transferabilite = models.CharField(
        _("transférabilité"), max_length=20, choices=Transferabilite.choices, blank=True
    )
    transfert = EncryptedTextField(_("vers quels métiers ou contextes"), blank=True)
    niveau_consultant = models.PositiveSmallIntegerField(
        _("niveau évalué par le consultant"), choices=Niveau.choices, null=True, blank=True
    )
    commentaire_consultant = EncryptedTextField(_("commentaire du consultant"), blank=True)
    revue_le = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()
        ordering = ["type", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type__in=TypeCompetence.values), name="outils_competence_type"
            ),
            models.CheckConstraint(
                condition=_niveau_ok("niveau_auto"), name="outils_competence_niveau_auto"
            ),
            models.CheckConstraint(
                condition=_niveau_ok("niveau_consultant"),
                name="outils_competence_niveau_consultant",
            ),
        ]

    def __str__(self) -> str:
        return f"Compétence {self.pk} ({self.dossier_id})"

    @property
    def niveau(self) -> int | None:
        """The level that counts: the consultant's once reviewed, else the self-assessed."""
        return self.niveau_consultant or self.niveau_auto


class Matrice(models.Model):
    """A gap matrix (matrice d'écart) for one target job or project: required competences
    against current levels, resources against constraints."""

    dossier = models.ForeignKey(DossierOutils, on_delete=models.CASCADE, related_name="matrices")
    cible = EncryptedTextField(_("métier ou projet visé"))
    ressources = EncryptedTextField(_("ressources (atouts, appuis, moyens)"), blank=True)
    contraintes = EncryptedTextField(_("contraintes (freins, limites)"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Matrice d'écart {self.pk} ({self.dossier_id})"


class Moyen(models.TextChoices):
    FORMATION = "formation", _("Formation")
    EXPERIENCE = "experience", _("Expérience")
    RESEAU = "reseau", _("Réseau")


class Exigence(models.Model):
    """One required competence of a matrix and the current level; when it matches an
    inventory competence, the current level is the inventory's (``competence``)."""

    matrice = models.ForeignKey(Matrice, on_delete=models.CASCADE, related_name="exigences")
    intitule = EncryptedTextField(_("compétence requise"))
    niveau_requis = models.PositiveSmallIntegerField(_("niveau requis"), choices=Niveau.choices)
    competence = models.ForeignKey(
        Competence, on_delete=models.SET_NULL, null=True, blank=True, related_name="exigences"
    )
    niveau_saisi = models.PositiveSmallIntegerField(
        _("niveau actuel"), choices=Niveau.choices, null=True, blank=True
    )
    moyen = models.CharField(
        _("moyen de combler l'écart"), max_length=20, choices=Moyen.choices, blank=True
    )
    moyen_detail = EncryptedTextField(_("comment"), blank=True)

    class Meta:
        default_permissions = ()
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(niveau_requis__gte=NIVEAU_MIN, niveau_requis__lte=NIVEAU_MAX),
                name="outils_exigence_niveau_requis",
            ),
            models.CheckConstraint(
                condition=_niveau_ok("niveau_saisi"), name="outils_exigence_niveau_saisi"
            ),
            models.CheckConstraint(
                condition=models.Q(moyen="") | models.Q(moyen__in=Moyen.values),
                name="outils_exigence_moyen",
            ),
        ]

    def __str__(self) -> str:
        return f"Exigence {self.pk} ({self.matrice_id})"

    @property
    def niveau_actuel(self) -> int | None:
        if self.competence_id is not None and self.competence.niveau is not None:
            return self.competence.niveau
        return self.niveau_saisi

    @property
    def ecart(self) -> int:
        """How many levels are missing (0 when the current level reaches the required)."""
        return max(0, self.niveau_requis - (self.niveau_actuel or 0))


class Scenario(models.Model):
    """One professional scenario (A to D) of the comparison grid."""

    dossier = models.ForeignKey(DossierOutils, on_delete=models.CASCADE, related_name="scenarios")
    lettre = models.CharField(_("lettre"), max_length=1)
    intitule = EncryptedTextField(_("scénario"))
    avantages = EncryptedTextField(_("avantages"), blank=True)
    risques = EncryptedTextField(_("risques"), blank=True)
    leviers = EncryptedTextField(_("leviers"), blank=True)
    obstacles = EncryptedTextField(_("freins"), blank=True)
    retenu = models.BooleanField(_("retenu"), default=False)
    raison = EncryptedTextField(_("raison du choix"), blank=True)
    retenu_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        ordering = ["lettre"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "lettre"], name="outils_scenario_lettre"),
            models.CheckConstraint(
                condition=models.Q(lettre__in=["A", "B", "C", "D"]),
                name="outils_scenario_a_d",
            ),
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(retenu=True),
                name="outils_scenario_un_retenu",
            ),
        ]

    def __str__(self) -> str:
        return f"Scénario {self.lettre} ({self.dossier_id})"


class Critere(models.Model):
    """A criterion of the comparison and its weight, chosen by the beneficiary (the weights
    of a dossier sum to :data:`TOTAL_POIDS` once set)."""

    dossier = models.ForeignKey(DossierOutils, on_delete=models.CASCADE, related_name="criteres")
    libelle = EncryptedTextField(_("critère"))
    poids = models.PositiveSmallIntegerField(_("poids"), default=0)

    class Meta:
        default_permissions = ()
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(poids__lte=TOTAL_POIDS), name="outils_critere_poids"
            ),
        ]

    def __str__(self) -> str:
        return f"Critère {self.pk} ({self.dossier_id})"


class Note(models.Model):
    """The score (0 to 5) of one scenario on one criterion."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="notes")
    critere = models.ForeignKey(Critere, on_delete=models.CASCADE, related_name="notes")
    valeur = models.PositiveSmallIntegerField(_("note"))

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["scenario", "critere"], name="outils_note_unique"),
            models.CheckConstraint(
                condition=models.Q(valeur__gte=NOTE_MIN, valeur__lte=NOTE_MAX),
                name="outils_note_0_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Note {self.scenario_id}/{self.critere_id}"
