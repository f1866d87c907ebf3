"""Matrix rows of the scelles screens (domain.md, Confidentiality): the verification page is
public; it tells a document's type and date, never its content."""

from tests.matrice import Ligne, tous

LIGNES: list[Ligne] = [
    Ligne("verification:verification_accueil", tous(200)),
    Ligne(
        "verification:verification_accueil",
        tous(200),
        methode="POST",
        donnees=lambda p: {"mode": "reference", "reference": "DOC-INCONNU-0000"},
        note="référence inconnue",
    ),
    Ligne(
        "verification:verification_accueil",
        tous(400),
        methode="POST",
        donnees=lambda p: {"mode": "pdf"},
        note="sans fichier",
    ),
    Ligne("verification:verification_accueil", tous(405), methode="PUT"),
]
