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
    return f"{valeur:.1f}".replace(".", ",") + " ms"


def table() -> str:
    lignes = [
        "| mesure | conditions | p50 | p95 | requêtes/s | vue nue p50 (rapport) | cible p95 | le |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for chemin in sorted((ROOT / "bench" / "resultats").glob("*.json")):
        r = json.loads(chemin.read_text(encoding="utf-8"))
        page, nue = r["tableau"], r.get("vue_nue")
        reference = f"{_ms(nue['p50_ms'])} (×{r['rapport_p50']})".replace(".", ",") if nue else "—"
        lignes.append(
            f"| {r['titre']} | {r['conditions']}, {r['machine']} | {_ms(page['p50_ms'])} "
            f"| {_ms(page['p95_ms'])} | {page['req_par_s']:.0f} | {reference} "
            f"| {r.get('cible_p95_ms', '—')} ms | {r['mesure_le']} |"
        )
    return "\n".join(lignes)


def main() -> None:
    readme = ROOT / "README.md"
    texte = readme.read_text(encoding="utf-8")
    avant, _, reste = texte.partition(DEBUT)
    _, _, apres = reste.partition(FIN)
    readme.write_text(f"{avant}{DEBUT}\n{table()}\n{FIN}{apres}", encoding="utf-8")


if __name__ == "__main__":
    main()
