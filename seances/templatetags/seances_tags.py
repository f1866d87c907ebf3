"""Template filters of the sessions' screens (the duration filter is the project's)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from bilan.templatetags.duree import heures

from ..models import Seance
from ..selectors import seance_etat

register = template.Library()
register.filter("heures", heures)


@register.filter
def etat_seance(seance: Seance) -> str:
    """The session's status line, from its signatures (prefetch ``emargements`` in lists)."""
    return seance_etat(seance, seance.emargements.all(), today=timezone.localdate())
