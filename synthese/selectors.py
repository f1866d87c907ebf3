"""Reads of the synthèse, scoped to the user (style.md, rule 3; domain.md, point 7 and
Confidentiality: the beneficiary, and the assigned consultant for the writing; nobody else,
administrators and superusers included)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from bilan.comptes.models import User
from bilan.permissions import content_visible_to

from .models import Synthese

VIEW_SYNTHESE = "synthese.view_synthese"
COMMENT_SYNTHESE = "synthese.comment_synthese"


def syntheses_visible_to(
    user: User | AnonymousUser, perm: str = VIEW_SYNTHESE
) -> QuerySet[Synthese]:
    """The synthèses ``user`` reads: their own (beneficiary) or those of the bilans assigned
    to them (consultant). Both the object permission and the relation must hold; ``perm``
    asks for another permission (the beneficiary's observations: ``COMMENT_SYNTHESE``)."""
    rows = content_visible_to(user, Synthese.objects.all(), perm)
    if getattr(user, "is_consultant", False):
        rows = rows.filter(bilan__consultant=user)
    elif getattr(user, "is_beneficiaire", False):
        rows = rows.filter(bilan__beneficiaire__user=user)
    else:
        return rows.none()
    return rows.select_related("bilan__beneficiaire__user", "bilan__consultant", "document")


def synthese_du_bilan(*, user: User | AnonymousUser, bilan_id: int) -> Synthese | None:
    """The bilan's synthèse if ``user`` reads it, else None."""
    return syntheses_visible_to(user).filter(bilan_id=bilan_id).first()
