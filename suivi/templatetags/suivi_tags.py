"""The follow-up's state on the beneficiary's home (its own partial, its own queries)."""

from __future__ import annotations

from django import template

from beneficiaires.models import Bilan

from ..models import EntretienSuivi, Invitation, Moment, Suivi

register = template.Library()


@register.simple_tag(takes_context=True)
def suivi_etat(context: template.Context, bilan: Bilan) -> dict[str, object]:
    """Decision, planned interview (date only, no content) and whether the survey is done."""
    user = context.get("user")
    if user is None or bilan.beneficiaire.user_id != getattr(user, "pk", None):
        return {}
    return {
        "decision": Suivi.objects.filter(bilan=bilan).values_list("decision", flat=True).first(),
        "entretien": EntretienSuivi.objects.filter(bilan=bilan).only("debut").first(),
        "avis_donne": Invitation.objects.filter(
            bilan=bilan, moment=Moment.CHAUD, repondu_le__isnull=False
        ).exists(),
    }
