"""Every URL × every method the matrix has no row for: nobody gets through (issue 9, point 1;
domain.md, Confidentiality).

The permission matrix (tests/test_matrice.py) asserts the methods each page is meant to
answer. Here every other method among GET, POST, PUT, PATCH and DELETE is sent to every named
URL of the resolver, by every persona, with the URL built from the matrix's own row for it
(the row most personas pass, so the object exists and is theirs):

- a persona that row lets through (the owner, the assigned consultant, an administrator on
  their screens, anyone holding a link) gets 405: the method is refused, not the person;
- every other persona is stopped as the matrix stops it: 302 to the login page, 403, 404 or
  405;
- and the database is the same afterwards, table by table.

A new URL, or a view that starts answering a method, without a matrix row fails here.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from tests.factories import PASSWORD
from tests.matrice import (
    PERSONAS,
    REFUS,
    Ligne,
    PersonnesDe,
    issue,
    noms_des_urls,
    passe,
    toutes_les_lignes,
)
from tests.securite.empreinte import empreinte_base, tables_changees

METHODES = ("GET", "POST", "PUT", "PATCH", "DELETE")
LIGNES = toutes_les_lignes()


def _methodes_sans_ligne() -> list[tuple[str, tuple[str, ...]]]:
    avec_ligne: dict[str, set[str]] = defaultdict(set)
    for ligne in LIGNES:
        avec_ligne[ligne.nom].add(ligne.methode)
    sans_ligne = (
        (nom, tuple(m for m in METHODES if m not in avec_ligne[nom]))
        for nom in sorted(noms_des_urls())
    )
    return [(nom, methodes) for nom, methodes in sans_ligne if methodes]


def _modele(nom: str) -> Ligne:
    """The URL's row that the most personas pass (the first one on a tie)."""
    lignes = [ligne for ligne in LIGNES if ligne.nom == nom]
    return max(lignes, key=lambda ligne: sum(map(passe, ligne.attendu.values())))


SANS_LIGNE = _methodes_sans_ligne()


def test_every_url_is_probed_with_the_methods_it_has_no_row_for() -> None:
    # A URL with a row for each of the five methods would leave nothing to probe here; none
    # has, and the list is derived from the resolver, so a new URL is in it at once.
    assert {nom for nom, _ in SANS_LIGNE} == noms_des_urls()


@pytest.mark.parametrize(("nom", "methodes"), SANS_LIGNE, ids=[nom for nom, _ in SANS_LIGNE])
def test_method_without_row_lets_no_persona_through(
    nom: str, methodes: tuple[str, ...], request: pytest.FixtureRequest, client_de: Any
) -> None:
    personnes = PersonnesDe(request)
    modele = _modele(nom)
    url = reverse(nom, kwargs=modele.kwargs(personnes))
    clients = {persona: client_de(personnes[persona]) for persona in PERSONAS}
    avant = empreinte_base()

    ecarts = []
    for methode in methodes:
        for persona, client in clients.items():
            obtenu = issue(getattr(client, methode.lower())(url), None, personnes)
            permis = (405,) if passe(modele.attendu[persona]) else REFUS
            if obtenu not in permis:
                ecarts.append(
                    f"{methode} {persona}: {obtenu}, attendu {' ou '.join(map(str, permis))}"
                )

    assert ecarts == [], "\n".join(ecarts)
    assert tables_changees(avant, empreinte_base()) == []


@pytest.mark.parametrize("methode", ["OPTIONS", "TRACE"])
def test_other_methods_answer_405_before_any_view(methode: str, client: Any) -> None:
    response = client.generic(methode, reverse("account_login"))

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"


def test_put_on_the_login_form_logs_nobody_in(beneficiaire: Any, client: Any) -> None:
    # Django's form views take a PUT as a POST: before bilan/methodes.py this logged in.
    response = client.put(
        reverse("account_login"),
        urlencode({"login": beneficiaire.email, "password": PASSWORD}),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 405
    assert "_auth_user_id" not in client.session
