"""Matrix rows: the administrators' bilan screens (metadata only).

Beneficiaries and consultants get 403; anonymous visitors and the employer go to the login
page; an unknown bilan answers 404 to administrators.
"""

from tests.matrice import ADMINISTRATEURS, Ligne, Vers, pour, reserve

VERS_LISTE = Vers("administration:bilans")

LIGNES = [
    Ligne("administration:bilans", reserve(pour(ADMINISTRATEURS, 200))),
    Ligne(
        "administration:bilans",
        reserve(pour(ADMINISTRATEURS, 200)),
        kwargs=lambda p: {},
        donnees=lambda p: {"etat": "prealable", "q": p["bilan"].reference},
        note="filtré",
    ),
    Ligne("administration:bilans", reserve(pour(ADMINISTRATEURS, 405)), methode="POST"),
    Ligne("administration:bilan_creer", reserve(pour(ADMINISTRATEURS, 200))),
    Ligne(
        "administration:bilan_creer",
        reserve(pour(ADMINISTRATEURS, VERS_LISTE)),
        methode="POST",
        donnees=lambda p: {"beneficiaire": p["dossier"].pk, "consultant": p["consultant"].pk},
    ),
    Ligne(
        "administration:bilan_reassigner",
        reserve(pour(ADMINISTRATEURS, 200)),
        kwargs=lambda p: {"pk": p["bilan"].pk},
    ),
    Ligne(
        "administration:bilan_reassigner",
        reserve(pour(ADMINISTRATEURS, VERS_LISTE)),
        methode="POST",
        kwargs=lambda p: {"pk": p["bilan"].pk},
        donnees=lambda p: {"consultant": p["autre_consultant"].pk},
    ),
    Ligne(
        "administration:bilan_reassigner",
        reserve(pour(ADMINISTRATEURS, 404)),
        kwargs=lambda p: {"pk": 999_999},
        note="inconnu",
    ),
]
