"""The permission matrix (issue: foundation, point 8; domain.md, Confidentiality).

Every URL pattern × every persona × the methods it accepts: the outcome is asserted.
Confidential content: only the owner and the assigned consultant; administrators and
superusers see metadata only; someone else's ids answer 404.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.matrice import (
    PERSONAS,
    Ligne,
    PersonnesDe,
    issue,
    noms_des_urls,
    patterns_sans_nom,
    toutes_les_lignes,
)

LIGNES = toutes_les_lignes()


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
    personnes = PersonnesDe(request)
    url = reverse(ligne.nom, kwargs=ligne.kwargs(personnes))
    client = client_de(personnes[persona])
    data = ligne.donnees(personnes)
    response = getattr(client, ligne.methode.lower())(url, data=data)
    expected = ligne.attendu[persona]
    assert issue(response, expected, personnes) == expected
