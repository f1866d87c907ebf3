"""A permanent guard over the platform's templates: a link is never announced as a button.

A link carrying role="button" is read out as a button by screen readers and does not
follow on the Space key, while it navigates like any link (WCAG 4.1.2, name, role, value).
Links that should look like buttons carry the `bouton` class (static/css/app.css) instead;
real actions stay <button> elements.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines

# An opening <a> tag, over several lines if need be, with a role of button in any quoting.
LINK_AS_BUTTON = re.compile(
    r"""<a\b[^>]*?\srole\s*=\s*(?:"\s*button\s*"|'\s*button\s*'|button\b)""",
    re.IGNORECASE,
)


def platform_templates() -> list[Path]:
    """Every template file the platform ships: the project's directory and its apps'
    (third-party packages' templates are not ours to change)."""
    base = Path(settings.BASE_DIR).resolve()
    dirs = {Path(d).resolve() for d in engines["django"].template_dirs}
    ours = [d for d in dirs if d.is_relative_to(base) and ".venv" not in d.parts]
    return sorted(p for d in ours for p in d.rglob("*.html"))


def links_as_buttons(text: str) -> list[int]:
    """The line numbers of the <a> tags of ``text`` that carry role="button"."""
    return [text.count("\n", 0, m.start()) + 1 for m in LINK_AS_BUTTON.finditer(text)]


def test_templates_no_link_carries_role_button() -> None:
    templates = platform_templates()
    assert Path(settings.BASE_DIR, "templates", "base.html").resolve() in templates
    fautes = [
        f"{p.relative_to(settings.BASE_DIR)}:{ligne}"
        for p in templates
        for ligne in links_as_buttons(p.read_text(encoding="utf-8"))
    ]
    assert fautes == []


@pytest.mark.parametrize(
    ("html", "lines"),
    [
        ('<a href="/x/" role="button">Go</a>', [1]),
        ("<p>\n<a href='/x/'\n   class=\"secondary\" ROLE='button'>Go</a>", [2]),
        ("<a role=button href=/x/>Go</a>", [1]),
        ('<a href="/x/" class="bouton">Go</a>', []),
        ('<button type="submit">Go</button>', []),
        ('<div role="button">Go</div>', []),
        ('<abbr role="button">Go</abbr>', []),
        ('<a href="/x/">Go</a> <span role="button">Go</span>', []),
    ],
)
def test_links_as_buttons_finds_role_button_on_a_tags_only(html: str, lines: list[int]) -> None:
    assert links_as_buttons(html) == lines
