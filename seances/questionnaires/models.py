"""Self-assessment questionnaires, the 360° image survey and published tests' restitutions
(issue 11, point 5; seed 004, séances 2 to 5: intérêts, valeurs, motivations, « enquête de
type 360° », restitution des tests).

Two kinds of rows:

- the **definitions** (:class:`Questionnaire`, :class:`Dimension`, :class:`Item`) are the
  provider's tools, edited by administrators; they hold nothing of any bilan;
- the **bilan content** (:class:`Passation`, :class:`Enquete360` with its
  :class:`Invitation360` and :class:`Reponse360`, :class:`Restitution`) is read only by the
  beneficiary and the assigned consultant (domain.md, Confidentiality): answers, scores and
  texts are encrypted at rest, each content root has direct foreign-key permission models
  (django-guardian), and everything is destroyed at the end of the action (R6313-7).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from beneficiaires.models import Bilan
from bilan.crypto import EncryptedTextField

# The 360° survey: at most this many people invited per bilan (issue 11: "max ~10").
INVITATIONS_MAX = 10


class Theme(models.TextChoices):
    INTERETS = "interets", _("Intérêts professionnels")
    VALEURS = "valeurs", _("Valeurs professionnelles")
    MOTIVATIONS = "motivations", _("Motivations")
    AUTRE = "autre", _("Autre")


class Calcul(models.TextChoices):
    """How a dimension's score is computed from its items' answers.

    The mean is the default: it stays on the scale (1 to 5) whatever the number of items, so
    that dimensions of unequal length compare on one chart; the sum is offered for
    questionnaires built to be read that way.
    """

    MOYENNE = "moyenne", _("Moyenne des réponses (reste sur l'échelle)")
    SOMME = "somme", _("Somme des réponses")


class Questionnaire(models.Model):
    """A self-assessment questionnaire, defined by administrators: a scale (labels of the
    values 1..n), dimensions of items, and a scoring rule. Not bilan content."""

    nom = models.CharField(_("nom"), max_length=150, unique=True)
    theme = models.CharField(_("thème"), max_length=20, choices=Theme.choices)
    consigne = models.TextField(_("consigne"), blank=True)
    # The labels of the values 1..n, in order (n = len(echelle), 2 to 10).
    echelle = models.JSONField(_("échelle"), default=list)
    calcul = models.CharField(
        _("calcul des scores"), max_length=10, choices=Calcul.choices, default=Calcul.MOYENNE
    )
    actif = models.BooleanField(_("proposé aux consultants"), default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        default_permissions = ()
        ordering = ["nom"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(theme__in=Theme.values), name="questionnaire_theme"
            ),
            models.CheckConstraint(
                condition=models.Q(calcul__in=Calcul.values), name="questionnaire_calcul"
            ),
        ]

    def __str__(self) -> str:
        return self.nom

    @property
    def echelle_max(self) -> int:
        return len(self.echelle)


class Dimension(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="dimensions"
    )
    ordre = models.PositiveSmallIntegerField()
    libelle = models.CharField(_("libellé"), max_length=150)

    class Meta:
        default_permissions = ()
        ordering = ["ordre"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "ordre"], name="questionnaire_dimension_ordre"
            ),
        ]

    def __str__(self) -> str:
        return self.libelle


class Item(models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="items")
    ordre = models.PositiveSmallIntegerField()
    texte = models.CharField(_("énoncé"), max_length=300)
    # Scored the other way round: answer v counts as (1 + n - v).
    inverse = models.BooleanField(_("inversé"), default=False)

    class Meta:
        default_permissions = ()
        ordering = ["ordre"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "ordre"], name="questionnaire_item_ordre"),
        ]

    def __str__(self) -> str:
        return self.texte


class Passation(models.Model):
    """One questionnaire assigned to one bilan, answered once by its beneficiary.

    ``reponses`` (item id → value) and ``scores`` (the dimensions with their scores, their
    labels copied so that the result reads the same if the definition changes later) are
    encrypted JSON. ``remis_le``: handed over with the investigation results.
    """

    bilan = models.ForeignKey(Bilan, on_delete=models.CASCADE, related_name="passations")
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="passations"
    )
    attribue_le = models.DateTimeField(default=timezone.now)
    reponses = EncryptedTextField(blank=True)
    scores = EncryptedTextField(blank=True)
    repondu_le = models.DateTimeField(null=True, blank=True)
    remis_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("questionnaire attribué")
        verbose_name_plural = _("questionnaires attribués")
        default_permissions = ("view",)
        ordering = ["attribue_le", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bilan", "questionnaire"], name="passation_une_par_questionnaire"
            ),
        ]

    def __str__(self) -> str:
        return f"Questionnaire {self.questionnaire_id} du bilan {self.bilan_id}"


class PassationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Passation, on_delete=models.CASCADE)


class PassationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Passation, on_delete=models.CASCADE)


class Enquete360(models.Model):
    """The optional 360° image survey of a bilan (seed 004, séances 2-3: « grille à
    distribuer à l'entourage »): opened by the beneficiary, who chooses once whether the
    answers stay anonymous to them (and to the consultant: both read the same view)."""

    bilan = models.OneToOneField(Bilan, on_delete=models.CASCADE, related_name="enquete_360")
    anonyme = models.BooleanField(_("réponses anonymes"))
    created_at = models.DateTimeField(default=timezone.now)
    remis_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("enquête 360°")
        verbose_name_plural = _("enquêtes 360°")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"Enquête 360° du bilan {self.bilan_id}"


class Enquete360UserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Enquete360, on_delete=models.CASCADE)


class Enquete360GroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Enquete360, on_delete=models.CASCADE)


class Invitation360(models.Model):
    """One person invited to the survey through a single-use, expiring link.

    Name and e-mail are a third party's personal data: encrypted. The token is found by its
    SHA-256; the raw token waits, encrypted, only until the e-mail task sent it (as the
    employer's signing link, beneficiaires.models.LienSignature).
    """

    enquete = models.ForeignKey(Enquete360, on_delete=models.CASCADE, related_name="invitations")
    nom = EncryptedTextField(_("nom"), blank=True)
    email = EncryptedTextField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True)
    token_a_envoyer = EncryptedTextField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    envoye_le = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation 360°")
        verbose_name_plural = _("invitations 360°")
        default_permissions = ()
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="invitation360_expire_apres_creation",
            ),
            models.CheckConstraint(
                condition=models.Q(token_hash__regex=r"^[0-9a-f]{64}$"),  # noqa: S106
                name="invitation360_hash_sha256",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation 360° {self.pk} (enquête {self.enquete_id})"


class Reponse360(models.Model):
    """One answer to the 360° grid. When the survey is anonymous, the row is not linked to
    its invitation at all: anonymity holds in the database, not only on screen."""

    enquete = models.ForeignKey(Enquete360, on_delete=models.CASCADE, related_name="reponses")
    invitation = models.OneToOneField(
        Invitation360, on_delete=models.SET_NULL, null=True, blank=True, related_name="reponse"
    )
    # {"item code": value 1..4} and {"forces": ..., "progres": ..., "libre": ...}.
    notes = EncryptedTextField()
    textes = EncryptedTextField(blank=True)
    # A day, not an instant: an exact time could tell who answered.
    repondu_le = models.DateField(default=timezone.localdate)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"Réponse 360° {self.pk} (enquête {self.enquete_id})"


class Restitution(models.Model):
    """The consultant's record of a published test's restitution (MBTI, NEO PI-R...): the
    test is not reproduced; its name, date and the restitution notes (encrypted) are kept,
    and optionally the reference of the publisher's report in the working documents."""

    bilan = models.ForeignKey(Bilan, on_delete=models.CASCADE, related_name="restitutions")
    test_nom = models.CharField(_("test"), max_length=150)
    date = models.DateField(_("date de la restitution"))
    notes = EncryptedTextField(_("notes de restitution"))
    # The publisher's report, uploaded in the working documents (seances.documents).
    document_reference = models.CharField(_("référence du rapport"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    remis_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("restitution de test")
        verbose_name_plural = _("restitutions de tests")
        default_permissions = ("view",)
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"Restitution {self.pk} du bilan {self.bilan_id}"


class RestitutionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Restitution, on_delete=models.CASCADE)


class RestitutionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Restitution, on_delete=models.CASCADE)
