"""The permission matrix (issue: foundation, point 8; domain.md, Confidentiality).

Every URL pattern × every persona × the methods it accepts: the outcome is asserted.
Confidential content: only the owner and the assigned consultant; administrators and
superusers see metadata only; someone else's ids answer 404.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.matrice import (
    LOGIN,
    PERSONAS,
    Ligne,
    Vers,
    noms_des_urls,
    patterns_sans_nom,
    toutes_les_lignes,
)

LIGNES = toutes_les_lignes()


class _Personnes:
    def __init__(self, request: pytest.FixtureRequest) -> None:
        self._request = request

    def __getitem__(self, persona: str) -> Any:
        return self._request.getfixturevalue(persona)


def test_matrix_covers_every_url_pattern() -> None:
    covered = {ligne.nom for ligne in LIGNES}
    missing = sorted(noms_des_urls() - covered)
    assert missing == [], f"URL sans ligne dans la matrice des permissions : {missing}"


def test_matrix_has_no_unnamed_url_pattern() -> None:
    assert patterns_sans_nom() == []


def test_matrix_rows_name_existing_urls() -> None:
    assert sorted({ligne.nom for ligne in LIGNES} - noms_des_urls()) == []


@pytest.mark.parametrize(
    ("ligne", "persona"),
    [(ligne, persona) for ligne in LIGNES for persona in PERSONAS],
    ids=[f"{ligne.ident}-{persona}" for ligne in LIGNES for persona in PERSONAS],
)
def test_matrix_outcome(
    ligne: Ligne, persona: str, request: pytest.FixtureRequest, client_de: Any
) -> None:
    personnes = _Personnes(request)
    url = reverse(ligne.nom, kwargs=ligne.kwargs(personnes))
    client = client_de(personnes[persona])
    data = ligne.donnees(personnes)
    response = getattr(client, ligne.methode.lower())(url, data=data)
    expected = ligne.attendu[persona]
    assert _outcome(response, expected, personnes) == expected


def _outcome(response: Any, expected: Any, personnes: Any) -> Any:
    """What happened, in the vocabulary of the expectation it is compared with."""
    if response.status_code != 302:
        return response.status_code
    location = urlsplit(response["Location"]).path
    if location == resolve_url(settings.LOGIN_URL):
        return LOGIN
    if isinstance(expected, Vers) and location == reverse(
        expected.nom, kwargs=expected.url_kwargs(personnes)
    ):
        return expected
    return f"302 -> {location}"
