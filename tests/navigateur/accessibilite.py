"""axe-core on every page the browser journeys open (issue: proof by use, accessibility).

Each browser context gets axe-core as an init script: on every page load, axe runs in the
page and reports its serious and critical violations to the test through an exposed
binding; the test fails at its end if any page had one. Playwright injects the script
outside the page's Content-Security-Policy, which the pages keep unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import axe_playwright_python

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()

# WCAG 2.1 A and AA plus axe's best practices; only serious and critical impacts fail.
INIT = (
    AXE_JS
    + """
;(() => {
  if (window.top !== window) return;
  window.__axeFini = false;
  window.addEventListener("load", () => {
    axe.run(document, {
      resultTypes: ["violations"],
      runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    }).then((r) => {
      const graves = r.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => ({id: v.id, impact: v.impact, aide: v.help,
                      cibles: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}));
      return window.__axeRapport(location.pathname + location.search, graves);
    }).catch(() => {}).finally(() => { window.__axeFini = true; });
  });
})();
"""
)


@dataclass
class Rapports:
    pages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def recevoir(self, source: Any, url: str, violations: list[dict[str, Any]]) -> None:
        self.pages.setdefault(url, [])
        for v in violations:
            if v not in self.pages[url]:
                self.pages[url].append(v)

    def graves(self) -> dict[str, list[dict[str, Any]]]:
        return {url: v for url, v in self.pages.items() if v}

    def resume(self) -> str:
        lignes = []
        for url, violations in self.graves().items():
            for v in violations:
                lignes.append(f"{url} : [{v['impact']}] {v['id']} — {v['aide']} — {v['cibles']}")
        return "\n".join(lignes)


def attendre_fin(page: Any) -> None:
    """Let axe finish on the page before it is closed (its last report must arrive).

    A page never navigated (about:blank: a journey's employer who had nothing to sign)
    gets no load event after the init script: nothing to wait for, or the close would wait
    the whole 15 s.
    """
    if page.url == "about:blank":
        return
    try:
        page.wait_for_function("() => window.__axeFini !== false", timeout=15000)
    except Exception:  # noqa: BLE001, S110  (a closed page, a download, a crashed one: no report)
        pass
