"""Matrix rows of the suivi screens (domain.md, Confidentiality)."""

from tests.matrice import Ligne

LIGNES: list[Ligne] = []
