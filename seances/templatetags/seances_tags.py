"""Template filters of the sessions' screens."""

from __future__ import annotations

from django import template

from ..services._commun import heures as _heures

register = template.Library()


@register.filter
def heures(minutes: int | None) -> str:
    """``90`` → ``"1 h 30"``."""
    return _heures(int(minutes or 0))
