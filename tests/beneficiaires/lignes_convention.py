"""Matrix rows: the convention (domain.md, Funding; The people: the employer or funder sees
nothing but what they must sign, through its link)."""

from __future__ import annotations

import re
from typing import Any

from tests.matrice import (
    ADMINISTRATEURS,
    BENEFICIAIRES,
    CONSULTANTS,
    Ligne,
    Personnes,
    pour,
    reserve,
    tous,
)


class VersBilan:
    """A 302 to the convention page of the row's bilan, whose id the fixtures choose."""

    def __init__(self, prefixe: str) -> None:
        self.motif = re.compile(rf"302 -> {re.escape(prefixe)}bilans/\d+/convention/")

    def __eq__(self, other: object) -> bool:
        return other is self or (isinstance(other, str) and bool(self.motif.fullmatch(other)))

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return f"VersBilan({self.motif.pattern!r})"


ESPACE = VersBilan("/espace/")
PORTAIL = VersBilan("/portail/")
ADMINISTRATION = VersBilan("/administration/")
# The bilan's own consultant; another one answers 404 (someone else's id), other roles 403.
CONSULTANT = {"consultant": 200, "autre_consultant": 404}


def _engage(p: Personnes) -> dict[str, Any]:
    from tests.beneficiaires.factories import bilan_engage

    return {"pk": bilan_engage(p["bilan"]).pk}


def _a_signer(p: Personnes) -> dict[str, Any]:
    """An engaged bilan whose convention waits for the provider's signature."""
    from tests.beneficiaires.factories import bilan_engage, convention_record

    return {"pk": convention_record(bilan_engage(p["bilan"])).bilan_id}


def _financeur_signe(p: Personnes) -> dict[str, Any]:
    """Another funder's convention signed by the provider: the beneficiary may sign."""
    from tests.beneficiaires.factories import convention_signee_organisme

    convention = convention_signee_organisme(p["bilan"], financement="autre_financeur")
    return {"pk": convention.bilan_id}


def _convention(p: Personnes) -> dict[str, Any]:
    return {"pk": p["bilan_convention"].pk}


def _bilan(p: Personnes) -> dict[str, Any]:
    return {"pk": p["bilan"].pk}


def _lien_utilise(p: Personnes) -> dict[str, Any]:
    from beneficiaires.convention import convention_sign_employer

    token = p["lien_employeur"]
    convention_sign_employer(token=token, signataire_nom="Marc Rivière")
    return {"token": token}


def _donnees(p: Personnes) -> dict[str, Any]:
    from tests.beneficiaires.factories import CONVENTION

    return {key: str(value) for key, value in CONVENTION.items()}


SIGNER_EMPLOYEUR = {"signataire_nom": "Marc Rivière", "lu": "on"}
BOGUS = {"token": "inconnu-" + "x" * 40}


def _inconnu(p: Personnes) -> dict[str, Any]:
    return {"pk": 999_999}


LIGNES = [
    # Back office: the assigned consultant only.
    Ligne("backoffice:convention", reserve(CONSULTANT), kwargs=_bilan, note="vide"),
    Ligne("backoffice:convention", reserve(CONSULTANT), kwargs=_convention, note="signée"),
    Ligne(
        "backoffice:convention",
        reserve({"consultant": ESPACE, "autre_consultant": 404}),
        methode="POST",
        kwargs=_engage,
        donnees=_donnees,
    ),
    Ligne(
        "backoffice:convention",
        reserve(CONSULTANT),
        methode="POST",
        kwargs=_bilan,
        donnees=_donnees,
        note="préalable : refus affiché",
    ),
    Ligne("backoffice:convention_signer", reserve(pour(CONSULTANTS, 405)), kwargs=_a_signer),
    Ligne(
        "backoffice:convention_signer",
        reserve({"consultant": ESPACE, "autre_consultant": 404}),
        methode="POST",
        kwargs=_a_signer,
    ),
    Ligne("backoffice:convention_lien", reserve(pour(CONSULTANTS, 405)), kwargs=_convention),
    Ligne(
        "backoffice:convention_lien",
        reserve({"consultant": ESPACE, "autre_consultant": 404}),
        methode="POST",
        kwargs=_convention,
    ),
    Ligne("backoffice:convention_pdf", reserve(CONSULTANT), kwargs=_convention),
    Ligne(
        "backoffice:convention_pdf",
        reserve(pour(CONSULTANTS, 404)),
        kwargs=_bilan,
        note="sans convention",
    ),
    Ligne(
        "backoffice:convention_pdf",
        reserve(pour(CONSULTANTS, 405)),
        methode="POST",
        kwargs=_convention,
    ),
    # Portal: the bilan's own beneficiary.
    Ligne(
        "portail:convention",
        reserve({"beneficiaire": 200, "autre_beneficiaire": 404}),
        kwargs=_bilan,
        note="vide",
    ),
    Ligne(
        "portail:convention",
        reserve({"beneficiaire": 200, "autre_beneficiaire": 404}),
        kwargs=_convention,
        note="attend l'employeur",
    ),
    Ligne(
        "portail:convention",
        reserve({"beneficiaire": PORTAIL, "autre_beneficiaire": 404}),
        methode="POST",
        kwargs=_financeur_signe,
        donnees=lambda p: {"lu": "on"},
    ),
    Ligne(
        "portail:convention",
        reserve({"beneficiaire": 200, "autre_beneficiaire": 404}),
        methode="POST",
        kwargs=_bilan,
        donnees=lambda p: {"lu": "on"},
        note="rien à signer",
    ),
    Ligne(
        "portail:convention_pdf",
        reserve({"beneficiaire": 200, "autre_beneficiaire": 404}),
        kwargs=_convention,
    ),
    Ligne(
        "portail:convention_pdf",
        reserve({"beneficiaire": 405, "autre_beneficiaire": 405}),
        methode="POST",
        kwargs=_convention,
    ),
    # Administration: metadata and the convention itself (administrative proof).
    Ligne("administration:convention", reserve(pour(ADMINISTRATEURS, 200)), kwargs=_convention),
    Ligne(
        "administration:convention",
        reserve(pour(ADMINISTRATEURS, 200)),
        kwargs=_bilan,
        note="vide",
    ),
    Ligne(
        "administration:convention",
        reserve(pour(ADMINISTRATEURS, 405)),
        methode="POST",
        kwargs=_convention,
    ),
    Ligne(
        "administration:convention_signer",
        reserve(pour(ADMINISTRATEURS, ADMINISTRATION)),
        methode="POST",
        kwargs=_a_signer,
    ),
    Ligne(
        "administration:convention_signer",
        reserve(pour(ADMINISTRATEURS, 405)),
        kwargs=_a_signer,
    ),
    Ligne("administration:convention_pdf", reserve(pour(ADMINISTRATEURS, 200)), kwargs=_convention),
    Ligne(
        "administration:convention_pdf",
        reserve(pour(ADMINISTRATEURS, 405)),
        methode="POST",
        kwargs=_convention,
    ),
    # The employer's or funder's link: the link is the credential, whoever holds it.
    Ligne("employeur:convention", tous(200), kwargs=lambda p: {"token": p["lien_employeur"]}),
    Ligne(
        "employeur:convention",
        tous(200),
        methode="POST",
        kwargs=lambda p: {"token": p["lien_employeur"]},
        donnees=lambda p: SIGNER_EMPLOYEUR,
        note="merci",
    ),
    Ligne("employeur:convention", tous(410), kwargs=_lien_utilise, note="déjà utilisé"),
    Ligne(
        "employeur:convention",
        tous(405),
        methode="PUT",
        kwargs=lambda p: {"token": p["lien_employeur"]},
    ),
    Ligne("employeur:convention", tous(404), kwargs=lambda p: BOGUS, note="inconnu"),
    Ligne(
        "employeur:convention",
        tous(404),
        methode="POST",
        kwargs=lambda p: BOGUS,
        donnees=lambda p: SIGNER_EMPLOYEUR,
        note="inconnu",
    ),
    # Unknown ids: 404, never a hint. Kept last: other tests reuse each name's last row with
    # no fixture but the persona beneficiary.
    Ligne(
        "backoffice:convention", reserve(pour(CONSULTANTS, 404)), kwargs=_inconnu, note="inconnu"
    ),
    Ligne(
        "backoffice:convention_signer",
        reserve(pour(CONSULTANTS, 404)),
        methode="POST",
        kwargs=_inconnu,
        note="inconnu",
    ),
    Ligne(
        "backoffice:convention_lien",
        reserve(pour(CONSULTANTS, 404)),
        methode="POST",
        kwargs=_inconnu,
        note="inconnu",
    ),
    Ligne(
        "backoffice:convention_pdf",
        reserve(pour(CONSULTANTS, 404)),
        kwargs=_inconnu,
        note="inconnu",
    ),
    Ligne("portail:convention", reserve(pour(BENEFICIAIRES, 404)), kwargs=_inconnu, note="inconnu"),
    Ligne(
        "portail:convention_pdf", reserve(pour(BENEFICIAIRES, 404)), kwargs=_inconnu, note="inconnu"
    ),
    Ligne(
        "administration:convention",
        reserve(pour(ADMINISTRATEURS, 404)),
        kwargs=_inconnu,
        note="inconnu",
    ),
    Ligne(
        "administration:convention_signer",
        reserve(pour(ADMINISTRATEURS, 404)),
        methode="POST",
        kwargs=_inconnu,
        note="inconnu",
    ),
    Ligne(
        "administration:convention_pdf",
        reserve(pour(ADMINISTRATEURS, 404)),
        kwargs=_inconnu,
        note="inconnu",
    ),
]
