"""The action plan (seed 000, Plan d'action; domain.md, point 8).

SMART objectives, dated actions ordered by horizon (now, next months, longer term) with
their resources, indicators, expected obstacles and alternatives. Every free text is bilan
content, encrypted at rest. The plan is part of the synthèse: once the synthèse is signed
it is locked (``verrouille``); ticking actions done stays open, it is follow-up data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from beneficiaires.models import Bilan
from bilan.crypto import EncryptedTextField

__all__: list[str] = [
    "ActionPrevue",
    "ContributionPlan",
    "Horizon",
    "ObjectifSmart",
    "PlanAction",
    "PlanActionGroupObjectPermission",
    "PlanActionUserObjectPermission",
]


class Horizon(models.TextChoices):
    """The seed's three horizons, in the order the plan shows them."""

    IMMEDIAT = "immediat", _("Immédiat")
    PROCHAINS_MOIS = "prochains_mois", _("Dans les prochains mois")
    LONG_TERME = "long_terme", _("À plus long terme")


HORIZONS_ORDRE = list(Horizon)


class PlanAction(models.Model):
    """The action plan of one bilan; its permissions carry who reads and writes it."""

    bilan = models.OneToOneField(Bilan, on_delete=models.CASCADE, related_name="plan_action")
    projet = EncryptedTextField(_("projet professionnel retenu"), blank=True)
    verrouille = models.BooleanField(_("verrouillé"), default=False)
    verrouille_le = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("plan d'action")
        verbose_name_plural = _("plans d'action")
        default_permissions = ("view", "change")
        permissions = [("cocher_planaction", "Cocher les actions réalisées")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(verrouille=False) | models.Q(verrouille_le__isnull=False),
                name="plan_action_verrouille_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan d'action du bilan {self.bilan_id}"


class PlanActionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(PlanAction, on_delete=models.CASCADE)


class PlanActionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(PlanAction, on_delete=models.CASCADE)


class ObjectifSmart(models.Model):
    """One objective, each SMART criterion stated (seed 000: spécifique, mesurable,
    atteignable, réaliste, temporellement défini)."""

    plan = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="objectifs")
    intitule = EncryptedTextField(_("objectif"))
    specifique = EncryptedTextField(_("spécifique : ce qui est visé, précisément"))
    mesurable = EncryptedTextField(_("mesurable : comment on saura qu'il est atteint"))
    atteignable = EncryptedTextField(_("atteignable : ce qui le rend accessible"))
    realiste = EncryptedTextField(_("réaliste : pourquoi il est tenable dans la situation"))
    echeance = models.DateField(_("temporellement défini : échéance"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("objectif SMART")
        verbose_name_plural = _("objectifs SMART")
        default_permissions = ()
        ordering = ["echeance", "pk"]

    def __str__(self) -> str:
        return f"Objectif {self.pk} du plan {self.plan_id}"


class ActionPrevue(models.Model):
    """One dated action of the plan, with its resources, indicators, obstacles and
    alternatives; ``fait``/``fait_le`` are ticked by the beneficiary after the bilan."""

    plan = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="actions")
    objectif = models.ForeignKey(
        ObjectifSmart,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("objectif servi"),
    )
    horizon = models.CharField(_("horizon"), max_length=20, choices=Horizon.choices)
    intitule = EncryptedTextField(_("action"))
    debut = models.DateField(_("début"))
    fin = models.DateField(_("fin"))
    budget = EncryptedTextField(_("budget"), blank=True)
    temps = EncryptedTextField(_("temps à y consacrer"), blank=True)
    contacts = EncryptedTextField(_("contacts à mobiliser"), blank=True)
    indicateurs = EncryptedTextField(_("indicateurs de suivi"), blank=True)
    obstacles = EncryptedTextField(_("obstacles possibles"), blank=True)
    alternatives = EncryptedTextField(_("solutions de repli"), blank=True)
    fait = models.BooleanField(_("réalisée"), default=False)
    fait_le = models.DateTimeField(_("réalisée le"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("action du plan")
        verbose_name_plural = _("actions du plan")
        default_permissions = ()
        ordering = ["debut", "fin", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(horizon__in=Horizon.values), name="action_prevue_horizon"
            ),
            models.CheckConstraint(
                condition=models.Q(fin__gte=models.F("debut")), name="action_prevue_dates"
            ),
            models.CheckConstraint(
                condition=models.Q(fait=True, fait_le__isnull=False)
                | models.Q(fait=False, fait_le__isnull=True),
                name="action_prevue_fait_le",
            ),
        ]

    def __str__(self) -> str:
        return f"Action {self.pk} du plan {self.plan_id}"


class ContributionPlan(models.Model):
    """The beneficiary's proposal (no ``action``) or comment on one action, written in the
    portal during the bilan (domain.md, point 7: drafted with the beneficiary)."""

    plan = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="contributions")
    action = models.ForeignKey(
        ActionPrevue,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contributions",
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    texte = EncryptedTextField(_("votre proposition ou commentaire"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("contribution au plan d'action")
        verbose_name_plural = _("contributions au plan d'action")
        default_permissions = ()
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Contribution {self.pk} au plan {self.plan_id}"
