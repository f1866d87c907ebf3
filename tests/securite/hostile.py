"""Hostile values shared by the security tests (issue 9, point 2): what an attacker, a broken
client or a clumsy paste sends to a form, a service, a search box or a filter."""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Few examples per property, no deadline (SQLite and PostgreSQL on a shared machine), and the
# Django fixtures are built once per test function: they are read-only for the properties.
settings.register_profile(
    "hostile",
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HOSTILE = settings.get_profile("hostile")

TEXTES_HOSTILES: list[str] = [
    "",
    " ",
    "\x00",
    "Durand\x00",
    "a\x00b\x00c",
    "\x01\x02\x07\x08\x1b[31m\x7f",
    "\r\n\t\v\f",
    "\u202eelbisivni\u202c",  # right-to-left override
    "\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd",  # Arabic and Hebrew
    "👩\u200d💻🔥🏳️\u200d🌈",
    "e" + "\u0301" * 200,  # combining accents piled up
    "\ufeff\u200b\u2028\u2029",
    "' OR 1=1 --",
    "'; DROP TABLE beneficiaires_bilan; --",
    '" OR ""="',
    "1; SELECT pg_sleep(5)",
    "%' AND 1=0 UNION SELECT password FROM comptes_user --",
    "\\x27\\x00%00%27",
    "<script>alert(1)</script>",
    "{{ request }}{% debug %}",
    "%(nom)s %s %d {0}",
    "../../etc/passwd",
    "x" * 100_000,
    "9" * 5_000,
    "-1",
    "0",
    "-0",
    "-999999999999999999999999",
    "99999999999999999999",
    "1e309",
    "1E+100",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "sNaN",
    "0x1F",
    "1_000",
    "１２３",  # full-width digits
    "12,50",
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "2026-02-30",
    "31/12/9999",
    "-2026-01-01",
    "25:61",
    "23:59:60",
    "None",
    "null",
    "true",
    "[]",
    "{}",
    "a@b",
    "@@@",
    "x" * 300 + "@exemple.test",
    "javascript:alert(1)",
    "file:///etc/passwd",
]

# English markers of Django's defaults: a message left untranslated contains one of them.
MARQUEURS_ANGLAIS = (
    "This field",
    "This value",
    "Enter a",
    "Ensure this",
    "Ensure that",
    "Select a valid",
    "is not a valid",
    "is not one of",
    "Null characters",
    "The submitted",
    "No file was submitted",
    "is required",
    "Invalid ",
    "must be",
    "Please ",
    "data is missing",
    "Upload a valid",
    "has invalid",
    "does not exist",
)


def textes_hostiles(max_size: int = 300) -> st.SearchStrategy[str]:
    """One hostile value: from the list, or any unicode text (surrogates cannot travel)."""
    texte = st.text(st.characters(exclude_categories=("Cs",)), max_size=max_size)
    return st.one_of(st.sampled_from(TEXTES_HOSTILES), texte)


def messages_anglais(messages: Iterable[str]) -> list[str]:
    return [m for m in messages if any(marqueur in m for marqueur in MARQUEURS_ANGLAIS)]
