"""The questionnaires' forms: they check the shape of the input; the services enforce the
rules, and their refusals are shown next to the fields (style.md, rule 2).

The answer grids (a questionnaire, the 360° grid) are drawn by their templates, one radio
group per item, and read by the views: their fields depend on the questionnaire.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bilan.formulaires import COMMENTAIRE_MAX, TEXTE_LONG_MAX

from .models import Calcul, Questionnaire, Theme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QuestionnaireForm(forms.Form):
    nom = forms.CharField(label=_("Nom"), max_length=150)
    theme = forms.ChoiceField(label=_("Thème"), choices=Theme.choices)
    consigne = forms.CharField(
        max_length=COMMENTAIRE_MAX,
        label=_("Consigne donnée au bénéficiaire"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    echelle = forms.CharField(
        max_length=COMMENTAIRE_MAX,
        label=_("Échelle : un libellé par ligne, de la valeur 1 à la plus haute"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("De 2 à 10 libellés ; le premier vaut 1, le suivant 2, etc."),
    )
    calcul = forms.ChoiceField(label=_("Score d'une dimension"), choices=Calcul.choices)
    actif = forms.BooleanField(label=_("Proposé aux consultants"), required=False)
    contenu = forms.CharField(
        max_length=TEXTE_LONG_MAX,
        label=_("Dimensions et énoncés"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "Une ligne « # Nom de la dimension », puis un énoncé par ligne. Commencez un "
            "énoncé par « (-) » pour le compter à l'envers (la réponse la plus haute compte "
            "comme la plus basse)."
        ),
    )


class AttribuerForm(forms.Form):
    questionnaire = forms.ModelChoiceField(
        label=_("Questionnaire à proposer"),
        queryset=Questionnaire.objects.filter(actif=True).order_by("theme", "nom"),
        empty_label=None,
    )


class EnqueteOuvrirForm(forms.Form):
    anonyme = forms.TypedChoiceField(
        label=_("Voulez-vous que les réponses restent anonymes ?"),
        choices=[
            ("oui", _("Oui : je verrai les réponses regroupées, sans savoir qui a répondu quoi")),
            ("non", _("Non : je verrai le nom de chaque personne avec ses réponses")),
        ],
        coerce=lambda v: v == "oui",
        widget=forms.RadioSelect,
        help_text=_("Ce choix est annoncé aux personnes invitées et ne change plus ensuite."),
    )


class InvitationForm(forms.Form):
    nom = forms.CharField(label=_("Nom (facultatif)"), max_length=150, required=False)
    # Checked by the service, whose refusal carries the French message.
    email = forms.CharField(label=_("Adresse e-mail"), max_length=254, widget=forms.EmailInput)


class RestitutionForm(forms.Form):
    test_nom = forms.CharField(
        label=_("Test"),
        max_length=150,
        help_text=_("Par exemple MBTI, NEO PI-R… Le test lui-même n'est pas reproduit ici."),
    )
    date = forms.DateField(label=_("Date de la restitution"), widget=DATE)
    notes = forms.CharField(
        max_length=TEXTE_LONG_MAX,
        label=_("Notes de restitution"),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    document_reference = forms.CharField(
        label=_("Référence du rapport de l'éditeur (facultatif)"),
        max_length=100,
        required=False,
        help_text=_("Le rapport se dépose dans les documents de travail du bilan."),
    )
