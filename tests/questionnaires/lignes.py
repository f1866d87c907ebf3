"""Matrix rows of the questionnaires screens (domain.md, Confidentiality)."""

from tests.matrice import Ligne

LIGNES: list[Ligne] = []
