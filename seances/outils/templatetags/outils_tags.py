"""``{% outils_parcours_pdf bilan %}``: the career timeline inside a PDF (the synthèse).

Used only by PDF templates rendered by a service of the bilan's consultant, who has
already been checked; it reads the bilan's timeline as it stands.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from beneficiaires.models import Bilan

from ..dessins import frise_parcours
from ..models import EntreeParcours

register = template.Library()


def parcours_pdf_contexte(bilan: Bilan) -> dict[str, Any]:
    entrees = list(EntreeParcours.objects.filter(dossier__bilan=bilan))
    return {"entrees": entrees, "frise": frise_parcours(entrees, aujourdhui=timezone.localdate())}


@register.inclusion_tag("outils/pdf/_parcours.html")
def outils_parcours_pdf(bilan: Bilan) -> dict[str, Any]:
    return parcours_pdf_contexte(bilan)
