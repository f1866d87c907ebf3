"""Matrix rows: dossiers."""

from tests.matrice import Ligne

LIGNES: list[Ligne] = []
