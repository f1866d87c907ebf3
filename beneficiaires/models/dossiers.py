"""Beneficiaries and the bilan dossier (domain.md, The people; The life of a bilan)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from bilan.crypto import EncryptedTextField


class StatutProfessionnel(models.TextChoices):
    SALARIE = "salarie", _("Salarié")
    DEMANDEUR_EMPLOI = "demandeur_emploi", _("Demandeur d'emploi")
    INDEPENDANT = "independant", _("Indépendant")
    AUTRE = "autre", _("Autre")


class Financement(models.TextChoices):
    CPF = "cpf", _("Compte personnel de formation (CPF)")
    PLAN_DEVELOPPEMENT = "plan_developpement", _("Plan de développement des compétences")
    CONGE_RECLASSEMENT = "conge_reclassement", _("Congé de reclassement")
    AUTRE_FINANCEUR = "autre_financeur", _("Autre financeur (OPCO, France Travail…)")
    AUTOFINANCEMENT = "autofinancement", _("Autofinancement")


# R6313-8: plan de développement and congé de reclassement need a convention tripartite,
# whose employee has 10 days to sign; another funder's convention has the same fields
# without that rule (domain.md, Funding).
FINANCEMENTS_TRIPARTITES = frozenset(
    {Financement.PLAN_DEVELOPPEMENT, Financement.CONGE_RECLASSEMENT}
)
FINANCEMENTS_CONVENTION = FINANCEMENTS_TRIPARTITES | {Financement.AUTRE_FINANCEUR}


class Etat(models.TextChoices):
    PREALABLE = "prealable", _("Préalable")
    ENGAGEMENT = "engagement", _("Engagement")
    EN_COURS = "en_cours", _("En cours")
    CONCLUSION = "conclusion", _("Conclusion")
    TERMINE = "termine", _("Terminé")
    SUIVI = "suivi", _("Suivi")
    CLOS = "clos", _("Clos")
    ABANDONNE = "abandonne", _("Abandonné")
    REFUSE = "refuse", _("Refusé")


class Beneficiaire(models.Model):
    """The beneficiary's profile: only what has a direct and necessary link with the bilan.

    Identity and e-mail live on the user (domain.md, Minimisation: no health or family field).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="beneficiaire"
    )
    telephone = models.CharField(_("téléphone"), max_length=20, blank=True)
    statut_professionnel = models.CharField(
        _("statut professionnel"), max_length=20, choices=StatutProfessionnel.choices
    )
    employeur_nom = models.CharField(_("employeur"), max_length=200, blank=True)
    # R6313-5: the provider cannot run the bilan of its own employee.
    employe_par_organisme = models.BooleanField(
        _("salarié de l'organisme prestataire"), default=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bénéficiaire")
        verbose_name_plural = _("bénéficiaires")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(statut_professionnel__in=StatutProfessionnel.values),
                name="beneficiaire_statut_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(statut_professionnel=StatutProfessionnel.SALARIE)
                | ~models.Q(employeur_nom=""),
                name="beneficiaire_salarie_has_employeur",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Bilan(models.Model):
    """The dossier of one bilan de compétences and its state (domain.md, The life of a bilan)."""

    reference = models.CharField(_("référence"), max_length=20, unique=True)
    beneficiaire = models.ForeignKey(Beneficiaire, on_delete=models.PROTECT, related_name="bilans")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bilans_suivis",
    )
    # Empty until the engagement fixes the funding path (a string field: "" stands for none).
    financement = models.CharField(
        _("financement"), max_length=30, choices=Financement.choices, blank=True
    )
    etat = models.CharField(
        _("état"), max_length=20, choices=Etat.choices, default=Etat.PREALABLE, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    etat_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bilan")
        verbose_name_plural = _("bilans")
        default_permissions = ("view", "change")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(etat__in=Etat.values), name="bilan_etat_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(financement__in=["", *Financement.values]),
                name="bilan_financement_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def avec_convention(self) -> bool:
        """Its funding path needs a convention (tripartite or a funder's)."""
        return self.financement in FINANCEMENTS_CONVENTION


class BilanUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Bilan, on_delete=models.CASCADE)


class BilanGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Bilan, on_delete=models.CASCADE)


class BilanEvenement(models.Model):
    """One change of state in the bilan's timeline: metadata only, never a reason or a value."""

    bilan = models.ForeignKey(Bilan, on_delete=models.CASCADE, related_name="evenements")
    de = models.CharField(max_length=20, choices=Etat.choices)
    vers = models.CharField(max_length=20, choices=Etat.choices)
    at = models.DateTimeField(default=timezone.now)
    # A plain id, as in the audit log: the timeline outlives a deleted account.
    acteur_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(de__in=Etat.values) & models.Q(vers__in=Etat.values),
                name="bilan_evenement_etats_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(de=models.F("vers")), name="bilan_evenement_changes_etat"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bilan_id} : {self.de} → {self.vers}"


class FormatBilan(models.TextChoices):
    PRESENTIEL = "presentiel", _("Présentiel")
    DISTANCIEL = "distanciel", _("Distanciel")
    MIXTE = "mixte", _("Mixte")


class EntretienPrealable(models.Model):
    """The free preliminary interview, outside the 24 h (domain.md, The life of a bilan, 1).

    Its texts are confidential content: encrypted at rest, read by the beneficiary and the
    assigned consultant only.
    """

    bilan = models.OneToOneField(
        Bilan, on_delete=models.CASCADE, related_name="entretien_prealable"
    )
    besoin = EncryptedTextField(_("besoin"))
    attentes = EncryptedTextField(_("attentes"))
    situation = EncryptedTextField(_("situation"))
    objectifs = EncryptedTextField(_("objectifs"))
    format = models.CharField(_("format choisi"), max_length=20, choices=FormatBilan.choices)
    tenu_le = models.DateField(_("tenu le"))
    # A plain id, as in the audit log: the record outlives a deleted account.
    acteur_id = models.BigIntegerField(_("consultant"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("entretien préalable")
        verbose_name_plural = _("entretiens préalables")
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=models.Q(format__in=FormatBilan.values),
                name="entretien_prealable_format_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Entretien préalable du bilan {self.bilan_id}"


class Decision(models.TextChoices):
    DONNE = "donne", _("Donné")
    REFUSE = "refuse", _("Refusé")


class Consentement(models.Model):
    """The beneficiary's recorded, timestamped answer after the entretien préalable (L6313-4).

    Given once; a refusal carries no reason (domain.md: refusing is never misconduct).
    """

    bilan = models.OneToOneField(Bilan, on_delete=models.CASCADE, related_name="consentement")
    decision = models.CharField(_("décision"), max_length=10, choices=Decision.choices)
    at = models.DateTimeField(_("le"), default=timezone.now)
    ip = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision__in=Decision.values),
                name="consentement_decision_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Consentement du bilan {self.bilan_id} : {self.decision}"


# D6323-1 A (2026 figure, domain.md, Funding): the most a CPF bilan may cost.
CPF_PRIX_PLAFOND = Decimal("1600.00")


class FinancementCPF(models.Model):
    """The CPF funding of a bilan (domain.md, Funding: CPF; D6353-1 III, D6323-1 A, D6323-6).

    No refund path exists: the reste à charge is shown, never refunded by the provider.
    """

    bilan = models.OneToOneField(Bilan, on_delete=models.CASCADE, related_name="financement_cpf")
    prix = models.DecimalField(_("prix (€)"), max_digits=8, decimal_places=2)
    numero_dossier = models.CharField(_("numéro de dossier CPF"), max_length=40)
    # D6323-6: no other funded bilan in the previous 5 years, declared by the beneficiary.
    declaration_aucun_bilan_5_ans = models.BooleanField(
        _("aucun bilan financé dans les 5 dernières années")
    )
    declaration_at = models.DateTimeField(_("déclaration faite le"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("financement CPF")
        verbose_name_plural = _("financements CPF")
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=models.Q(prix__gt=0) & models.Q(prix__lte=CPF_PRIX_PLAFOND),
                name="financement_cpf_prix_plafond",
            ),
            models.CheckConstraint(
                condition=~models.Q(numero_dossier=""), name="financement_cpf_numero_dossier"
            ),
            models.CheckConstraint(
                condition=models.Q(declaration_aucun_bilan_5_ans=True),
                name="financement_cpf_declaration",
            ),
        ]

    def __str__(self) -> str:
        return f"Financement CPF du bilan {self.bilan_id}"


class ContratAutofinancement(models.Model):
    """The contract of a self-funded bilan (L6353-3/4), with its payment schedule (L6353-6)."""

    bilan = models.OneToOneField(
        Bilan, on_delete=models.CASCADE, related_name="contrat_autofinancement"
    )
    prix = models.DecimalField(_("prix (€)"), max_digits=8, decimal_places=2)
    signe_le = models.DateField(_("signé le"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("contrat d'autofinancement")
        verbose_name_plural = _("contrats d'autofinancement")
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=models.Q(prix__gt=0), name="contrat_autofinancement_prix_positif"
            ),
        ]

    def __str__(self) -> str:
        return f"Contrat d'autofinancement du bilan {self.bilan_id}"


class Echeance(models.Model):
    """One payment of a self-funded bilan's schedule."""

    contrat = models.ForeignKey(
        ContratAutofinancement, on_delete=models.CASCADE, related_name="echeances"
    )
    date = models.DateField(_("date"))
    montant = models.DecimalField(_("montant (€)"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("échéance")
        verbose_name_plural = _("échéances")
        default_permissions = ()
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(montant__gt=0), name="echeance_montant_positif"
            ),
        ]

    def __str__(self) -> str:
        return f"Échéance du {self.date} : {self.montant} €"
