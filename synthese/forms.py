"""The synthèse's forms: they check the shape of the input; the services enforce the rules
and their refusals are shown next to the fields (style.md, rule 2)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SECTIONS, Synthese
from .services import OBSERVATIONS_MAX, SECTION_MAX

_AIDES = {
    "contexte": _("Pourquoi ce bilan, à quel moment du parcours, avec quelles attentes."),
    "competences": _("Au regard des pistes envisagées : points d'appui et axes de progrès."),
    "projet": _("Le projet retenu, ce qui le fonde, et les pistes alternatives."),
    "formation": _("Si le projet demande une formation : laquelle, où, comment la financer."),
    "etapes": _("Les étapes détaillées, dans l'ordre, avec leurs échéances."),
}


class SectionsForm(forms.Form):
    """The five sections (R6313-4; seed 004). Every field is optional while drafting."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for nom in SECTIONS:
            self.fields[nom] = forms.CharField(
                label=Synthese._meta.get_field(nom).verbose_name,
                help_text=_AIDES[nom],
                required=False,
                strip=False,
                max_length=SECTION_MAX,
                widget=forms.Textarea(attrs={"rows": 8}),
            )


class ObservationForm(forms.Form):
    texte = forms.CharField(
        label=_("Vos observations"),
        help_text=_(
            "Ce que vous souhaitez préciser, corriger ou ajouter. Votre consultant en "
            "tiendra compte avant de finaliser la synthèse."
        ),
        max_length=OBSERVATIONS_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class CodeSignatureForm(forms.Form):
    """The one-time code of a signature: six digits, read from the e-mail."""

    code = forms.RegexField(
        label=_("Code reçu par e-mail (6 chiffres)"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Le code se compose de 6 chiffres.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "maxlength": "6",
                "size": "8",
            }
        ),
    )
