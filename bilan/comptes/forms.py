from __future__ import annotations

import unicodedata
from typing import Any

from allauth.account.forms import ResetPasswordForm
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Role


def nom_sur_une_ligne(valeur: str) -> None:
    """Refuse line breaks and control characters in a person's name: names are printed in
    e-mails, one of them in a subject line, where a line break would start a new header."""
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in valeur):
        raise ValidationError(
            _("Un nom tient sur une seule ligne, sans caractère de contrôle."), code="nom_ligne"
        )


class NomField(forms.CharField):
    default_validators = [nom_sur_une_ligne]


class UserCreateForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail"), max_length=254)
    first_name = NomField(label=_("Prénom"), max_length=150)
    last_name = NomField(label=_("Nom"), max_length=150)
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Rôle"), required=False, choices=[("", _("Tous les rôles")), *Role.choices]
    )
    actif = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[("", _("Tous")), ("oui", _("Actifs")), ("non", _("Désactivés"))],
    )


class ReinitialisationMotDePasseForm(ResetPasswordForm):
    """allauth's password-reset form with the platform's label, « Adresse e-mail », as on the
    login page (ACCOUNT_FORMS; allauth's own label reads « Courriel » in French)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Adresse e-mail")
