"""Real-browser tests: Debian's Chromium, headless, no network, a screenshot on failure.

The browser is the system one (/usr/bin/chromium): `playwright install` is never run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API keeps an event loop running in the main thread for the whole
# session once the browser is started; Django then refuses the ORM calls of the test
# code (factories, the audit-log fixture) as if they came from async code. They do not:
# the flag only lifts that check, for the test process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's options (--headed, --slowmo…), on Debian's Chromium."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": browser_type_launch_args.get("headless", True),
    }


@pytest.fixture(autouse=True)
def _capture_d_ecran_si_echec(request: pytest.FixtureRequest, accessibilite: Any) -> Iterator[None]:
    """On a failed test, the page as it was is saved under test-results/ (or --output).

    pytest-playwright's own `--screenshot only-on-failure` does the same when passed on
    the command line; this one needs no option. The `page` fixture is taken here so that
    this teardown runs before the page is closed.
    """
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    destination = Path(request.getfixturevalue("output_path")) / "echec.png"
    yield
    rep_call = getattr(request.node, "rep_call", None)  # set by pytest-playwright's hook
    if rep_call is None or not rep_call.failed:
        return
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=destination, full_page=True, timeout=5000)
    except Exception as exc:  # a missing screenshot must not hide the test's own failure
        request.node.add_report_section("teardown", "capture", f"Capture impossible : {exc}")
    else:
        request.node.add_report_section("teardown", "capture", f"Capture : {destination}")


@pytest.fixture(autouse=True)
def accessibilite(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """axe-core runs on every page load of every browser context of the test; a serious or
    critical violation fails the test (tests/navigateur/accessibilite.py)."""
    from playwright.sync_api import Browser, BrowserContext

    from tests.navigateur.accessibilite import INIT, Rapports, attendre_fin

    rapports = Rapports()
    ouvrir, fermer = Browser.new_context, BrowserContext.close

    def new_context(self: Browser, *args: Any, **kwargs: Any) -> BrowserContext:
        context = ouvrir(self, *args, **kwargs)
        context.expose_binding("__axeRapport", rapports.recevoir)
        context.add_init_script(INIT)
        return context

    def close(self: BrowserContext, *args: Any, **kwargs: Any) -> None:
        for page in self.pages:
            attendre_fin(page)
        fermer(self, *args, **kwargs)

    monkeypatch.setattr(Browser, "new_context", new_context)
    monkeypatch.setattr(BrowserContext, "close", close)
    yield rapports  # contexts are closed before the end: their pages' last reports are in
    request.node.add_report_section(
        "teardown", "axe", f"{len(rapports.pages)} page(s) vérifiée(s) : {sorted(rapports.pages)}"
    )
    rep_call = getattr(request.node, "rep_call", None)
    if rep_call is not None and rep_call.passed and rapports.graves():
        pytest.fail("Accessibilité (axe-core), violations graves :\n" + rapports.resume())


# The three people of the journeys and the tasks their pages enqueue (parcours_support.py).
from tests.navigateur.parcours_support import parcours, taches  # noqa: E402, F401
