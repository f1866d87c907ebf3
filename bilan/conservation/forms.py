"""Forms of the conservation screens: French labels and messages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bilan.comptes.models import Role, User
from bilan.formulaires import date_plausible

from .models import CATEGORIES, DemandeDroit, TypeDemande


class _Date(forms.DateInput):
    input_type = "date"


class RegistreFiltreForm(forms.Form):
    du = forms.DateField(label=_("Du"), required=False, widget=_Date, validators=[date_plausible])
    au = forms.DateField(label=_("Au"), required=False, widget=_Date, validators=[date_plausible])
    categorie = forms.ChoiceField(
        label=_("Catégorie"),
        required=False,
        choices=[("", _("Toutes")), *CATEGORIES],
    )
    reference = forms.CharField(label=_("Référence du bilan"), required=False, max_length=20)

    def clean(self) -> dict:
        donnees = super().clean()
        if donnees.get("du") and donnees.get("au") and donnees["du"] > donnees["au"]:
            raise forms.ValidationError(_("La date de début doit précéder la date de fin."))
        return donnees


class JournalFiltreForm(forms.Form):
    acteur = forms.CharField(label=_("Acteur (e-mail ou n°)"), required=False, max_length=254)
    evenement = forms.CharField(label=_("Événement (début du nom)"), required=False, max_length=64)
    objet_type = forms.CharField(label=_("Type d'objet"), required=False, max_length=64)
    objet_id = forms.CharField(label=_("N° d'objet"), required=False, max_length=64)
    du = forms.DateField(label=_("Du"), required=False, widget=_Date, validators=[date_plausible])
    au = forms.DateField(label=_("Au"), required=False, widget=_Date, validators=[date_plausible])

    def clean(self) -> dict:
        donnees = super().clean()
        if donnees.get("du") and donnees.get("au") and donnees["du"] > donnees["au"]:
            raise forms.ValidationError(_("La date de début doit précéder la date de fin."))
        return donnees


class DemandeForm(forms.Form):
    personne = forms.ModelChoiceField(
        label=_("Personne concernée"),
        queryset=User.objects.filter(role=Role.BENEFICIAIRE, is_superuser=False).order_by(
            "last_name", "first_name", "pk"
        ),
        error_messages={"invalid_choice": _("Choisissez une personne accompagnée.")},
    )
    type = forms.ChoiceField(label=_("Type de demande"), choices=TypeDemande.choices)
    recue_le = forms.DateField(label=_("Reçue le"), widget=_Date, initial=timezone.localdate)

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["personne"].label_from_instance = lambda u: f"{u.last_name} {u.first_name}"


class ProlongerForm(forms.Form):
    motif = forms.CharField(
        label=_("Motif de la prolongation (communiqué à la personne)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RepondreForm(forms.Form):
    repondue_le = forms.DateField(label=_("Répondue le"), widget=_Date, initial=timezone.localdate)
    issue = forms.ChoiceField(label=_("Issue"), choices=DemandeDroit.Issue.choices)
