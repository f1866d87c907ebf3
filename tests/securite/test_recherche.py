"""Hostile input in every search box and filter of every list page (issue 9, point 2).

The list pages are those whose views read ``request.GET``: the consultant's dashboard and
agenda, the administration's bilans, users, destruction register, audit log viewer and RGPD
register (with their CSV exports), and the transition confirmation. Each is sent SQL-looking
text, markup, NUL bytes, huge values and invalid filters; each answers 200 (or the page's
documented 404), never 500, changes nothing, finds nothing it should not, and echoes the
value escaped.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from hypothesis import given

from beneficiaires.models import Beneficiaire, Bilan
from bilan.comptes.models import User
from bilan.conservation.models import DemandeDroit
from tests.securite.hostile import HOSTILE, textes_hostiles

pytestmark = pytest.mark.django_db

SQL = [
    "' OR 1=1 --",
    "' OR '1'='1",
    "'; DROP TABLE beneficiaires_bilan; --",
    '" OR ""="',
    "%",
    "_",
    "%' OR '%'='",
    "\\",
    "1 UNION SELECT password FROM comptes_user",
]
BALISES = ['"><svg onload=alert(1)>', "<script>alert('q')</script>"]
# The junk that breaks parsers and converters: NUL and control characters, bidi, emoji,
# non-ASCII digits, a long value, numbers and dates out of range.
JUNK = [
    "\x00",
    "a\x00b",
    "\x1b[31m\x7f",
    "\u202eevil",
    "👩\u200d💻",
    "²",
    "١٢",
    "x" * 5000,
    "9" * 400,
    "-1",
    "NaN",
    "9999-12-31",
    "0001-01-01",
]
PAGES = ["-1", "0", "abc", "999999999999", "1e309", "9" * 400, "1.5", "\x00", "", "last"]

# (url name, persona fixture, its text filters, its choice filters)
LISTES: list[tuple[str, str, list[str], list[str]]] = [
    ("backoffice:tableau", "consultant", ["q"], ["etat", "financement"]),
    ("administration:bilans", "admin", ["q"], ["etat", "financement", "consultant"]),
    ("administration:utilisateurs", "admin", ["q"], ["role", "actif"]),
    ("administration:conservation_registre", "admin", ["reference"], ["categorie", "du", "au"]),
    ("administration:conservation_registre_csv", "admin", ["reference"], ["categorie", "du"]),
    (
        "administration:journal_liste",
        "admin",
        ["acteur", "evenement", "objet_type", "objet_id"],
        ["du", "au"],
    ),
    ("administration:journal_csv", "admin", ["acteur", "evenement", "objet_id"], ["du"]),
    ("administration:rgpd_demandes", "admin", [], ["ouvertes"]),
    ("backoffice:agenda", "consultant", [], ["vue", "du"]),
]


def _etat() -> dict[str, int]:
    """What a search must not change (the audit log records the viewing itself)."""
    return {m.__name__: m.objects.count() for m in (User, Beneficiaire, Bilan, DemandeDroit)}


@pytest.fixture
def donnees(bilan, admin, demande_rgpd) -> Bilan:
    """One bilan (Sophie Durand, with the persona consultant), one RGPD request."""
    return bilan


@pytest.fixture
def client_pour(client_de, consultant, admin) -> Callable[[str], object]:
    return lambda persona: client_de({"consultant": consultant, "admin": admin}[persona])


def _ok(response) -> str:
    assert response.status_code == 200, response.status_code
    if response.get("Content-Type", "").startswith("text/csv"):
        return b"".join(
            response.streaming_content if response.streaming else [response.content]
        ).decode()
    return response.content.decode()


@pytest.mark.parametrize(
    ("nom", "persona", "textes", "choix"), LISTES, ids=[liste[0] for liste in LISTES]
)
def test_sql_markup_and_junk_in_every_filter_answer_200_and_change_nothing(
    donnees, client_pour, nom: str, persona: str, textes: list[str], choix: list[str]
) -> None:
    client = client_pour(persona)
    url = reverse(nom)
    avant = _etat()
    for parametre in textes:
        for valeur in [*SQL, *BALISES, *JUNK]:
            html = _ok(client.get(url, {parametre: valeur}))
            if valeur in BALISES and not nom.endswith("_csv"):
                assert valeur not in html  # echoed escaped, if at all
    for parametre in choix:
        for valeur in [SQL[0], BALISES[0], *JUNK]:
            _ok(client.get(url, {parametre: valeur}))
    assert _etat() == avant


@pytest.mark.parametrize(
    ("nom", "persona", "textes", "choix"), LISTES, ids=[liste[0] for liste in LISTES]
)
def test_invalid_pages_and_filters_are_handled(
    donnees, client_pour, nom: str, persona: str, textes: list[str], choix: list[str]
) -> None:
    client = client_pour(persona)
    url = reverse(nom)
    for page in PAGES:
        _ok(client.get(url, {"page": page}))
    for parametre in choix:
        for valeur in ["inconnu", "-1", "9999-12-31", "0001-01-01", "31/12/9999", "2026-02-30"]:
            _ok(client.get(url, {parametre: valeur, "page": "2"}))
    # Repeated names: the last value is read, nothing breaks.
    _ok(client.get(f"{url}?page=1&page=abc&{'&'.join(f'{c}=x&{c}=' for c in choix)}"))


@pytest.mark.parametrize("q", SQL)
def test_sql_looking_search_finds_nothing_on_the_dashboard(
    donnees, client_de, consultant, q: str
) -> None:
    client = client_de(consultant)
    assert donnees.reference in _ok(client.get(reverse("backoffice:tableau"), {"q": "Durand"}))
    # LIKE wildcards included: "%" and "_" are searched as characters.
    assert donnees.reference not in _ok(client.get(reverse("backoffice:tableau"), {"q": q}))


@pytest.mark.parametrize("q", SQL)
def test_sql_looking_search_finds_nothing_in_the_administration(
    donnees, client_de, admin, q: str
) -> None:
    client = client_de(admin)
    assert donnees.reference in _ok(client.get(reverse("administration:bilans"), {"q": "Durand"}))
    assert donnees.reference not in _ok(client.get(reverse("administration:bilans"), {"q": q}))
    utilisateurs = _ok(client.get(reverse("administration:utilisateurs"), {"q": q}))
    assert "Durand" not in utilisateurs


def test_the_agenda_at_the_ends_of_the_calendar_answers_200(client_de, consultant) -> None:
    """A week or a month at year 1 or 9999 has no previous or next one: no 500."""
    client = client_de(consultant)
    for vue in ("semaine", "mois"):
        for du in ("0001-01-01", "0001-01-03", "9999-12-31", "9999-12-27"):
            _ok(client.get(reverse("backoffice:agenda"), {"vue": vue, "du": du}))


def test_the_transition_confirmation_refuses_unknown_states_with_404(
    client_de, consultant, bilan
) -> None:
    url = reverse("backoffice:transition_confirmer", args=[bilan.pk])
    for vers in ["' OR 1=1 --", "\x00", "x" * 5000, "", "en_cours'"]:
        assert client_de(consultant).get(url, {"vers": vers}).status_code == 404


@HOSTILE
@given(q=textes_hostiles(200))
def test_any_text_in_the_dashboard_search_answers_200(
    donnees, client_de, consultant, q: str
) -> None:
    html = _ok(client_de(consultant).get(reverse("backoffice:tableau"), {"q": q}))
    if "<" in q:
        assert q not in html
