"""File sizes as French readers write them: octets, Ko, Mo, Go (Django's French translation of
``filesizeformat`` says « Kio », « Mio »)."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()

_UNITES = (("Go", 1024**3), ("Mo", 1024**2), ("Ko", 1024))


@register.filter
def taille(octets: int | None) -> str:
    """``1536`` → « 1,5 Ko »; « 0 octet » when unknown (a size of 0 is shown as such)."""
    n = int(octets or 0)
    for unite, base in _UNITES:
        if n >= base:
            return _("%(n)s %(unite)s") % {"n": number_format(n / base, 1), "unite": unite}
    # French: 0 and 1 take the singular (the English fallback of ngettext would not).
    return ngettext("%(n)s octet", "%(n)s octets", max(n, 1)) % {"n": n}
