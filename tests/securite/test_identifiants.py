"""Someone else's ids tell nothing (issue 9, point 1; domain.md, Confidentiality).

- Another beneficiary on a portal page of this bilan, another consultant on its back-office
  page: 404 in the matrix, as for an id that does not exist (405 where the method is refused
  first, which tells nothing either). Never 403, which would tell the object exists.
- 403 stays where a role can never open the page at all (a consultant on the portal, a
  beneficiary on the back office, either on the administration): it is decided by the role
  before any lookup, so an id that exists and one that does not get the same 403. That is
  proved here for every such URL and method, with ids that exist nowhere.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from django.urls import URLPattern, reverse
from django.urls.converters import IntConverter

from tests.matrice import PersonnesDe, issue, patterns_nommes, toutes_les_lignes

LIGNES = toutes_les_lignes()
PATTERNS = patterns_nommes()
# The same role as the owner, on the owner's own space.
AUTRE_DU_MEME_ROLE = {"portail:": "autre_beneficiaire", "backoffice:": "autre_consultant"}


def _a_un_objet(nom: str) -> bool:
    return bool(PATTERNS[nom].pattern.converters)


def test_someone_elses_object_answers_404_in_the_matrix() -> None:
    ecarts = [
        f"{ligne.ident}: {autre} {ligne.attendu[autre]}"
        for ligne in LIGNES
        for espace, autre in AUTRE_DU_MEME_ROLE.items()
        if ligne.nom.startswith(espace)
        and _a_un_objet(ligne.nom)
        and ligne.attendu[autre] not in (404, 405)
    ]

    assert ecarts == []


def _refus_par_role() -> list[tuple[str, str, tuple[str, ...]]]:
    """(URL, method, personas) where the matrix answers 403 on an object URL."""
    refuses: dict[tuple[str, str], set[str]] = defaultdict(set)
    for ligne in LIGNES:
        if _a_un_objet(ligne.nom):
            refuses[(ligne.nom, ligne.methode)] |= {p for p, a in ligne.attendu.items() if a == 403}
    return [(nom, methode, tuple(sorted(p))) for (nom, methode), p in sorted(refuses.items()) if p]


def _kwargs_inconnus(pattern: URLPattern) -> dict[str, Any]:
    return {
        nom: 999_999 if isinstance(converter, IntConverter) else "inconnu"
        for nom, converter in pattern.pattern.converters.items()
    }


REFUS_PAR_ROLE = _refus_par_role()


def test_the_403_rows_are_found() -> None:
    noms = {nom for nom, _, _ in REFUS_PAR_ROLE}
    assert {"portail:synthese_lecture", "backoffice:synthese_editeur"} <= noms
    assert "administration:convention" in noms


@pytest.mark.parametrize(
    ("nom", "methode", "personas"),
    REFUS_PAR_ROLE,
    ids=[f"{methode} {nom}" for nom, methode, _ in REFUS_PAR_ROLE],
)
def test_a_refusal_by_role_is_the_same_for_an_id_that_exists_nowhere(
    nom: str,
    methode: str,
    personas: tuple[str, ...],
    request: pytest.FixtureRequest,
    client_de: Any,
) -> None:
    personnes = PersonnesDe(request)
    url = reverse(nom, kwargs=_kwargs_inconnus(PATTERNS[nom]))

    obtenus = {
        persona: issue(getattr(client_de(personnes[persona]), methode.lower())(url), 403, None)
        for persona in personas
    }

    assert obtenus == dict.fromkeys(personas, 403)
