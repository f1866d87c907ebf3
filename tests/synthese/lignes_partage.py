"""Matrix rows of the synthèse's shares (L6313-4; domain.md, The people: the beneficiary
alone shares; the recipient's link is the credential, whoever holds it)."""

from __future__ import annotations

from typing import Any

from tests.matrice import BENEFICIAIRES, Ligne, Personnes, Vers, pour, reserve, tous

BENEFICIAIRE = {"beneficiaire": 200, "autre_beneficiaire": 404}
DESTINATAIRE = {
    "type_destinataire": "tiers",
    "destinataire_nom": "Paul Lefèvre",
    "destinataire_organisation": "",
    "destinataire_email": "paul.lefevre@exemple.test",
}


def _bilan(p: Personnes) -> dict[str, Any]:
    return {"pk": p["partage_document"].bilan_id}


def _document(p: Personnes) -> dict[str, Any]:
    return {"pk": p["partage_document"].pk}


def _partage(p: Personnes) -> dict[str, Any]:
    from synthese.models import LienPartage
    from synthese.partage import token_hash

    return {"pk": LienPartage.objects.get(token_hash=token_hash(p["partage_jeton"])).partage_id}


def _vers_liste(p: Personnes) -> dict[str, Any]:
    return {"pk": p["partage_document"].bilan_id}


def _jeton(p: Personnes) -> dict[str, Any]:
    return {"token": p["partage_jeton"]}


def _jeton_utilise(p: Personnes) -> dict[str, Any]:
    from synthese.partage import partage_lien_utiliser

    partage_lien_utiliser(token=p["partage_jeton"])
    return {"token": p["partage_jeton"]}


def _jeton_revoque(p: Personnes) -> dict[str, Any]:
    from synthese.models import Partage
    from synthese.partage import partage_revoquer

    token = p["partage_jeton"]
    partage_revoquer(partage=Partage.objects.get(), user=p["beneficiaire"])
    return {"token": token}


BOGUS = {"token": "inconnu-" + "x" * 40}
VERS_LISTE = Vers("portail:partage_liste", _vers_liste)

LIGNES: list[Ligne] = [
    Ligne("portail:partage_liste", reserve(BENEFICIAIRE), kwargs=_bilan),
    Ligne(
        "portail:partage_liste",
        reserve(BENEFICIAIRE),
        kwargs=lambda p: {"pk": p["bilan"].pk},
        note="sans synthèse",
    ),
    Ligne(
        "portail:partage_liste", reserve(pour(BENEFICIAIRES, 405)), methode="POST", kwargs=_bilan
    ),
    Ligne("portail:partage_creer", reserve(BENEFICIAIRE), kwargs=_document),
    Ligne(
        "portail:partage_creer",
        reserve(BENEFICIAIRE),
        methode="POST",
        kwargs=_document,
        donnees=lambda p: DESTINATAIRE,
        note="étape 2 : le texte à accepter",
    ),
    Ligne(
        "portail:partage_creer",
        reserve({"beneficiaire": VERS_LISTE, "autre_beneficiaire": 404}),
        methode="POST",
        kwargs=_document,
        donnees=lambda p: {**DESTINATAIRE, "etape": "confirmer", "accepte": "on"},
        note="accord donné",
    ),
    Ligne(
        "portail:partage_creer",
        reserve({"beneficiaire": 400, "autre_beneficiaire": 404}),
        methode="POST",
        kwargs=_document,
        donnees=lambda p: {**DESTINATAIRE, "etape": "confirmer"},
        note="accord non coché",
    ),
    Ligne(
        "portail:partage_revoquer",
        reserve({"beneficiaire": VERS_LISTE, "autre_beneficiaire": 404}),
        methode="POST",
        kwargs=_partage,
    ),
    Ligne("portail:partage_revoquer", reserve(pour(BENEFICIAIRES, 405)), kwargs=_partage),
    # The recipient's link: the link is the credential, whoever holds it.
    Ligne("partage:partage_lien", tous(200), kwargs=_jeton),
    Ligne("partage:partage_lien", tous(200), methode="POST", kwargs=_jeton, note="téléchargement"),
    Ligne("partage:partage_lien", tous(410), kwargs=_jeton_utilise, note="déjà utilisé"),
    Ligne(
        "partage:partage_lien", tous(410), methode="POST", kwargs=_jeton_utilise, note="réutilisé"
    ),
    Ligne("partage:partage_lien", tous(410), kwargs=_jeton_revoque, note="révoqué"),
    Ligne("partage:partage_lien", tous(405), methode="PUT", kwargs=_jeton),
    Ligne("partage:partage_lien", tous(404), kwargs=lambda p: BOGUS, note="inconnu"),
    # Unknown ids last.
    Ligne(
        "portail:partage_creer",
        reserve(pour(BENEFICIAIRES, 404)),
        kwargs=lambda p: {"pk": 999_999},
        note="inconnu",
    ),
    Ligne(
        "portail:partage_revoquer",
        reserve(pour(BENEFICIAIRES, 404)),
        methode="POST",
        kwargs=lambda p: {"pk": 999_999},
        note="inconnu",
    ),
    Ligne(
        "portail:partage_liste",
        reserve(pour(BENEFICIAIRES, 404)),
        kwargs=lambda p: {"pk": 999_999},
        note="inconnu",
    ),
]
