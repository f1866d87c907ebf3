"""Matrix rows: the consultant's back office (the dashboard's GET row is in tests/bilan/lignes.py).

Back-office pages are the consultant's: the bilan's own beneficiary, administrators and
superusers get 403; another consultant gets 404 on this bilan (its existence stays hidden);
anonymous visitors and the employer-link holder go to the login page.
"""

from __future__ import annotations

from typing import Any

from beneficiaires.models import Bilan
from tests.matrice import CONSULTANTS, Attendu, Ligne, Vers, pour, reserve


def _pk(p: Any) -> dict[str, Any]:
    return {"pk": p["bilan"].pk}


def _du_consultant(attendu: Attendu) -> dict[str, Attendu]:
    """``attendu`` for the assigned consultant, 404 for the other one."""
    return reserve({"consultant": attendu, "autre_consultant": 404})


VERS_BILAN = Vers("backoffice:bilan", kwargs=_pk)

LIGNES = [
    Ligne("backoffice:beneficiaire_creer", reserve(pour(CONSULTANTS, 200))),
    Ligne(
        "backoffice:beneficiaire_creer",
        reserve(
            pour(
                CONSULTANTS,
                # The bilan the request has just opened.
                Vers("backoffice:bilan", kwargs=lambda p: {"pk": Bilan.objects.latest("pk").pk}),
            )
        ),
        methode="POST",
        donnees=lambda p: {
            "first_name": "Nina",
            "last_name": "Roux",
            "email": "nina.roux@exemple.test",
            "statut_professionnel": "demandeur_emploi",
        },
    ),
    Ligne("backoffice:bilan", _du_consultant(200), kwargs=_pk),
    Ligne(
        "backoffice:bilan",
        reserve(pour(CONSULTANTS, 404)),
        kwargs=lambda p: {"pk": 999_999},
        note="inconnu",
    ),
    Ligne("backoffice:entretien", _du_consultant(200), kwargs=_pk),
    Ligne(
        "backoffice:entretien",
        _du_consultant(VERS_BILAN),
        methode="POST",
        kwargs=_pk,
        donnees=lambda p: {
            "besoin": "Faire le point.",
            "attentes": "Des pistes.",
            "situation": "En poste.",
            "objectifs": "Un projet.",
            "format": "presentiel",
            "tenu_le": "2026-11-02",
        },
    ),
    Ligne("backoffice:financement", _du_consultant(200), kwargs=_pk),
    Ligne("backoffice:financement_cpf", _du_consultant(200), kwargs=_pk),
    # The bilan is in préalable: the service refuses and the form shows why.
    Ligne(
        "backoffice:financement_cpf",
        _du_consultant(200),
        methode="POST",
        kwargs=_pk,
        donnees=lambda p: {
            "prix": "1450.00",
            "numero_dossier": "CPF-1",
            "declaration_aucun_bilan_5_ans": "on",
        },
        note="refusé en préalable",
    ),
    Ligne("backoffice:financement_autofinancement", _du_consultant(200), kwargs=_pk),
    Ligne(
        "backoffice:financement_autofinancement",
        _du_consultant(200),
        methode="POST",
        kwargs=_pk,
        donnees=lambda p: {
            "prix": "1500.00",
            "signe_le": "2026-11-02",
            "echeances-TOTAL_FORMS": "1",
            "echeances-INITIAL_FORMS": "0",
            "echeances-0-date": "2026-11-20",
            "echeances-0-montant": "1500.00",
        },
        note="refusé en préalable",
    ),
    # Refused (no entretien, no consent): nothing changes, the bilan page says why.
    Ligne(
        "backoffice:transition",
        _du_consultant(VERS_BILAN),
        methode="POST",
        kwargs=_pk,
        donnees=lambda p: {"vers": "engagement"},
    ),
    # The method is checked before the bilan is looked up: a 405 tells nothing of it.
    Ligne("backoffice:transition", reserve(pour(CONSULTANTS, 405)), kwargs=_pk),
    Ligne(
        "backoffice:transition_confirmer",
        _du_consultant(200),
        kwargs=_pk,
        donnees=lambda p: {"vers": "abandonne"},
    ),
]
