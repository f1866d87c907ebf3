"""The action plan's forms: they check the shape of the input; the services enforce the
rules and their refusals are shown with the form (style.md, rule 2)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models.plan_action import ActionPrevue, Horizon, ObjectifSmart, PlanAction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _texte(label: str, *, requis: bool = True, aide: str = "", lignes: int = 2) -> forms.Field:
    return forms.CharField(
        label=label,
        required=requis,
        help_text=aide,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": lignes}),
    )


class ProjetForm(forms.Form):
    projet = _texte(
        _("Projet professionnel retenu"),
        requis=False,
        aide=_("Le projet que ce plan met en œuvre (reconversion, création, évolution, VAE…)."),
        lignes=3,
    )


class ObjectifForm(forms.Form):
    """One SMART objective: each criterion written out (seed 000)."""

    intitule = _texte(_("Objectif"))
    specifique = _texte(_("Spécifique"), aide=_("Ce qui est visé, précisément."))
    mesurable = _texte(_("Mesurable"), aide=_("Comment on saura qu'il est atteint."))
    atteignable = _texte(_("Atteignable"), aide=_("Ce qui le rend accessible."))
    realiste = _texte(_("Réaliste"), aide=_("Pourquoi il est tenable dans votre situation."))
    echeance = forms.DateField(
        label=_("Temporellement défini : échéance"), widget=DATE, help_text=_("jj/mm/aaaa")
    )

    @classmethod
    def pour(cls, objectif: ObjectifSmart, **kwargs: Any) -> ObjectifForm:
        champs = ("intitule", "specifique", "mesurable", "atteignable", "realiste", "echeance")
        return cls(initial={c: getattr(objectif, c) for c in champs}, **kwargs)


class ActionForm(forms.Form):
    """One dated action with its resources, indicators, obstacles and alternatives."""

    intitule = _texte(_("Action"))
    horizon = forms.ChoiceField(label=_("Horizon"), choices=Horizon.choices)
    debut = forms.DateField(label=_("Début"), widget=DATE)
    fin = forms.DateField(label=_("Fin"), widget=DATE)
    objectif = forms.ModelChoiceField(
        label=_("Objectif servi"),
        queryset=ObjectifSmart.objects.none(),
        required=False,
        empty_label=_("Aucun en particulier"),
    )
    budget = _texte(_("Budget"), requis=False, aide=_("Montant et financement envisagé."))
    temps = _texte(_("Temps à y consacrer"), requis=False)
    contacts = _texte(_("Contacts à mobiliser"), requis=False)
    indicateurs = _texte(_("Indicateurs de suivi"), requis=False)
    obstacles = _texte(_("Obstacles possibles"), requis=False)
    alternatives = _texte(_("Solutions de repli"), requis=False)

    CHAMPS_TEXTE = ("budget", "temps", "contacts", "indicateurs", "obstacles", "alternatives")

    def __init__(self, *args: Any, plan: PlanAction | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["objectif"].queryset = ObjectifSmart.objects.filter(plan=plan)
        # The objective's label is its (decrypted) title, never "ObjectifSmart object".
        self.fields["objectif"].label_from_instance = lambda o: o.intitule[:80]

    @classmethod
    def pour(cls, action: ActionPrevue, **kwargs: Any) -> ActionForm:
        champs = ("intitule", "horizon", "debut", "fin", *cls.CHAMPS_TEXTE)
        initial = {c: getattr(action, c) for c in champs} | {"objectif": action.objectif_id}
        return cls(initial=initial, plan=action.plan, **kwargs)


class ContributionForm(forms.Form):
    """The beneficiary's proposal, or comment on one action."""

    texte = _texte(_("Votre proposition ou commentaire"), lignes=3)
    action = forms.ModelChoiceField(
        label=_("À propos de"),
        queryset=ActionPrevue.objects.none(),
        required=False,
        empty_label=_("Une nouvelle action que je propose"),
    )

    def __init__(self, *args: Any, plan: PlanAction | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["action"].queryset = ActionPrevue.objects.filter(plan=plan)
        self.fields["action"].label_from_instance = lambda a: a.intitule[:80]


class CocherForm(forms.Form):
    fait = forms.BooleanField(required=False)
