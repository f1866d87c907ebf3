"""The share form: the recipient, then the consent text shown as it will be kept."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TypeDestinataire


class PartageForm(forms.Form):
    type_destinataire = forms.ChoiceField(
        label=_("Destinataire"),
        choices=TypeDestinataire.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez le type de destinataire.")},
    )
    destinataire_nom = forms.CharField(
        label=_("Nom et prénom du destinataire"),
        max_length=200,
        error_messages={"required": _("Indiquez le nom du destinataire.")},
    )
    destinataire_organisation = forms.CharField(
        label=_("Organisme"),
        max_length=200,
        required=False,
        help_text=_("Obligatoire pour un opérateur du conseil en évolution professionnelle."),
    )
    destinataire_email = forms.EmailField(
        label=_("Adresse e-mail du destinataire"),
        max_length=254,
        error_messages={
            "required": _("Indiquez l'adresse e-mail du destinataire."),
            "invalid": _("Indiquez une adresse e-mail valide pour le destinataire."),
        },
    )


class ConsentementForm(PartageForm):
    """The second step: the same fields, hidden, and the acceptance of the text shown."""

    accepte = forms.BooleanField(
        label=_("J'ai lu ce texte et je donne mon accord à ce partage."),
        required=False,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in PartageForm.base_fields:
            self.fields[name].widget = forms.HiddenInput()
