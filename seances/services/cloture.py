"""Whether the sessions allow closing the bilan (domain.md, The life of a bilan, 4 and 6)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan

from ..models import Phase
from ._commun import heures as _heures
from .emargement import seances_tenues


def seances_cloture_motifs(*, bilan: Bilan) -> list[str]:
    """The French reasons why the sessions forbid closing ``bilan``; empty when they allow it.

    domain.md, Conclusion: each phase has at least one session held and signed by both,
    including an individual conclusion interview; domain.md, Duration: at least the floor
    of signed accompaniment hours (``SEANCES_PLANCHER_ACCOMPAGNEMENT_HEURES``, 13 h).
    """
    tenues = seances_tenues(bilan.pk)
    phases = set(tenues.values_list("phase", flat=True))
    motifs = [
        _("Aucune séance de la %(phase)s n'a été tenue et signée par les deux parties.")
        % {"phase": str(label).lower()}
        for value, label in Phase.choices
        if value not in phases
    ]
    minutes = sum(s.duree_minutes for s in tenues)
    plancher = int(settings.SEANCES_PLANCHER_ACCOMPAGNEMENT_HEURES)
    if minutes < plancher * 60:
        motifs.append(
            _(
                "Les séances signées totalisent %(fait)s d'accompagnement : il en faut au moins "
                "%(plancher)s h pour clore le bilan."
            )
            % {"fait": _heures(minutes), "plancher": plancher}
        )
    return motifs


def seances_cloture_possible(*, bilan: Bilan) -> bool:
    """True when :func:`seances_cloture_motifs` finds nothing missing."""
    return not seances_cloture_motifs(bilan=bilan)


def seances_cloture_condition(bilan: Bilan) -> list[str]:
    """The closing condition registered with the dossiers' state machine (apps.py)."""
    return seances_cloture_motifs(bilan=bilan)
