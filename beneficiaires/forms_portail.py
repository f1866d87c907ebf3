"""The beneficiary's forms in the portal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DONNE = "donne"
REFUSE = "refuse"


class ConsentementForm(forms.Form):
    """The answer after the entretien préalable (L6313-4): give or refuse, no reason asked.

    The two answers are two buttons named ``decision``; a refusal is confirmed on a second
    page (``confirme``) so that a mis-click cannot end the bilan.
    """

    decision = forms.ChoiceField(
        label=_("Votre réponse"),
        choices=[(DONNE, _("Je donne mon accord")), (REFUSE, _("Je refuse le bilan"))],
        error_messages={
            "required": _("Choisissez de donner ou de refuser votre accord."),
            "invalid_choice": _("Choisissez de donner ou de refuser votre accord."),
        },
    )
    confirme = forms.BooleanField(required=False)
