"""Matrix rows: the beneficiary's portal (consent).

The ``bilan`` fixture belongs to the persona beneficiary and the persona consultant: the
other beneficiary gets 404 (never 403, which would tell it exists); consultants and
administrators get 403; anonymous visitors and the employer go to the login page.
"""

from beneficiaires.models import Bilan
from tests.beneficiaires.factories import entretien_record
from tests.matrice import Ligne, Vers, pour, reserve


def _apres_entretien(bilan: Bilan) -> dict[str, int]:
    entretien_record(bilan)
    return {"pk": bilan.pk}


def _proprietaire(valeur: object) -> dict[str, object]:
    return reserve({"beneficiaire": valeur, "autre_beneficiaire": 404})


LIGNES = [
    Ligne("portail:accueil", reserve(pour(("beneficiaire", "autre_beneficiaire"), 405)), "POST"),
    Ligne(
        "portail:consentement",
        _proprietaire(200),
        kwargs=lambda p: _apres_entretien(p["bilan"]),
    ),
    Ligne(
        "portail:consentement",
        _proprietaire(Vers("portail:accueil")),
        methode="POST",
        kwargs=lambda p: _apres_entretien(p["bilan"]),
        donnees=lambda p: {"decision": "donne"},
        note="accord",
    ),
    Ligne(
        "portail:consentement",
        _proprietaire(200),
        methode="POST",
        kwargs=lambda p: _apres_entretien(p["bilan"]),
        donnees=lambda p: {"decision": "refuse"},
        note="refus à confirmer",
    ),
    Ligne(
        "portail:consentement",
        _proprietaire(Vers("portail:accueil")),
        methode="POST",
        kwargs=lambda p: _apres_entretien(p["bilan"]),
        donnees=lambda p: {"decision": "refuse", "confirme": "on"},
        note="refus confirmé",
    ),
    Ligne(
        "portail:consentement",
        reserve({"beneficiaire": 404, "autre_beneficiaire": 404}),
        kwargs=lambda p: {"pk": 999_999},
        note="inconnu",
    ),
]
