"""Starting text for the synthèse's sections, offered by the investigation tools.

domain.md, point 8 (the synthèse) and the investigation toolkit: the competences, the chosen
scenario and the gaps are *offered* to the consultant for the matching section; nothing is
copied without the consultant's action. An app registers a source from its ``apps.py``; the
synthèse editor lists the sources of a section and inserts one's text only on request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from beneficiaires.models import Bilan


class Section(StrEnum):
    """The synthèse's sections (R6313-4 and seed 000, Document de synthèse)."""

    CONTEXTE = "contexte"  # circumstances and context
    COMPETENCES = "competences"  # competences and aptitudes, strengths, areas for progress
    PROJET = "projet"  # the professional project and its alternatives
    FORMATION = "formation"  # the training project, where relevant
    ETAPES = "etapes"  # the detailed steps


@dataclass(frozen=True)
class Source:
    section: Section
    libelle: str  # shown on the button, e.g. "Inventaire des compétences"
    texte: Callable[[Bilan], str]  # the starting text ("" when there is nothing yet)
    vide: str = ""  # (lazy) what to do first when there is nothing yet (French, shown on a click)


_sources: list[Source] = []


def register_source(
    *, section: Section, libelle: str, texte: Callable[[Bilan], str], vide: str = ""
) -> None:
    """Offer ``texte(bilan)`` as starting text for ``section`` (call from ``ready()``);
    ``vide`` tells the consultant what to do first while it has nothing to insert."""
    source = Source(section=Section(section), libelle=libelle, texte=texte, vide=vide)
    if source not in _sources:
        _sources.append(source)


def sources_for(section: Section) -> list[Source]:
    return [s for s in _sources if s.section == section]
