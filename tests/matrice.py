"""The permission-matrix harness: every URL of the project, for every persona.

Each app describes its URLs in ``tests/<app>/lignes.py`` as a list ``LIGNES`` of
:class:`Ligne`; this module gathers them all. ``tests/test_matrice.py`` checks every row
for every persona, and fails when a URL pattern of the resolver has no row: a new view
cannot escape the matrix.

Expected outcomes: an HTTP status (200, 403, 404, 405, 429...), ``LOGIN`` (302 to the
login page) or ``Vers("url:name")`` (302 to that page).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PERSONAS = (
    "anonyme",
    # Holds an employer's or funder's signing link and no account: outside that link it is an
    # anonymous visitor (domain.md, The people).
    "employeur",
    "beneficiaire",
    "autre_beneficiaire",
    "consultant",
    "autre_consultant",
    "admin",
    "superuser",
)
CONNECTES = PERSONAS[2:]
LOGIN = "LOGIN"


@dataclass(frozen=True)
class Vers:
    """A 302 to the named page; ``kwargs`` may be computed from the personas (an object's id)."""

    nom: str
    kwargs: dict[str, Any] | Callable[[Any], dict[str, Any]] = field(default_factory=dict)

    def url_kwargs(self, personnes: Any) -> dict[str, Any]:
        return self.kwargs(personnes) if callable(self.kwargs) else self.kwargs


Attendu = int | str | Vers
Personnes = Any  # lazy access to the persona fixtures: personnes["beneficiaire"]


@dataclass(frozen=True)
class Ligne:
    nom: str
    attendu: dict[str, Attendu]
    methode: str = "GET"
    kwargs: Callable[[Personnes], dict[str, Any]] = lambda p: {}
    donnees: Callable[[Personnes], dict[str, Any]] = lambda p: {}
    note: str = ""

    def __post_init__(self) -> None:
        missing = set(PERSONAS) - set(self.attendu)
        if missing:
            raise ValueError(f"{self.nom} {self.methode}: no outcome for {sorted(missing)}")

    @property
    def ident(self) -> str:
        return f"{self.methode} {self.nom}{' ' + self.note if self.note else ''}"


# The outcomes that stop a persona before the view's work.
REFUS = (LOGIN, 403, 404, 405)


def passe(attendu: Attendu) -> bool:
    """The persona reaches the view's work (a page, a redirect elsewhere than the login, a
    400 of bad input, a 410 of a used link...), rather than being stopped."""
    return all(attendu != refus for refus in REFUS)


def tous(valeur: Attendu, **autres: Attendu) -> dict[str, Attendu]:
    """The same outcome for every persona, except those named.

    The employer-link holder gets the anonymous visitor's outcome unless named.
    """
    resultat = {p: autres.get(p, valeur) for p in PERSONAS}
    if "employeur" not in autres:
        resultat["employeur"] = resultat["anonyme"]
    return resultat


def connectes(valeur: Attendu, anonyme: Attendu = LOGIN, **autres: Attendu) -> dict[str, Attendu]:
    """``valeur`` for every logged-in persona; anonymous users go to the login page."""
    return tous(valeur, anonyme=anonyme, **autres)


def reserve(autorises: dict[str, Attendu], refus: Attendu = 403) -> dict[str, Attendu]:
    """Only ``autorises`` pass; other logged-in personas get ``refus``; anonymous: login."""
    return tous(refus, anonyme=LOGIN, **autorises)


ADMINISTRATEURS = ("admin", "superuser")
CONSULTANTS = ("consultant", "autre_consultant")
BENEFICIAIRES = ("beneficiaire", "autre_beneficiaire")


def pour(personas: tuple[str, ...], valeur: Attendu) -> dict[str, Attendu]:
    return {p: valeur for p in personas}


class PersonnesDe:
    """The persona fixtures, asked for only when a row needs them: ``personnes["bilan"]``."""

    def __init__(self, request: Any) -> None:
        self._request = request

    def __getitem__(self, persona: str) -> Any:
        return self._request.getfixturevalue(persona)


def issue(response: Any, expected: Any, personnes: Any) -> Any:
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


def toutes_les_lignes() -> list[Ligne]:
    """Every row of every ``tests/<app>/lignes.py`` (which may gather ``lignes_*.py``)."""
    rows: list[Ligne] = []
    root = Path(__file__).parent
    for info in pkgutil.iter_modules([str(root)]):
        if info.ispkg and (root / info.name / "lignes.py").exists():
            rows.extend(importlib.import_module(f"tests.{info.name}.lignes").LIGNES)
    return rows


def noms_des_urls() -> set[str]:
    """Every named URL pattern of the project, from the resolver (namespaced)."""
    return set(_walk(get_resolver().url_patterns, None))


def patterns_nommes() -> dict[str, URLPattern]:
    """Every named URL pattern of the project, by its namespaced name."""
    return dict(_walk_patterns(get_resolver().url_patterns, None))


def patterns_sans_nom() -> list[str]:
    return [str(p.pattern) for p in _all_patterns(get_resolver().url_patterns) if not p.name]


def _walk(patterns: list[Any], namespace: str | None) -> Iterator[str]:
    for nom, _ in _walk_patterns(patterns, namespace):
        yield nom


def _walk_patterns(patterns: list[Any], namespace: str | None) -> Iterator[tuple[str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace]))
            yield from _walk_patterns(p.url_patterns, ns or None)
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{namespace}:{p.name}" if namespace else p.name), p


def _all_patterns(patterns: list[Any]) -> Iterator[URLPattern]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _all_patterns(p.url_patterns)
        else:
            yield p
