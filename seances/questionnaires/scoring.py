"""Scoring a self-assessment questionnaire: pure functions, no database (issue 11, point 5).

The rule (documented for administrators on the editing screen): each item is answered on
the questionnaire's scale, 1 to n; an item marked *inversé* counts ``1 + n - v``; the score
of a dimension is the **mean** of its items (the default: it stays on the scale whatever the
number of items, so that dimensions compare on one chart) or their **sum**, as the
questionnaire says. Means are rounded to two decimals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class ItemDef:
    id: int
    inverse: bool = False


@dataclass(frozen=True)
class DimensionDef:
    libelle: str
    items: Sequence[ItemDef]


@dataclass(frozen=True)
class ScoreDimension:
    libelle: str
    score: float
    minimum: float
    maximum: float

    @property
    def proportion(self) -> float:
        """Where the score sits between the lowest and the highest possible, 0 to 1."""
        etendue = self.maximum - self.minimum
        return (self.score - self.minimum) / etendue if etendue else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "libelle": self.libelle,
            "score": self.score,
            "minimum": self.minimum,
            "maximum": self.maximum,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ScoreDimension:
        return cls(
            libelle=str(data["libelle"]),
            score=float(data["score"]),  # type: ignore[arg-type]
            minimum=float(data["minimum"]),  # type: ignore[arg-type]
            maximum=float(data["maximum"]),  # type: ignore[arg-type]
        )


def valeur_comptee(valeur: int, *, inverse: bool, echelle_max: int) -> int:
    return 1 + echelle_max - valeur if inverse else valeur


def scores_calculer(
    *,
    dimensions: Sequence[DimensionDef],
    reponses: Mapping[int, int],
    echelle_max: int,
    calcul: str,
) -> list[ScoreDimension]:
    """The score of each dimension, in the dimensions' order.

    ``reponses`` must hold a value 1..``echelle_max`` for every item (the service checks it
    before); ``calcul`` is ``"moyenne"`` or ``"somme"``.
    """
    resultats = []
    for dimension in dimensions:
        valeurs = [
            valeur_comptee(reponses[item.id], inverse=item.inverse, echelle_max=echelle_max)
            for item in dimension.items
        ]
        total = sum(valeurs)
        if calcul == "somme":
            score, minimum, maximum = (
                float(total),
                float(len(valeurs)),
                float(echelle_max * len(valeurs)),
            )
        else:
            moyenne = (Decimal(total) / Decimal(len(valeurs))).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            score, minimum, maximum = float(moyenne), 1.0, float(echelle_max)
        resultats.append(
            ScoreDimension(libelle=dimension.libelle, score=score, minimum=minimum, maximum=maximum)
        )
    return resultats
