"""Matrix rows: portail."""

from tests.matrice import Ligne

LIGNES: list[Ligne] = []
