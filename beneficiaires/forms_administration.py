"""The administrators' forms on bilans: metadata only (domain.md, The people)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bilan.comptes.models import Role, User

from .models import Beneficiaire, Etat, Financement

CONSULTANT_INVALIDE = _("Choisissez un consultant actif dans la liste.")


def _consultants(*, actifs_seulement: bool) -> QuerySet[User]:
    rows = User.objects.filter(role=Role.CONSULTANT, is_superuser=False)
    if actifs_seulement:
        rows = rows.filter(is_active=True)
    return rows.only("id", "first_name", "last_name", "email", "is_active").order_by(
        "last_name", "first_name", "pk"
    )


def _nom_consultant(obj: User) -> str:
    nom = obj.get_full_name() or obj.email
    return nom if obj.is_active else str(_("%(nom)s (compte désactivé)") % {"nom": nom})


class ConsultantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return _nom_consultant(obj)


class BeneficiaireChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Beneficiaire) -> str:
        # Two beneficiaries may share a name: the login address tells them apart.
        return f"{obj.user.get_full_name()} ({obj.user.email})"


class BilanFilterForm(forms.Form):
    q = forms.CharField(label=_("Rechercher (nom ou référence)"), required=False, max_length=100)
    etat = forms.ChoiceField(
        label=_("État"),
        required=False,
        choices=[("", _("Tous les états")), *Etat.choices],
        error_messages={"invalid_choice": _("Cet état n'existe pas.")},
    )
    financement = forms.ChoiceField(
        label=_("Financement"),
        required=False,
        choices=[("", _("Tous les financements")), *Financement.choices],
        error_messages={"invalid_choice": _("Ce financement n'existe pas.")},
    )
    # A plain choice loaded once: validating the value costs no second query.
    consultant = forms.TypedChoiceField(
        label=_("Consultant"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Ce consultant n'existe pas.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Deactivated consultants too: their former bilans must stay findable.
        consultants = _consultants(actifs_seulement=False)
        self.fields["consultant"].choices = [
            ("", _("Tous les consultants")),
            *((c.pk, _nom_consultant(c)) for c in consultants),
        ]


class BilanReassignForm(forms.Form):
    consultant = ConsultantChoiceField(
        label=_("Nouveau consultant"),
        queryset=User.objects.none(),
        empty_label=_("Choisissez un consultant"),
        error_messages={"required": CONSULTANT_INVALIDE, "invalid_choice": CONSULTANT_INVALIDE},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = _consultants(actifs_seulement=True)


class BilanCreateForm(forms.Form):
    beneficiaire = BeneficiaireChoiceField(
        label=_("Bénéficiaire"),
        queryset=Beneficiaire.objects.none(),
        empty_label=_("Choisissez un bénéficiaire"),
        help_text=_("Le bénéficiaire doit déjà avoir un dossier."),
        error_messages={
            "required": _("Choisissez un bénéficiaire dans la liste."),
            "invalid_choice": _("Choisissez un bénéficiaire dans la liste."),
        },
    )
    consultant = ConsultantChoiceField(
        label=_("Consultant"),
        queryset=User.objects.none(),
        empty_label=_("Choisissez un consultant"),
        error_messages={"required": CONSULTANT_INVALIDE, "invalid_choice": CONSULTANT_INVALIDE},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["beneficiaire"].queryset = (
            Beneficiaire.objects.filter(user__is_active=True)
            .select_related("user")
            .only("id", "user__first_name", "user__last_name", "user__email")
            .order_by("user__last_name", "user__first_name", "pk")
        )
        self.fields["consultant"].queryset = _consultants(actifs_seulement=True)
