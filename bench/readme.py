"""Rebuild the README's load-benchmark table from ``bench/resultats/*.json``.

The table sits between the ``<!-- mesures:debut -->`` and ``<!-- mesures:fin -->`` markers;
each benchmark of ``bench/`` writes its own file, so a figure in the README is always one a
run produced.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEBUT, FIN = "<!-- mesures:debut -->", "<!-- mesures:fin -->"


def _ms(valeur: float) -> str:
    if valeur >= 10_000:
        return f"{valeur / 1000:.1f}".replace(".", ",") + " s"
    return f"{valeur:.1f}".replace(".", ",") + " ms"


def _ligne_charge(r: dict) -> str:
    """A load benchmark: pages under concurrent users, with the bare view as reference."""
    page, nue = r["tableau"], r.get("vue_nue")
    reference = (
        f"vue nue {_ms(nue['p50_ms'])} (×{r['rapport_p50']})".replace(".", ",") if nue else "—"
    )
    return (
        f"| {r['titre']} | {r['conditions']}, {r['machine']} | {_ms(page['p50_ms'])} "
        f"| {_ms(page['p95_ms'])} | {page['req_par_s']:.0f} pages/s | {reference} "
        f"| p95 ≤ {r.get('cible_p95_ms', '—')} ms | {r['mesure_le']} |"
    )


def _ligne_duree(r: dict) -> str:
    """A timed piece of work (a PDF, a daily job): p50/p95 or one duration, and its target.

    Keys: titre, conditions, p50_ms and p95_ms (or duree_ms), debit (text, optional),
    reference (text, optional), cible (text), ecart (text, when the target is missed).
    """
    if "duree_ms" in r:
        p50, p95 = _ms(r["duree_ms"]), "—"
    else:
        p50, p95 = _ms(r["p50_ms"]), _ms(r["p95_ms"])
    cible = r.get("cible", "—")
    if r.get("ecart"):
        cible = f"{cible} — non tenue : {r['ecart']}"
    return (
        f"| {r['titre']} | {r['conditions']}, {r['machine']} | {p50} | {p95} "
        f"| {r.get('debit', '—')} | {r.get('reference', '—')} | {cible} | {r['mesure_le']} |"
    )


def table() -> str:
    lignes = [
        "| mesure | conditions | p50 | p95 | débit | référence | cible | le |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for chemin in sorted((ROOT / "bench" / "resultats").glob("*.json")):
        r = json.loads(chemin.read_text(encoding="utf-8"))
        lignes.append(_ligne_charge(r) if "tableau" in r else _ligne_duree(r))
    return "\n".join(lignes)


def main() -> None:
    readme = ROOT / "README.md"
    texte = readme.read_text(encoding="utf-8")
    avant, _, reste = texte.partition(DEBUT)
    _, _, apres = reste.partition(FIN)
    readme.write_text(f"{avant}{DEBUT}\n{table()}\n{FIN}{apres}", encoding="utf-8")


if __name__ == "__main__":
    main()
