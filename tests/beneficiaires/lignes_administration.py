"""Matrix rows: administration."""

from tests.matrice import Ligne

LIGNES: list[Ligne] = []
