from typing import Any

from django import template

register = template.Library()


@register.filter
def cle(dictionnaire: dict, valeur: Any) -> Any:
    """``d|cle:k``: d[k], or "" when absent."""
    return dictionnaire.get(valeur, "")


@register.filter
def libelle_evenement(code: str) -> str:
    """An audit event's French label (bilan.audit.libelles), the code as fallback."""
    from bilan.audit.libelles import evenement_libelle

    return evenement_libelle(code)


@register.simple_tag
def libelle_objet(target_type: str, target_id: str) -> str:
    """« Bilan n° 2 »: which row, never its content (bilan.audit.libelles)."""
    from bilan.audit.libelles import objet_libelle

    return objet_libelle(target_type, target_id)
