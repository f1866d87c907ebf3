"""The sessions' forms: they check the shape of the input; the services enforce the rules
and their refusals are shown next to the fields (style.md, rule 2)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from bilan.formulaires import COMMENTAIRE_MAX, TEXTE_LONG_MAX, date_plausible

from .models import DemiJournee, Modalite, Phase, PlanModele

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
HEURE = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PlanCreerForm(forms.Form):
    modele = forms.ModelChoiceField(
        label=_("Modèle de plan"),
        queryset=PlanModele.objects.order_by("-par_defaut", "nom"),
        empty_label=None,
    )


class SeanceLigneForm(forms.Form):
    """A planned session: phase, title and duration (added to or edited in the plan)."""

    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    intitule = forms.CharField(label=_("Intitulé"), max_length=200)
    duree_minutes = forms.IntegerField(
        label=_("Durée (minutes)"), min_value=1, max_value=24 * 60, initial=120
    )


class CreneauForm(forms.Form):
    """The slot of a session (Europe/Paris) and its modality."""

    date = forms.DateField(label=_("Date"), widget=DATE)
    debut = forms.TimeField(label=_("Début"), widget=HEURE)
    fin = forms.TimeField(label=_("Fin"), widget=HEURE)
    modalite = forms.ChoiceField(label=_("Modalité"), choices=Modalite.choices)
    lieu = forms.CharField(
        label=_("Lieu"),
        max_length=300,
        required=False,
        help_text=_("Obligatoire en présentiel et en mixte."),
    )
    lien_visio = forms.URLField(
        label=_("Lien de visioconférence"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Adresse en https://, obligatoire à distance et en mixte."),
    )


class ReportForm(CreneauForm):
    motif = forms.CharField(
        max_length=COMMENTAIRE_MAX,
        label=_("Motif du report"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnnulationForm(forms.Form):
    motif = forms.CharField(
        max_length=COMMENTAIRE_MAX,
        label=_("Motif de l'annulation"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AbsenceForm(forms.Form):
    motif = forms.CharField(
        max_length=COMMENTAIRE_MAX,
        label=_("Motif de l'absence"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    justifiee = forms.BooleanField(label=_("Absence justifiée"), required=False)


class ConnexionForm(forms.Form):
    """A remote session's probative times (domain.md, Attendance), on the session's day."""

    rejoint_a = forms.TimeField(label=_("Connexion du bénéficiaire à"), widget=HEURE)
    quitte_a = forms.TimeField(label=_("Déconnexion à"), widget=HEURE)


class NoteForm(forms.Form):
    texte = forms.CharField(
        label=_("Notes de séance"),
        max_length=TEXTE_LONG_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    partagee = forms.BooleanField(
        label=_("Partager ces notes avec le bénéficiaire"),
        required=False,
        help_text=_("Non cochée, la note reste confidentielle : vous seul la lisez."),
    )


class CodeDemandeForm(forms.Form):
    demi_journee = forms.ChoiceField(choices=DemiJournee.choices, widget=forms.HiddenInput)


class EmargementForm(forms.Form):
    """The one-time code of a signature: six digits, read from the e-mail."""

    demi_journee = forms.ChoiceField(choices=DemiJournee.choices, widget=forms.HiddenInput)
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


class TravailAssignForm(forms.Form):
    consignes = forms.CharField(
        max_length=COMMENTAIRE_MAX, label=_("Consignes"), widget=forms.Textarea(attrs={"rows": 4})
    )
    echeance = forms.DateField(label=_("À rendre le"), widget=DATE)
    minutes_prevues = forms.IntegerField(
        label=_("Temps prévu (minutes)"), min_value=1, max_value=24 * 60
    )


class TravailValiderForm(forms.Form):
    minutes_validees = forms.IntegerField(
        label=_("Temps validé (minutes)"),
        min_value=0,
        required=False,
        help_text=_("Laissez vide pour valider le temps déclaré."),
    )


class TravailRenduForm(forms.Form):
    compte_rendu = forms.CharField(
        max_length=TEXTE_LONG_MAX,
        label=_("Ce que j'ai fait"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    minutes = forms.IntegerField(label=_("Temps passé (minutes)"), min_value=1, max_value=24 * 60)


class PlanTravailForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Travail personnel prévu (minutes)"), min_value=0, max_value=24 * 60
    )


class PlanModeleForm(forms.Form):
    nom = forms.CharField(label=_("Nom du modèle"), max_length=120)
    minutes_travail_personnel = forms.IntegerField(
        label=_("Travail personnel (minutes)"), min_value=0, max_value=24 * 60
    )
    par_defaut = forms.BooleanField(label=_("Modèle par défaut"), required=False)


class PlanModeleLigneForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=[("", "—"), *Phase.choices], required=False)
    intitule = forms.CharField(label=_("Intitulé"), max_length=200, required=False)
    duree_minutes = forms.IntegerField(
        label=_("Durée (minutes)"), min_value=1, max_value=24 * 60, required=False
    )

    def clean(self) -> dict:
        data = super().clean()
        remplis = [bool(data.get(k)) for k in ("phase", "intitule", "duree_minutes")]
        if any(remplis) and not all(remplis):
            raise forms.ValidationError(
                _("Une ligne commencée doit avoir sa phase, son intitulé et sa durée.")
            )
        return data


PlanModeleLignesFormSet = forms.formset_factory(PlanModeleLigneForm, extra=2)


class PeriodeForm(forms.Form):
    """The agenda's period: a week or a month around a day."""

    vue = forms.ChoiceField(
        choices=[("semaine", _("Semaine")), ("mois", _("Mois"))], required=False
    )
    du = forms.DateField(required=False, validators=[date_plausible])

    def periode(self, today: datetime.date) -> tuple[str, datetime.date]:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("vue") or "semaine", data.get("du") or today
