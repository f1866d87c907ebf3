"""Matrix rows (domain.md, Confidentiality)."""

from tests.matrice import Ligne

LIGNES: list[Ligne] = []
