"""Matrix rows: convention."""

from tests.matrice import Ligne

LIGNES: list[Ligne] = []
