"""Forms of the follow-up: each turns a refused rule (``SuiviError``) into a French error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import validators
from django.utils.translation import gettext_lazy as _

from bilan.formulaires import COMMENTAIRE_MAX

from .models import ECHELLE_MAX, Modalite, Offre, Question, TypeQuestion


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Souhaitez-vous l'entretien de suivi ?"),
        choices=[("accepte", _("Oui, je souhaite le suivi")), ("decline", _("Non merci"))],
        widget=forms.RadioSelect,
    )
    conservation = forms.BooleanField(
        label=_("J'accepte la conservation de mes documents pour le suivi (texte ci-dessus)"),
        required=False,
    )


class ReservationForm(forms.Form):
    creneau = forms.IntegerField(widget=forms.HiddenInput)


class DateHeureForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    heure = forms.TimeField(label=_("Heure"), widget=forms.TimeInput(attrs={"type": "time"}))
    duree_minutes = forms.IntegerField(
        label=_("Durée (minutes)"), min_value=15, max_value=180, initial=60
    )
    modalite = forms.ChoiceField(label=_("Modalité"), choices=Modalite.choices)


class CompteRenduForm(forms.Form):
    avancement = forms.CharField(
        max_length=COMMENTAIRE_MAX,
        label=_("Avancement du plan d'action"),
        widget=forms.Textarea,
        required=False,
    )
    obstacles = forms.CharField(
        max_length=COMMENTAIRE_MAX,
        label=_("Obstacles rencontrés"),
        widget=forms.Textarea,
        required=False,
    )
    ajustements = forms.CharField(
        max_length=COMMENTAIRE_MAX, label=_("Ajustements"), widget=forms.Textarea, required=False
    )
    suites = forms.CharField(
        max_length=COMMENTAIRE_MAX,
        label=_("Prochaines étapes"),
        widget=forms.Textarea,
        required=False,
    )


class EnqueteForm(forms.Form):
    """One field per question asked; checks the scale and the choices (bad input refused)."""

    def __init__(self, *args: object, questions: list[Question], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for q in questions:
            nom = f"q{q.pk}"
            if q.type == TypeQuestion.ECHELLE:
                self.fields[nom] = forms.TypedChoiceField(
                    label=q.libelle,
                    choices=[(str(i), str(i)) for i in range(1, ECHELLE_MAX + 1)],
                    coerce=str,
                    widget=forms.RadioSelect,
                    required=q.obligatoire,
                    help_text=_("1 : pas du tout satisfait(e) · 5 : tout à fait satisfait(e)"),
                )
            elif q.type == TypeQuestion.CHOIX:
                self.fields[nom] = forms.ChoiceField(
                    label=q.libelle,
                    choices=[(o, o) for o in q.options],
                    widget=forms.RadioSelect,
                    required=q.obligatoire,
                )
            else:
                self.fields[nom] = forms.CharField(
                    label=q.libelle,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    required=q.obligatoire,
                    max_length=4000,
                    help_text=_("N'y écrivez ni votre nom ni celui d'une autre personne."),
                )


class QuestionForm(forms.Form):
    libelle = forms.CharField(label=_("Question"), max_length=300)
    type = forms.ChoiceField(label=_("Type"), choices=TypeQuestion.choices)
    choix = forms.CharField(
        max_length=COMMENTAIRE_MAX,
        label=_("Choix proposés (un par ligne, pour une question à choix)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    obligatoire = forms.BooleanField(label=_("Réponse obligatoire"), required=False)
    satisfaction = forms.BooleanField(
        label=_("Compte pour le taux de satisfaction (échelle seulement)"), required=False
    )


class OffreForm(forms.ModelForm):
    class Meta:
        model = Offre
        fields = [
            "intitule",
            "objectifs",
            "public_prerequis",
            "duree",
            "acces_delais",
            "tarifs",
            "contacts",
            "methodes",
            "accessibilite",
            "referent_handicap",
            "principale",
            "publiee",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The model's texts have no ceiling in the database: the form sets one (issue 9).
        for champ in self.fields.values():
            if isinstance(champ, forms.CharField) and champ.max_length is None:
                champ.max_length = COMMENTAIRE_MAX
                champ.validators.append(validators.MaxLengthValidator(COMMENTAIRE_MAX))
                champ.widget.attrs["maxlength"] = str(COMMENTAIRE_MAX)
