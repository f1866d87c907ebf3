"""Durations as the pages write them: ``90`` minutes → ``1 h 30``."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def heures(minutes: int | None) -> str:
    """``90`` → ``"1 h 30"``; ``120`` → ``"2 h"``; nothing → ``"0 h"``."""
    h, m = divmod(int(minutes or 0), 60)
    return f"{h} h {m:02d}" if m else f"{h} h"
