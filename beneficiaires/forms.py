"""Forms of the consultant's back office. They check the shape of the input; the rules of the
domain stay in the services, whose French refusals the views put next to the field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bilan.comptes.forms import NomField
from bilan.errors import DomainError
from bilan.formulaires import COMMENTAIRE_MAX

from .models import Etat, Financement, FormatBilan, StatutProfessionnel

# The field each service refusal belongs to (by its stable code); others go on top of the form.
ERROR_FIELDS: dict[str, str] = {
    "email_taken": "email",
    "email_invalid": "email",
    "employeur_required": "employeur_nom",
    "statut_invalid": "statut_professionnel",
    "entretien_incomplete": "",
    "format_invalid": "format",
    "prix_plafond": "prix",
    "prix_invalide": "prix",
    "declaration_requise": "declaration_aucun_bilan_5_ans",
    "numero_dossier_requis": "numero_dossier",
    "signature_future": "signe_le",
    "signature_anterieure": "signe_le",
}


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's French refusal next to its field, or on top of the form."""
    field = ERROR_FIELDS.get(exc.code) or None
    form.add_error(field if field in form.fields else None, exc.message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class TableauFilterForm(forms.Form):
    q = forms.CharField(label=_("Nom ou référence"), required=False, max_length=100)
    etat = forms.ChoiceField(
        label=_("État"), required=False, choices=[("", _("Tous les états")), *Etat.choices]
    )
    financement = forms.ChoiceField(
        label=_("Financement"),
        required=False,
        choices=[("", _("Tous les financements")), *Financement.choices],
    )


class BeneficiaireCreateForm(forms.Form):
    first_name = NomField(label=_("Prénom"), max_length=150)
    last_name = NomField(label=_("Nom"), max_length=150)
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        help_text=_("L'invitation à choisir un mot de passe y est envoyée."),
    )
    telephone = forms.CharField(label=_("Téléphone"), max_length=20, required=False)
    statut_professionnel = forms.ChoiceField(
        label=_("Statut professionnel"),
        choices=[("", _("Choisissez…")), *StatutProfessionnel.choices],
    )
    employeur_nom = forms.CharField(
        label=_("Employeur"),
        max_length=200,
        required=False,
        help_text=_("Obligatoire pour un salarié ; ignoré pour les autres statuts."),
    )
    employe_par_organisme = forms.BooleanField(
        label=_("Salarié de notre organisme"),
        required=False,
        help_text=_(
            "L'organisme ne peut pas réaliser le bilan de ses propres salariés "
            "(article R6313-5 du Code du travail)."
        ),
    )

    def clean(self) -> dict:
        data = super().clean()
        salarie = data.get("statut_professionnel") == StatutProfessionnel.SALARIE
        if salarie and not (data.get("employeur_nom") or "").strip():
            self.add_error(
                "employeur_nom", _("Le nom de l'employeur est obligatoire pour un salarié.")
            )
        return data


class EntretienForm(forms.Form):
    besoin = forms.CharField(
        max_length=COMMENTAIRE_MAX, label=_("Besoin"), widget=forms.Textarea(attrs={"rows": 4})
    )
    attentes = forms.CharField(
        max_length=COMMENTAIRE_MAX, label=_("Attentes"), widget=forms.Textarea(attrs={"rows": 4})
    )
    situation = forms.CharField(
        max_length=COMMENTAIRE_MAX, label=_("Situation"), widget=forms.Textarea(attrs={"rows": 4})
    )
    objectifs = forms.CharField(
        max_length=COMMENTAIRE_MAX, label=_("Objectifs"), widget=forms.Textarea(attrs={"rows": 4})
    )
    format = forms.ChoiceField(
        label=_("Format choisi"), choices=[("", _("Choisissez…")), *FormatBilan.choices]
    )
    tenu_le = forms.DateField(label=_("Tenu le"), widget=DateInput())


class FinancementCPFForm(forms.Form):
    prix = forms.DecimalField(
        label=_("Prix (€)"),
        max_digits=8,
        decimal_places=2,
        help_text=_("1 600 € au plus (article D6323-1 A du Code du travail)."),
    )
    numero_dossier = forms.CharField(label=_("Numéro de dossier CPF"), max_length=40)
    declaration_aucun_bilan_5_ans = forms.BooleanField(
        label=_(
            "Le bénéficiaire déclare n'avoir suivi aucun autre bilan de compétences financé "
            "au cours des 5 dernières années"
        ),
        required=False,
        help_text=_("Article D6323-6 du Code du travail."),
    )


class AutofinancementForm(forms.Form):
    prix = forms.DecimalField(label=_("Prix (€)"), max_digits=8, decimal_places=2)
    signe_le = forms.DateField(
        label=_("Contrat signé le"),
        widget=DateInput(),
        help_text=_(
            "Le délai de rétractation de 10 jours court à partir de cette date "
            "(article L6353-5 du Code du travail)."
        ),
    )


class EcheanceForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    montant = forms.DecimalField(label=_("Montant (€)"), max_digits=8, decimal_places=2)


# Blank rows are ignored: without JavaScript, a few spare rows let the schedule grow.
EcheanceFormSet = forms.formset_factory(EcheanceForm, extra=3)


class TransitionForm(forms.Form):
    vers = forms.ChoiceField(choices=Etat.choices)
    confirme = forms.BooleanField(required=False)
