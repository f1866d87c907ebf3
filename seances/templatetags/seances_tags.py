"""Template filters of the sessions' screens (the duration filter is the project's)."""

from __future__ import annotations

from django import template

from bilan.templatetags.duree import heures

register = template.Library()
register.filter("heures", heures)
