"""The accessibility check itself: axe-core reports a page's serious violations (so that
the journeys' silence means clean pages, not a check that never ran)."""

from __future__ import annotations

from typing import Any

from tests.navigateur.accessibilite import attendre_fin

MAUVAISE_PAGE = (
    "<!DOCTYPE html><html><head><title>Essai</title></head><body><main>"
    "<form><input type='text' name='nom'></form>"
    "<p style='color:#bbb;background:#fff'>texte pâle</p></main></body></html>"
)


def test_axe_reports_a_page_with_serious_violations(
    page: Any, accessibilite: Any, live_server
) -> None:
    page.route(
        f"{live_server.url}/essai-accessibilite",
        lambda route: route.fulfill(status=200, content_type="text/html", body=MAUVAISE_PAGE),
    )
    page.goto(f"{live_server.url}/essai-accessibilite")
    attendre_fin(page)
    regles = {v["id"] for v in accessibilite.graves().get("/essai-accessibilite", [])}
    assert {"label", "color-contrast", "html-has-lang"} <= regles
    accessibilite.pages.clear()  # the page was bad on purpose


def test_a_platform_page_is_clean(page: Any, accessibilite: Any, live_server) -> None:
    page.goto(f"{live_server.url}/comptes/login/")
    attendre_fin(page)
    assert "/comptes/login/" in accessibilite.pages
    assert accessibilite.graves() == {}
