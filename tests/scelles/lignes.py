"""Matrix rows of the scelles screens (domain.md, Confidentiality)."""

from tests.matrice import Ligne

LIGNES: list[Ligne] = []
