from typing import Any

from django import template

register = template.Library()


@register.filter
def cle(dictionnaire: dict, valeur: Any) -> Any:
    """``d|cle:k``: d[k], or "" when absent."""
    return dictionnaire.get(valeur, "")
