"""What the forms of every app share."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2999, 12, 31)

# Every free text has a ceiling, so that no form stores megabytes of text (issue 9): a name or
# a title, a comment or a short answer, a long text (notes, a report, a questionnaire's body:
# about the synthèse's section, synthese.services.SECTION_MAX).
NOM_MAX = 150
COMMENTAIRE_MAX = 5_000
TEXTE_LONG_MAX = 20_000


def date_plausible(value: datetime.date) -> None:
    """A filter's date within reach: at year 1 or 9999 the day before or the week after does
    not exist, and the conversion of midnight in Paris to UTC overflows (a 500)."""
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(_("Choisissez une date entre 1900 et 2999."), code="date_lointaine")
