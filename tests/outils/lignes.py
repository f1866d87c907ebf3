"""Matrix rows of the outils screens (domain.md, Confidentiality)."""

from tests.matrice import Ligne

LIGNES: list[Ligne] = []
