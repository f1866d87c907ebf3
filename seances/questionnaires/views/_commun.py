"""What the screens share: the bar chart's geometry and the answer grids' reading."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..scoring import ScoreDimension

# The chart's geometry (SVG user units; the viewBox scales it to the page).
LABEL_X, BARRE_X, BARRE_MAX, HAUTEUR, PAS = 0, 260, 260, 22, 34


@dataclass(frozen=True)
class Barre:
    libelle: str
    score: float
    maximum: float
    y: int
    y_texte: int
    largeur: int


@dataclass(frozen=True)
class Graphique:
    """An SVG horizontal bar chart, drawn with attributes only (CSP: no style), with its
    table equivalent in the same template (templates/questionnaires/_graphique.html)."""

    barres: list[Barre]
    hauteur: int
    largeur: int = BARRE_X + BARRE_MAX + 60
    barre_x: int = BARRE_X
    barre_max: int = BARRE_MAX
    texte_x: int = BARRE_X + BARRE_MAX + 8


def graphique(scores: Iterable[ScoreDimension]) -> Graphique:
    barres = []
    for n, s in enumerate(scores):
        y = n * PAS + 6
        barres.append(
            Barre(
                libelle=s.libelle,
                score=s.score,
                maximum=s.maximum,
                y=y,
                y_texte=y + HAUTEUR - 6,
                largeur=max(2, round(s.proportion * BARRE_MAX)),
            )
        )
    return Graphique(barres=barres, hauteur=len(barres) * PAS + 6)


def valeurs_postees(data: Mapping[str, str], prefixe: str) -> dict[str, str]:
    """``{"item_12": "3"}`` → ``{"12": "3"}`` for the fields starting with ``prefixe``."""
    return {k[len(prefixe) :]: v for k, v in data.items() if k.startswith(prefixe)}


def reponses_postees(data: Mapping[str, str]) -> dict[int, str]:
    """The answers of a questionnaire's form, by item id (other names ignored: "²" and
    "٣" are digits to ``str.isdigit``, and a 5,000-digit id is past ``int``'s limit)."""
    return {
        int(k): v
        for k, v in valeurs_postees(data, "item_").items()
        if k.isascii() and k.isdigit() and len(k) <= 18
    }
