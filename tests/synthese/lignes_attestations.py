"""Matrix rows of the end-of-bilan documents and of the shares (domain.md, 9; The people;
Confidentiality: administrative proof for the owner, the assigned consultant and the
administrators; the synthèse shared by its owner alone)."""

from __future__ import annotations

from typing import Any

from tests.matrice import (
    ADMINISTRATEURS,
    BENEFICIAIRES,
    CONSULTANTS,
    Ligne,
    Personnes,
    Vers,
    pour,
    reserve,
)
from tests.synthese.lignes_partage import LIGNES as PARTAGE

CONSULTANT = {"consultant": 200, "autre_consultant": 404}
BENEFICIAIRE = {"beneficiaire": 200, "autre_beneficiaire": 404}
ADMIN = pour(ADMINISTRATEURS, 200)
ESPACES = (
    ("backoffice", CONSULTANT, CONSULTANTS),
    ("portail", BENEFICIAIRE, BENEFICIAIRES),
    ("administration", ADMIN, ADMINISTRATEURS),
)


def _termine(p: Personnes) -> dict[str, Any]:
    return {"pk": p["attestations_bilan"].pk}


def _pdf(sorte: str) -> Any:
    return lambda p: {"pk": p["attestations_bilan"].pk, "sorte": sorte}


def _prealable_pdf(p: Personnes) -> dict[str, Any]:
    return {"pk": p["bilan"].pk, "sorte": "fin"}


def _inconnu(p: Personnes) -> dict[str, Any]:
    return {"pk": 999_999}


def _lignes(espace: str, permis: dict[str, Any], personas: tuple[str, ...]) -> list[Ligne]:
    liste = f"{espace}:attestation_liste"
    pdf = f"{espace}:attestation_telecharger"
    vers_liste = {
        p: (404 if permis[p] == 404 else Vers(liste, lambda x: {"pk": x["bilan"].pk}))
        for p in personas
    }
    return [
        Ligne(liste, reserve(permis), kwargs=_termine),
        Ligne(liste, reserve(permis), kwargs=lambda p: {"pk": p["bilan"].pk}, note="préalable"),
        Ligne(liste, reserve(pour(personas, 405)), methode="POST", kwargs=_termine),
        *(Ligne(pdf, reserve(permis), kwargs=_pdf(s), note=s) for s in ("fin", "presence")),
        Ligne(pdf, reserve(permis), kwargs=_pdf("certificat"), note="certificat"),
        Ligne(pdf, reserve(vers_liste), kwargs=_prealable_pdf, note="pas encore due"),
        Ligne(pdf, reserve(pour(personas, 404)), kwargs=_pdf("inconnu"), note="type inconnu"),
        Ligne(pdf, reserve(pour(personas, 405)), methode="POST", kwargs=_pdf("fin")),
        # Unknown ids last: 404, never a hint.
        Ligne(liste, reserve(pour(personas, 404)), kwargs=_inconnu, note="inconnu"),
        Ligne(
            pdf,
            reserve(pour(personas, 404)),
            kwargs=lambda p: {"pk": 999_999, "sorte": "fin"},
            note="inconnu",
        ),
    ]


LIGNES: list[Ligne] = [
    *(ligne for espace, permis, personas in ESPACES for ligne in _lignes(espace, permis, personas)),
    *PARTAGE,
]
