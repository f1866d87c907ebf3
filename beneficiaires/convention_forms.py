"""Forms of the convention pages; the rules themselves live in :mod:`.convention`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bilan.formulaires import COMMENTAIRE_MAX

from .models import Financement

CHEMINS = [
    (Financement.PLAN_DEVELOPPEMENT, Financement.PLAN_DEVELOPPEMENT.label),
    (Financement.CONGE_RECLASSEMENT, Financement.CONGE_RECLASSEMENT.label),
    (Financement.AUTRE_FINANCEUR, Financement.AUTRE_FINANCEUR.label),
]
RESTITUTION_INITIALE = _(
    "Restitution orale des résultats au bénéficiaire lors de l'entretien de conclusion ; "
    "le document de synthèse est remis au seul bénéficiaire."
)
LU_REQUIS = _("Cochez la case pour confirmer que vous avez lu la convention.")


def _texte(label: str) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=COMMENTAIRE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConventionForm(forms.Form):
    financement = forms.ChoiceField(
        label=_("Financement"),
        choices=CHEMINS,
        help_text=_(
            "Plan de développement et congé de reclassement : convention tripartite, le "
            "salarié dispose de 10 jours pour signer. Autre financeur : convention de "
            "financement, sans délai de 10 jours."
        ),
    )
    intitule = forms.CharField(label=_("Intitulé de l'action"), max_length=200)
    objectif = _texte(_("Objectif"))
    contenu = _texte(_("Contenu"))
    moyens = _texte(_("Moyens pédagogiques et techniques"))
    duree_heures = forms.DecimalField(
        label=_("Durée (heures)"), max_digits=4, decimal_places=1, help_text=_("24 heures au plus.")
    )
    date_debut = forms.DateField(
        label=_("Début de la période"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_fin = forms.DateField(
        label=_("Fin de la période"), widget=forms.DateInput(attrs={"type": "date"})
    )
    deroulement_suivi = _texte(_("Déroulement et suivi"))
    modalites_restitution = _texte(_("Modalités de restitution des résultats et de la synthèse"))
    prix = forms.DecimalField(label=_("Prix (€)"), max_digits=8, decimal_places=2)
    modalites_paiement = _texte(_("Modalités de paiement"))
    signataire_organisation = forms.CharField(
        label=_("Organisme signataire (raison sociale)"), max_length=200
    )
    signataire_nom = forms.CharField(label=_("Nom du contact signataire"), max_length=200)
    signataire_email = forms.EmailField(label=_("E-mail du contact signataire"), max_length=254)

    # Where each service refusal is shown: next to its field.
    CHAMP_DES_ERREURS = {
        "duree_invalide": "duree_heures",
        "periode_invalide": "date_fin",
        "prix_invalide": "prix",
        "email_invalide": "signataire_email",
        "financement_invalide": "financement",
        "financement_autre": "financement",
    }


class SignatureBeneficiaireForm(forms.Form):
    lu = forms.BooleanField(
        label=_("J'ai lu la convention et je l'accepte."),
        error_messages={"required": LU_REQUIS},
    )


class SignatureEmployeurForm(forms.Form):
    signataire_nom = forms.CharField(
        label=_("Vos nom et prénom"),
        max_length=200,
        error_messages={"required": _("Indiquez vos nom et prénom pour signer la convention.")},
    )
    lu = forms.BooleanField(
        label=_(
            "J'ai lu la convention et je la signe au nom de l'organisme indiqué. "
            "Ma signature vaut transmission de la convention au salarié."
        ),
        error_messages={"required": LU_REQUIS},
    )
