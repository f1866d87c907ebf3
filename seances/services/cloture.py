"""Whether the sessions allow entering the conclusion and closing the bilan (domain.md, The
life of a bilan, 3, 4 and 6)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan

from ..models import Phase
from ._commun import heures as _heures
from .emargement import seances_tenues


def seances_conclusion_motifs(*, bilan: Bilan) -> list[str]:
    """The French reasons why the sessions forbid moving ``bilan`` to « conclusion »; empty
    when they allow it.

    domain.md, The life of a bilan, 3: the three phases run in order (R6313-4) and a later
    phase cannot start before one of the earlier phase has taken place; so the conclusion
    begins once the préliminaire and the investigation each have at least one session held
    and signed by both (the only attendance that counts, domain.md, Attendance).
    """
    phases = set(seances_tenues(bilan.pk).values_list("phase", flat=True))
    manquantes = [
        _("Aucune séance de la %(phase)s n'a été tenue et signée par les deux parties.")
        % {"phase": str(label).lower()}
        for value, label in Phase.choices
        if value != Phase.CONCLUSION and value not in phases
    ]
    if not manquantes:
        return []
    tete = _(
        "Le bilan ne peut passer en conclusion qu'après la phase préliminaire et la phase "
        "d'investigation (article R6313-4 du Code du travail)."
    )
    return [tete, *manquantes]


def seances_conclusion_condition(bilan: Bilan) -> list[str]:
    """The condition of « conclusion » registered with the dossiers' state machine."""
    return seances_conclusion_motifs(bilan=bilan)


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
