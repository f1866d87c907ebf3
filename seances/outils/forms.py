"""The tools' forms: they check the shape of the input; the services enforce the rules and
their refusals are shown next to the fields (style.md, rule 2)."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from bilan.formulaires import COMMENTAIRE_MAX

from .models import (
    NOTE_MAX,
    NOTE_MIN,
    TOTAL_POIDS,
    Competence,
    Critere,
    EntreeParcours,
    Moyen,
    Niveau,
    Scenario,
    Transferabilite,
    TypeCompetence,
    TypeEntree,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTE = forms.Textarea(attrs={"rows": 3})
NIVEAUX = [("", _("— à évaluer —")), *Niveau.choices]
AIDE_ECHELLE = _(
    "Échelle : 1 notions, 2 pratique, 3 maîtrise, 4 expertise (détail sous le formulaire)."
)


def _niveau(label: str, *, required: bool = False, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=Niveau.choices if required else NIVEAUX,
        coerce=int,
        empty_value=None,
        required=required,
        help_text=help_text,
    )


class EntreeForm(forms.Form):
    type = forms.ChoiceField(label=_("Type de période"), choices=TypeEntree.choices)
    intitule = forms.CharField(label=_("Intitulé (poste, diplôme, situation)"), max_length=300)
    structure = forms.CharField(
        label=_("Employeur, organisme ou lieu"), max_length=300, required=False
    )
    debut = forms.DateField(label=_("Début"), widget=DATE)
    fin = forms.DateField(
        label=_("Fin"), widget=DATE, required=False, help_text=_("Laissez vide si elle dure.")
    )
    experiences = forms.CharField(
        max_length=COMMENTAIRE_MAX,
        label=_("Expériences significatives (réussites, échecs)"),
        widget=TEXTE,
        required=False,
    )
    enseignements = forms.CharField(
        max_length=COMMENTAIRE_MAX, label=_("Ce qu'elles ont appris"), widget=TEXTE, required=False
    )

    def clean(self) -> dict:
        data = super().clean()
        debut, fin = data.get("debut"), data.get("fin")
        if debut and fin and fin < debut:
            self.add_error("fin", _("La date de fin ne peut pas précéder la date de début."))
        return data


class CompetenceForm(forms.Form):
    """The beneficiary's entry of the inventory (guided personal work)."""

    intitule = forms.CharField(label=_("Compétence"), max_length=300)
    type = forms.ChoiceField(label=_("Type"), choices=TypeCompetence.choices)
    entree = forms.ModelChoiceField(
        label=_("Expérience d'où elle vient"),
        queryset=EntreeParcours.objects.none(),
        required=False,
        empty_label=_("— aucune en particulier —"),
    )
    niveau_auto = _niveau(_("Mon niveau"), help_text=AIDE_ECHELLE)
    preuves = forms.CharField(
        max_length=COMMENTAIRE_MAX,
        label=_("Preuves et exemples (une situation où je l'ai montrée)"),
        widget=TEXTE,
        required=False,
    )
    transferabilite = forms.ChoiceField(
        label=_("Transférabilité"),
        choices=[("", _("— à préciser —")), *Transferabilite.choices],
        required=False,
    )
    transfert = forms.CharField(
        label=_("Vers quels métiers ou contextes"), max_length=500, required=False
    )

    def __init__(self, *args, entrees: Iterable[EntreeParcours] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["entree"]
        field.queryset = EntreeParcours.objects.filter(pk__in=[e.pk for e in entrees])
        field.label_from_instance = lambda e: f"{e.intitule} ({e.debut:%Y})"

    @classmethod
    def initial_de(cls, c: Competence) -> dict:
        return {
            "intitule": c.intitule,
            "type": c.type,
            "entree": c.entree_id,
            "niveau_auto": c.niveau_auto,
            "preuves": c.preuves,
            "transferabilite": c.transferabilite,
            "transfert": c.transfert,
        }


class RevueForm(forms.Form):
    niveau_consultant = _niveau(_("Niveau évalué par le consultant"), required=True)
    commentaire = forms.CharField(
        max_length=COMMENTAIRE_MAX,
        label=_("Commentaire (remis au bénéficiaire avec les résultats)"),
        widget=TEXTE,
        required=False,
    )


class MatriceForm(forms.Form):
    cible = forms.CharField(label=_("Métier ou projet visé"), max_length=300)
    ressources = forms.CharField(
        max_length=COMMENTAIRE_MAX,
        label=_("Ressources (atouts, appuis, moyens disponibles)"),
        widget=TEXTE,
        required=False,
    )
    contraintes = forms.CharField(
        max_length=COMMENTAIRE_MAX,
        label=_("Contraintes (freins, limites)"),
        widget=TEXTE,
        required=False,
    )


class ExigenceForm(forms.Form):
    intitule = forms.CharField(label=_("Compétence requise"), max_length=300)
    niveau_requis = _niveau(_("Niveau requis"), required=True)
    competence = forms.ModelChoiceField(
        label=_("Compétence de l'inventaire correspondante"),
        queryset=Competence.objects.none(),
        required=False,
        empty_label=_("— rechercher par le nom —"),
        help_text=_(
            "Son niveau sert de niveau actuel. Sans choix, une compétence de l'inventaire de "
            "même nom est reprise."
        ),
    )
    niveau_saisi = _niveau(
        _("Niveau actuel (hors inventaire)"),
        help_text=_("Utilisé seulement si la compétence n'est pas dans l'inventaire."),
    )
    moyen = forms.ChoiceField(
        label=_("Moyen de combler l'écart"),
        choices=[("", _("— aucun écart ou à définir —")), *Moyen.choices],
        required=False,
    )
    moyen_detail = forms.CharField(label=_("Comment"), max_length=500, required=False)

    def __init__(self, *args, competences: Iterable[Competence] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["competence"]
        field.queryset = Competence.objects.filter(pk__in=[c.pk for c in competences])
        field.label_from_instance = lambda c: c.intitule


class ScenarioForm(forms.Form):
    intitule = forms.CharField(label=_("Scénario"), max_length=300)
    avantages = forms.CharField(
        max_length=COMMENTAIRE_MAX, label=_("Avantages"), widget=TEXTE, required=False
    )
    risques = forms.CharField(
        max_length=COMMENTAIRE_MAX, label=_("Risques"), widget=TEXTE, required=False
    )
    leviers = forms.CharField(
        max_length=COMMENTAIRE_MAX, label=_("Leviers"), widget=TEXTE, required=False
    )
    obstacles = forms.CharField(
        max_length=COMMENTAIRE_MAX, label=_("Freins"), widget=TEXTE, required=False
    )


class CritereForm(forms.Form):
    libelle = forms.CharField(label=_("Nouveau critère"), max_length=200)


class PonderationForm(forms.Form):
    """One weight per criterion; they must total exactly 100 (said on the form)."""

    def __init__(self, *args, criteres: Iterable[Critere] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteres = list(criteres)
        for c in self.criteres:
            self.fields[f"poids_{c.pk}"] = forms.IntegerField(
                label=c.libelle,
                min_value=0,
                max_value=TOTAL_POIDS,
                initial=c.poids,
                error_messages={
                    "required": _("Donnez un poids à ce critère (0 s'il ne compte pas)."),
                    "min_value": _("Un poids va de 0 à 100."),
                    "max_value": _("Un poids va de 0 à 100."),
                    "invalid": _("Un poids est un nombre entier."),
                },
            )

    def clean(self) -> dict:
        data = super().clean()
        poids = [data.get(f"poids_{c.pk}") for c in self.criteres]
        if self.criteres and None not in poids and sum(poids) != TOTAL_POIDS:
            raise forms.ValidationError(
                _("Les poids doivent totaliser 100 ; leur total est de %(total)s."),
                params={"total": sum(poids)},
            )
        return data

    def poids(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"poids_{c.pk}"] for c in self.criteres}


class NotesForm(forms.Form):
    """The scores grid: one 0-5 field per scenario and criterion (empty: no score)."""

    def __init__(
        self,
        *args,
        scenarios: Iterable[Scenario] = (),
        criteres: Iterable[Critere] = (),
        notes: dict[tuple[int, int], int] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cles = []
        notes = notes or {}
        for s in scenarios:
            for c in criteres:
                self.cles.append((s.pk, c.pk))
                self.fields[f"note_{s.pk}_{c.pk}"] = forms.IntegerField(
                    label=f"{s.lettre} · {c.libelle}",
                    required=False,
                    min_value=NOTE_MIN,
                    max_value=NOTE_MAX,
                    initial=notes.get((s.pk, c.pk)),
                    error_messages={
                        "min_value": _("Une note va de 0 à 5."),
                        "max_value": _("Une note va de 0 à 5."),
                        "invalid": _("Une note est un nombre entier de 0 à 5."),
                    },
                )

    def notes(self) -> dict[tuple[int, int], int | None]:
        return {(s, c): self.cleaned_data[f"note_{s}_{c}"] for s, c in self.cles}


class RetenirForm(forms.Form):
    raison = forms.CharField(max_length=COMMENTAIRE_MAX, label=_("Raison du choix"), widget=TEXTE)
