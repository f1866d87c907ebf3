"""The follow-up after the bilan (domain.md, point 10, Quality; R6313-4, R6313-7).

- :class:`Suivi`: the follow-up offered at the end, the beneficiary's answer and, with it,
  the written agreement to keep documents for the follow-up (R6313-7: 3 years at most).
- :class:`Creneau` and :class:`EntretienSuivi`: the interview about six months after the end,
  outside the 24 h (never a :class:`seances.models.Seance`); its record is encrypted content.
- :class:`Relance`: one row per e-mail the daily job owes (stamped before it is sent).
- :class:`Questionnaire`, :class:`Question`, :class:`Invitation`, :class:`Reponse`: the
  satisfaction surveys; answers carry no identity (no key to a bilan or a person).
- :class:`Offre`: the public, dated information of an offer (Qualiopi indicator 1).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from beneficiaires.models import Bilan
from bilan.crypto import EncryptedTextField


class Decision(models.TextChoices):
    ACCEPTE = "accepte", _("Accepté")
    DECLINE = "decline", _("Décliné")


class Suivi(models.Model):
    """The follow-up offered to the beneficiary at the end of the bilan (R6313-4).

    Accepting may come with the written agreement to keep the documents for the follow-up
    (R6313-7): the text shown, when it was given, and its end (3 years after the end of the
    bilan at most). The retention engine reads it through
    :func:`suivi.selectors.accord_conservation_fin`.
    """

    bilan = models.OneToOneField(Bilan, on_delete=models.CASCADE, related_name="suivi")
    decision = models.CharField(_("réponse"), max_length=10, choices=Decision.choices)
    decide_le = models.DateTimeField(_("répondu le"), default=timezone.now)
    accord_conservation = models.BooleanField(_("accord de conservation"), default=False)
    accord_texte = models.TextField(_("texte de l'accord"), blank=True)
    accord_le = models.DateTimeField(_("accord donné le"), null=True, blank=True)
    accord_fin = models.DateField(_("conservation jusqu'au"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("suivi")
        verbose_name_plural = _("suivis")
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision__in=Decision.values), name="suivi_decision_valid"
            ),
            # The agreement goes with an acceptance, and has its text, date and end.
            models.CheckConstraint(
                condition=models.Q(accord_conservation=False, accord_le__isnull=True)
                | models.Q(
                    accord_conservation=True,
                    decision=Decision.ACCEPTE,
                    accord_le__isnull=False,
                    accord_fin__isnull=False,
                )
                & ~models.Q(accord_texte=""),
                name="suivi_accord_complet",
            ),
        ]

    def __str__(self) -> str:
        return f"Suivi du bilan {self.bilan_id} : {self.decision}"


class Modalite(models.TextChoices):
    PRESENTIEL = "presentiel", _("Au cabinet")
    DISTANCIEL = "distanciel", _("En visioconférence")
    TELEPHONE = "telephone", _("Par téléphone")


class Creneau(models.Model):
    """A time the consultant offers for follow-up interviews (no bilan data)."""

    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="creneaux_suivi"
    )
    debut = models.DateTimeField(_("début"))
    duree_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=60)
    modalite = models.CharField(
        _("modalité"), max_length=20, choices=Modalite.choices, default=Modalite.DISTANCIEL
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("créneau de suivi")
        verbose_name_plural = _("créneaux de suivi")
        default_permissions = ()
        ordering = ["debut", "pk"]
        indexes = [models.Index(fields=["consultant", "debut"], name="suivi_creneau_consultant")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duree_minutes__gt=0) & models.Q(duree_minutes__lte=180),
                name="suivi_creneau_duree",
            ),
            models.UniqueConstraint(
                fields=["consultant", "debut"], name="suivi_creneau_unique_par_consultant"
            ),
        ]

    def __str__(self) -> str:
        return f"Créneau {self.pk} du {timezone.localtime(self.debut):%d/%m/%Y %H:%M}"


class EntretienSuivi(models.Model):
    """The follow-up interview and its record (domain.md, 10: outside the 24 h).

    The record (progress on the action plan, obstacles, adjustments, next steps) is
    confidential content: encrypted, read by the beneficiary and the assigned consultant.
    """

    bilan = models.OneToOneField(Bilan, on_delete=models.CASCADE, related_name="entretien_suivi")
    # One booking per slot: the unique key is the last word when two people book at once.
    creneau = models.OneToOneField(
        Creneau, on_delete=models.SET_NULL, null=True, blank=True, related_name="entretien"
    )
    debut = models.DateTimeField(_("date et heure"))
    duree_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=60)
    modalite = models.CharField(_("modalité"), max_length=20, choices=Modalite.choices)
    reserve_par_beneficiaire = models.BooleanField(default=False)
    avancement = EncryptedTextField(_("avancement du plan d'action"), blank=True)
    obstacles = EncryptedTextField(_("obstacles rencontrés"), blank=True)
    ajustements = EncryptedTextField(_("ajustements"), blank=True)
    suites = EncryptedTextField(_("prochaines étapes"), blank=True)
    redige_le = models.DateTimeField(_("compte rendu rédigé le"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("entretien de suivi")
        verbose_name_plural = _("entretiens de suivi")
        default_permissions = ("view", "change")
        indexes = [models.Index(fields=["debut"], name="suivi_entretien_debut")]

    def __str__(self) -> str:
        return f"Entretien de suivi du bilan {self.bilan_id}"

    @property
    def fin(self) -> datetime.datetime:
        return self.debut + datetime.timedelta(minutes=self.duree_minutes)


class EntretienSuiviUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(EntretienSuivi, on_delete=models.CASCADE)


class EntretienSuiviGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(EntretienSuivi, on_delete=models.CASCADE)


class TypeRelance(models.TextChoices):
    INVITATION = "invitation", _("Invitation à réserver l'entretien de suivi")
    RAPPEL_BENEFICIAIRE = "rappel_beneficiaire", _("Rappel de la veille (bénéficiaire)")
    RAPPEL_CONSULTANT = "rappel_consultant", _("Rappel de la veille (consultant)")
    ENQUETE_FROID = "enquete_froid", _("Enquête de satisfaction à froid")


class EtatRelance(models.TextChoices):
    A_ENVOYER = "a_envoyer", _("À envoyer")
    EN_COURS = "en_cours", _("En cours d'envoi")
    ENVOYEE = "envoyee", _("Envoyée")
    ANNULEE = "annulee", _("Annulée")


class Relance(models.Model):
    """One e-mail owed by the daily job (issue 7, point 3: never lost, never twice).

    The row is committed first (``a_envoyer``); a worker claims it (``en_cours``, with the
    time of the attempt), sends it, and marks it ``envoyee`` in its own short transaction
    right after the SMTP server accepted it (:mod:`suivi.relances`). The unique key keeps a
    second run, or a second worker, from owing the same mail twice. ``echeance`` is the day
    the mail is about: the bilan's end for the invitation and the survey (it never changes,
    whatever the offsets' settings), the interview's day for a reminder (a moved interview
    gets its own reminder).
    """

    bilan = models.ForeignKey(Bilan, on_delete=models.CASCADE, related_name="relances_suivi")
    type = models.CharField(max_length=30, choices=TypeRelance.choices)
    echeance = models.DateField()
    etat = models.CharField(max_length=20, choices=EtatRelance.choices, default="a_envoyer")
    created_at = models.DateTimeField(default=timezone.now)
    envoyee_le = models.DateTimeField(null=True, blank=True)
    # The last claim by a worker; a row still ``en_cours`` long after it was left by a
    # worker that died (suivi.relances.relances_envoyer takes it again).
    tentative_le = models.DateTimeField(null=True, blank=True)
    tentatives = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("relance")
        verbose_name_plural = _("relances")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["bilan", "type", "echeance"], name="suivi_relance_une_fois"
            ),
            models.CheckConstraint(
                condition=models.Q(type__in=TypeRelance.values), name="suivi_relance_type"
            ),
            models.CheckConstraint(
                condition=models.Q(etat__in=EtatRelance.values), name="suivi_relance_etat"
            ),
        ]
        indexes = [
            # What the sending loop looks for: few rows, found without a scan.
            models.Index(
                fields=["created_at"],
                name="suivi_relance_a_envoyer",
                condition=models.Q(etat__in=["a_envoyer", "en_cours"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} du bilan {self.bilan_id} ({self.etat})"


class Moment(models.TextChoices):
    CHAUD = "chaud", _("À chaud (fin du bilan)")
    FROID = "froid", _("À froid (3 à 6 mois après)")


class Offre(models.Model):
    """An offer's public, dated information (Qualiopi indicator 1), edited by administrators."""

    slug = models.SlugField(_("adresse"), unique=True)
    intitule = models.CharField(_("intitulé"), max_length=200)
    objectifs = models.TextField(_("objectifs"))
    public_prerequis = models.TextField(_("public et prérequis"), blank=True)
    duree = models.TextField(_("durée"))
    acces_delais = models.TextField(_("modalités et délais d'accès"))
    tarifs = models.TextField(_("tarifs"))
    contacts = models.TextField(_("contacts"))
    methodes = models.TextField(_("méthodes mobilisées"))
    accessibilite = models.TextField(_("accessibilité aux personnes handicapées"))
    referent_handicap = models.CharField(_("référent handicap"), max_length=200)
    principale = models.BooleanField(
        _("offre principale"),
        default=False,
        help_text=_("Les résultats des bilans (effectifs, abandons) sont publiés avec elle."),
    )
    publiee = models.BooleanField(_("publiée"), default=True)
    mise_a_jour_le = models.DateField(_("mise à jour le"), default=timezone.localdate)

    class Meta:
        verbose_name = _("offre")
        verbose_name_plural = _("offres")
        default_permissions = ()
        ordering = ["intitule"]
        constraints = [
            models.UniqueConstraint(
                fields=["principale"],
                condition=models.Q(principale=True),
                name="suivi_offre_une_principale",
            ),
        ]

    def __str__(self) -> str:
        return self.intitule


class Questionnaire(models.Model):
    """The questions of one survey moment, configured by administrators."""

    moment = models.CharField(_("moment"), max_length=10, choices=Moment.choices, unique=True)
    titre = models.CharField(_("titre"), max_length=200)

    class Meta:
        verbose_name = _("questionnaire de satisfaction")
        verbose_name_plural = _("questionnaires de satisfaction")
        default_permissions = ()
        ordering = ["moment"]

    def __str__(self) -> str:
        return self.titre


class TypeQuestion(models.TextChoices):
    ECHELLE = "echelle", _("Échelle de 1 à 5")
    CHOIX = "choix", _("Choix dans une liste")
    TEXTE = "texte", _("Texte libre")


ECHELLE_MAX = 5


class Question(models.Model):
    """One question; retired questions stay for the answers already given."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="questions"
    )
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=1)
    libelle = models.CharField(_("question"), max_length=300)
    type = models.CharField(_("type"), max_length=10, choices=TypeQuestion.choices)
    choix = models.TextField(_("choix proposés (un par ligne)"), blank=True)
    obligatoire = models.BooleanField(_("réponse obligatoire"), default=False)
    # The scale question whose answers of 4 or 5 count as "satisfied" (Qualiopi indicator 2).
    satisfaction = models.BooleanField(_("compte pour le taux de satisfaction"), default=False)
    active = models.BooleanField(_("posée"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        default_permissions = ()
        ordering = ["ordre", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type__in=TypeQuestion.values), name="suivi_question_type"
            ),
            models.CheckConstraint(
                condition=~models.Q(type="choix") | ~models.Q(choix=""),
                name="suivi_question_choix_liste",
            ),
            models.CheckConstraint(
                condition=models.Q(satisfaction=False) | models.Q(type="echelle"),
                name="suivi_question_satisfaction_echelle",
            ),
        ]

    def __str__(self) -> str:
        return self.libelle

    @property
    def options(self) -> list[str]:
        return [c.strip() for c in self.choix.splitlines() if c.strip()]


class Invitation(models.Model):
    """Who was asked and whether they answered; never what they answered.

    The à-froid link's token is found by its SHA-256 (as the employer's signing link):
    the raw token only travels in the e-mail. Single use: ``repondu_le``.
    """

    bilan = models.ForeignKey(Bilan, on_delete=models.CASCADE, related_name="invitations_avis")
    moment = models.CharField(max_length=10, choices=Moment.choices)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    repondu_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation à l'enquête")
        verbose_name_plural = _("invitations à l'enquête")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["bilan", "moment"], name="suivi_invitation_unique"),
            models.CheckConstraint(
                condition=models.Q(token_hash__isnull=True)
                | models.Q(token_hash__regex=r"^[0-9a-f]{64}$"),  # noqa: S106
                name="suivi_invitation_hash_sha256",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation {self.moment} du bilan {self.bilan_id}"


class Reponse(models.Model):
    """One anonymous set of answers: the offer, the moment and the month, nothing else
    (domain.md, 10: apart from bilan content, without identity, kept by the purge)."""

    offre = models.ForeignKey(Offre, on_delete=models.PROTECT, related_name="reponses")
    moment = models.CharField(max_length=10, choices=Moment.choices)
    periode = models.DateField()  # the first day of the month of the answer

    class Meta:
        verbose_name = _("réponse à l'enquête")
        verbose_name_plural = _("réponses à l'enquête")
        default_permissions = ()
        indexes = [models.Index(fields=["offre", "periode"], name="suivi_reponse_offre_periode")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(moment__in=Moment.values), name="suivi_reponse_moment"
            ),
        ]

    def __str__(self) -> str:
        return f"Réponse {self.pk} ({self.moment}, {self.periode:%m/%Y})"


class Valeur(models.Model):
    """One answer to one question: a number on the scale, a choice or a free text."""

    reponse = models.ForeignKey(Reponse, on_delete=models.CASCADE, related_name="valeurs")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="valeurs")
    note = models.PositiveSmallIntegerField(null=True, blank=True)
    texte = models.TextField(blank=True)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["reponse", "question"], name="suivi_valeur_unique"),
            models.CheckConstraint(
                condition=models.Q(note__isnull=True)
                | models.Q(note__gte=1, note__lte=ECHELLE_MAX),
                name="suivi_valeur_note_echelle",
            ),
        ]

    def __str__(self) -> str:
        return f"Valeur {self.pk}"
