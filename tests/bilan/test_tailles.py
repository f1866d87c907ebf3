"""File sizes in French units (« Ko », « Mo »), not Django's « Kio »."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from bilan.templatetags.tailles import taille


@pytest.mark.parametrize(
    ("octets", "attendu"),
    [
        (None, "0 octet"),
        (1, "1 octet"),
        (850, "850 octets"),
        (1024, "1,0 Ko"),
        (1536, "1,5 Ko"),
        (10 * 1024 * 1024, "10,0 Mo"),
        (3 * 1024**3, "3,0 Go"),
    ],
)
def test_taille_writes_french_units(octets, attendu) -> None:
    with translation.override("fr"):
        assert taille(octets) == attendu


def test_taille_filter_in_a_template() -> None:
    with translation.override("fr"):
        html = Template("{% load tailles %}{{ n|taille }}").render(Context({"n": 2048}))
    assert html == "2,0 Ko"
    assert "Kio" not in html
