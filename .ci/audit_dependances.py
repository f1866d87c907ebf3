#!/usr/bin/env python3
"""Audit of the installed Python environment against known vulnerabilities.

First pip-audit, live, when one of its services answers (the PyPI JSON API or OSV); then,
always, an offline audit against the committed snapshot of the PyPA advisory database
(.ci/avis/pypa-advisory-database.json, OSV records). A vulnerability fails the run unless
.ci/avis/exceptions.toml holds a documented exception for it whose review date has not
passed. SECURITY.md ("Dépendances") says what runs, where the snapshot comes from and how to
refresh it.

    python .ci/audit_dependances.py                  # the audit (make audit)
    python .ci/audit_dependances.py --hors-ligne     # the offline audit only
    python .ci/audit_dependances.py --instantane DIR # rebuild the snapshot from a checkout
                                                     # of github.com/pypa/advisory-database
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

RACINE = Path(__file__).resolve().parent.parent
AVIS = RACINE / ".ci" / "avis" / "pypa-advisory-database.json"
EXCEPTIONS = RACINE / ".ci" / "avis" / "exceptions.toml"
PROJET = "bilan-plateforme"
DELAI_SONDE = 5.0  # seconds: a service that does not answer by then is unreachable
DELAI_PIP_AUDIT = 120.0


def normalize(name: str) -> str:
    """PEP 503 name, the form the advisory database uses for its folders."""
    return re.sub(r"[-_.]+", "-", name).lower()


# --- OSV evaluation -------------------------------------------------------------------------


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


# OSV range type ECOSYSTEM; some stored records are protobuf dumps where it is the number 3,
# where every event carries all four fields (empty but one), and last_affected is spelled
# lastaffected.
ECOSYSTEM = ("ECOSYSTEM", 3)


def _events(range_: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(kind, version) of an ECOSYSTEM range, whatever form the record was stored in."""
    if range_.get("type") not in ECOSYSTEM:
        return []
    found = []
    for event in range_.get("events", []):
        for kind in ("introduced", "fixed", "last_affected", "lastaffected"):
            if event.get(kind) not in (None, ""):
                found.append((kind.replace("lastaffected", "last_affected"), str(event[kind])))
    return found


def _range_affects(version: Version, events: list[tuple[str, str]]) -> bool:
    """OSV evaluation of one ECOSYSTEM range: events sorted by version, last match wins."""
    order = {"introduced": 0, "fixed": 1, "last_affected": 2}
    keyed = []
    for kind, text in events:
        bound = Version("0") if text == "0" else _version(text)
        if bound is not None:
            keyed.append((bound, order[kind], kind))
    affected = False
    for bound, _order, kind in sorted(keyed):
        if kind == "introduced" and version >= bound:
            affected = True
        elif kind == "fixed" and version >= bound:
            affected = False
        elif kind == "last_affected" and version > bound:
            affected = False
    return affected


def affects(version: str, affected: Mapping[str, Any]) -> bool:
    """True when `version` falls in one of the ECOSYSTEM ranges or in the versions list."""
    parsed = _version(version)
    if parsed is None:
        return version in affected.get("versions", [])
    listed = {_version(str(v)) for v in affected.get("versions", [])}
    if parsed in listed:
        return True
    return any(_range_affects(parsed, _events(r)) for r in affected.get("ranges", []))


def fixed_versions(affected: Mapping[str, Any]) -> list[str]:
    found = {v for r in affected.get("ranges", []) for kind, v in _events(r) if kind == "fixed"}
    return sorted(found, key=lambda v: _version(v) or Version("0"))


@dataclass(frozen=True)
class Vulnerabilite:
    id: str
    paquet: str
    version: str
    corrigee_en: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    source: str = "instantané"

    def ligne(self) -> str:
        fix = ", ".join(self.corrigee_en) or "aucune version corrigée connue"
        alias = f" ({', '.join(self.aliases)})" if self.aliases else ""
        return f"{self.id}{alias} : {self.paquet} {self.version}, corrigée en {fix} [{self.source}]"


def _withdrawn_names(avis: Iterable[Mapping[str, Any]]) -> set[str]:
    """Ids and aliases of withdrawn records: every copy of a withdrawn advisory is withdrawn."""
    names: set[str] = set()
    for record in avis:
        if record.get("withdrawn"):
            names.add(record["id"])
            names.update(record.get("aliases", []))
    return names


def vulnerabilites(
    installes: Mapping[str, str], avis: Iterable[Mapping[str, Any]]
) -> tuple[list[Vulnerabilite], list[str]]:
    """(vulnerabilities of the installed versions, ids set aside because withdrawn)."""
    avis = list(avis)
    retires = _withdrawn_names(avis)
    trouvees: list[Vulnerabilite] = []
    ecartes: list[str] = []
    for record in avis:
        noms = {record["id"], *record.get("aliases", [])}
        for affected in record.get("affected", []):
            package = affected.get("package", {})
            if package.get("ecosystem") != "PyPI":
                continue
            nom = normalize(package.get("name", ""))
            if nom not in installes or not affects(installes[nom], affected):
                continue
            if noms & retires:
                ecartes.append(record["id"])
                continue
            trouvees.append(
                Vulnerabilite(
                    id=record["id"],
                    paquet=nom,
                    version=installes[nom],
                    corrigee_en=tuple(fixed_versions(affected)),
                    aliases=tuple(record.get("aliases", [])),
                )
            )
    return trouvees, sorted(set(ecartes))


# --- exceptions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Derogation:
    id: str
    paquet: str
    raison: str
    date: dt.date
    revoir_avant: dt.date


def charger_exceptions(path: Path = EXCEPTIONS) -> list[Derogation]:
    """The documented exceptions; a malformed one stops the audit (ValueError)."""
    if not path.exists():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    exceptions = []
    for entry in data.get("exception", []):
        missing = {"id", "paquet", "raison", "date", "revoir_avant"} - set(entry)
        if missing or not str(entry.get("raison", "")).strip():
            raise ValueError(f"exception incomplète {entry.get('id', '?')} : {sorted(missing)}")
        if not isinstance(entry["date"], dt.date) or not isinstance(entry["revoir_avant"], dt.date):
            raise ValueError(f"exception {entry['id']} : date et revoir_avant sont des dates")
        exceptions.append(
            Derogation(
                id=entry["id"],
                paquet=normalize(entry["paquet"]),
                raison=entry["raison"].strip(),
                date=entry["date"],
                revoir_avant=entry["revoir_avant"],
            )
        )
    return exceptions


def exception_pour(
    vuln: Vulnerabilite, exceptions: Iterable[Derogation], today: dt.date
) -> Derogation | None:
    """The exception that still covers `vuln` today (matched on its id or one alias)."""
    noms = {vuln.id, *vuln.aliases}
    for exc in exceptions:
        if exc.id in noms and exc.paquet == vuln.paquet and today <= exc.revoir_avant:
            return exc
    return None


# --- the installed environment --------------------------------------------------------------


def distributions_installees(chemins: list[str] | None = None) -> dict[str, str]:
    """{normalized name: version} of the environment, first on the path wins (as import does)."""
    installes: dict[str, str] = {}
    for dist in importlib.metadata.distributions(path=chemins or sys.path):
        name = dist.metadata["Name"]
        if name and normalize(name) not in installes:
            installes[normalize(name)] = dist.version
    installes.pop(PROJET, None)
    return installes


# --- pip-audit, live ------------------------------------------------------------------------


def _sonde(url: str, body: bytes | None = None) -> bool:
    # Fixed https:// URLs built here, never from input.
    entetes = {"Content-Type": "application/json"}
    request = urllib.request.Request(url, data=body, headers=entetes)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=DELAI_SONDE) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, TimeoutError, OSError):
        return False


def services_joignables(installes: Mapping[str, str]) -> list[str]:
    """pip-audit services that answer for a package we have ('pypi', 'osv'), probed at once."""
    nom, version = next(iter(sorted(installes.items())), ("pip", "0"))
    requete = json.dumps({"package": {"name": nom, "ecosystem": "PyPI"}, "version": version})
    sondes = {
        "pypi": (f"https://pypi.org/pypi/{nom}/{version}/json", None),
        "osv": ("https://api.osv.dev/v1/query", requete.encode()),
    }
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        reponses = {name: pool.submit(_sonde, *args) for name, args in sondes.items()}
        return [name for name, future in reponses.items() if future.result()]


@dataclass
class ResultatPipAudit:
    service: str
    vulnerabilites: list[Vulnerabilite] = field(default_factory=list)
    non_audites: list[str] = field(default_factory=list)


def pip_audit(service: str) -> ResultatPipAudit | str:
    """pip-audit on this environment; a string says why it could not give a full answer."""
    commande = [sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner"]
    commande += ["off", "--timeout", str(int(DELAI_SONDE)), "--skip-editable", "-s", service]
    try:
        fini = subprocess.run(  # noqa: S603
            commande, capture_output=True, text=True, timeout=DELAI_PIP_AUDIT, check=False
        )
    except subprocess.TimeoutExpired:
        return f"pip-audit ({service}) n'a pas fini en {DELAI_PIP_AUDIT:.0f} s"
    return lire_pip_audit(service, fini.stdout, fini.stderr)


def lire_pip_audit(service: str, sortie: str, erreurs: str = "") -> ResultatPipAudit | str:
    """pip-audit's JSON report; a dependency it skipped counts as not audited (it still
    says "No known vulnerabilities found" when its service answers 404 for everything)."""
    try:
        rapport = json.loads(sortie)
    except json.JSONDecodeError:
        return f"pip-audit ({service}) a échoué : {erreurs.strip()[-300:]}"
    resultat = ResultatPipAudit(service=service)
    for dep in rapport.get("dependencies", []):
        nom = normalize(dep["name"])
        if "skip_reason" in dep:
            if nom != PROJET:
                resultat.non_audites.append(f"{nom} ({dep['skip_reason']})")
            continue
        for vuln in dep.get("vulns", []):
            resultat.vulnerabilites.append(
                Vulnerabilite(
                    id=vuln["id"],
                    paquet=nom,
                    version=dep["version"],
                    corrigee_en=tuple(vuln.get("fix_versions", [])),
                    aliases=tuple(vuln.get("aliases", [])),
                    source=f"pip-audit/{service}",
                )
            )
    return resultat


# --- the snapshot ---------------------------------------------------------------------------


def charger_instantane(path: Path = AVIS) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def hors_couverture(installes: Mapping[str, str], instantane: Mapping[str, Any]) -> list[str]:
    """Installed distributions the snapshot says nothing about (a refresh is due)."""
    paquets = instantane.get("paquets", {})
    return sorted(nom for nom in installes if nom not in paquets)


def couverture_partielle(installes: Mapping[str, str], instantane: Mapping[str, Any]) -> list[str]:
    """Packages the snapshot covers only in part, or not at the version installed."""
    lignes = []
    for nom, info in sorted(instantane.get("paquets", {}).items()):
        if nom not in installes:
            continue
        version = _version(installes[nom])
        couvre = SpecifierSet(info.get("couvre", ""))
        if info.get("partiel"):
            lignes.append(f"{nom} {installes[nom]} : {info.get('note', '')}")
        elif version is not None and not couvre.contains(version, prereleases=True):
            lignes.append(
                f"{nom} {installes[nom]} : fichiers non lus jugés pour {couvre} seulement, "
                "version hors de cette plage"
            )
    non_consultes = [
        nom
        for nom, info in sorted(instantane.get("paquets", {}).items())
        if nom in installes and info.get("miroir") == "non consulté"
    ]
    if non_consultes:
        lignes.append(
            f"{len(non_consultes)} paquets cherchés dans la copie PyPA seulement, pas dans son "
            f"miroir : {', '.join(non_consultes)}"
        )
    return lignes


def alleger(record: dict[str, Any]) -> dict[str, Any]:
    """The record without what the audit cannot use or would read twice: GIT ranges (commit
    hashes), and the listed versions the ECOSYSTEM ranges already cover."""
    for affected in record.get("affected", []):
        affected["ranges"] = [r for r in affected.get("ranges", []) if _events(r)]
        ranges_only = {**affected, "versions": []}
        affected["versions"] = [
            v for v in affected.get("versions", []) if not affects(str(v), ranges_only)
        ]
    return record


def construire_instantane(base: Path, installes: Mapping[str, str], today: dt.date) -> dict:
    """Snapshot of every advisory of the installed packages in a pypa/advisory-database checkout."""
    import yaml  # dev dependency; only the refresh needs it

    commit = subprocess.run(  # noqa: S603
        [shutil.which("git") or "git", "-C", str(base), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    paquets: dict[str, dict[str, Any]] = {}
    avis = []
    for nom in sorted(installes):
        fichiers = sorted((base / "vulns" / nom).glob("*.yaml"))
        paquets[nom] = {"dossier": bool(fichiers), "lus": [f.stem for f in fichiers]}
        for fichier in fichiers:
            record = alleger(yaml.safe_load(fichier.read_text(encoding="utf-8")))
            record["_source"] = {
                "depot": "pypa/advisory-database",
                "chemin": f"vulns/{nom}/{fichier.name}",
                "commit": commit,
            }
            avis.append(record)
    return {
        "source": "https://github.com/pypa/advisory-database",
        "date": today.isoformat(),
        "commits": [commit],
        "copie": (
            f"Checkout of pypa/advisory-database at commit {commit}, read on {today}: every "
            "vulns/<paquet>/ file of the installed packages. Its age is that of this commit."
        ),
        "format": (
            "OSV records as the database holds them (YAML read, written as JSON), without GIT "
            "ranges and without the listed versions their ECOSYSTEM ranges already cover."
        ),
        "paquets": paquets,
        "avis": avis,
    }


# --- the audit ------------------------------------------------------------------------------


@dataclass
class Rapport:
    sources: list[str] = field(default_factory=list)
    remarques: list[str] = field(default_factory=list)
    bloquantes: list[Vulnerabilite] = field(default_factory=list)
    excusees: list[tuple[Vulnerabilite, Derogation]] = field(default_factory=list)
    hors_couverture: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        # A package outside the snapshot is printed, not fatal: a fresh install may pull a new
        # transitive dependency between two refreshes, and CI must not fail for that alone.
        return not self.bloquantes

    def texte(self) -> str:
        lignes = [f"Audit des dépendances : {', '.join(self.sources)}"]
        lignes += [f"  note : {r}" for r in self.remarques]
        lignes += [f"  VULNÉRABLE : {v.ligne()}" for v in self.bloquantes]
        lignes += [
            f"  exception : {v.ligne()} — {e.raison} (du {e.date}, à revoir avant le "
            f"{e.revoir_avant})"
            for v, e in self.excusees
        ]
        lignes += [
            f"  hors instantané, non audité : {nom} (rafraîchir .ci/avis, voir SECURITY.md)"
            for nom in self.hors_couverture
        ]
        lignes.append(
            "Résultat : " + ("aucune vulnérabilité non excusée." if self.ok else "ÉCHEC.")
        )
        return "\n".join(lignes)


def auditer(
    installes: Mapping[str, str],
    instantane: Mapping[str, Any],
    exceptions: list[Derogation],
    today: dt.date,
    en_ligne: bool = True,
) -> Rapport:
    rapport = Rapport()
    trouvees, ecartes = vulnerabilites(installes, instantane.get("avis", []))
    rapport.sources.append(f"instantané PyPA du {instantane.get('date', '?')}")
    if ecartes:
        rapport.remarques.append(f"avis retirés en amont, écartés : {', '.join(ecartes)}")
    if en_ligne:
        services = services_joignables(installes)
        if not services:
            rapport.remarques.append(
                "pip-audit non lancé : ni l'API JSON de PyPI ni api.osv.dev ne répondent"
            )
        for service in services:
            resultat = pip_audit(service)
            if isinstance(resultat, str):
                rapport.remarques.append(resultat)
                continue
            # What it found counts even when it skipped packages; a partial answer is no source.
            trouvees += resultat.vulnerabilites
            if resultat.non_audites:
                rapport.remarques.append(
                    f"pip-audit ({service}) incomplet, {len(resultat.non_audites)} paquets non "
                    f"audités, par exemple {resultat.non_audites[0]}"
                )
            else:
                rapport.sources.insert(0, f"pip-audit ({service})")
    rapport.remarques += [
        f"couverture partielle : {ligne}" for ligne in couverture_partielle(installes, instantane)
    ]
    vues: set[tuple[str, str]] = set()
    for vuln in trouvees:
        if (vuln.id, vuln.paquet) in vues:
            continue
        vues.add((vuln.id, vuln.paquet))
        exc = exception_pour(vuln, exceptions, today)
        if exc:
            rapport.excusees.append((vuln, exc))
        else:
            rapport.bloquantes.append(vuln)
    rapport.hors_couverture = hors_couverture(installes, instantane)
    return rapport


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hors-ligne", action="store_true", help="sans pip-audit")
    parser.add_argument("--instantane", type=Path, help="checkout de pypa/advisory-database")
    args = parser.parse_args(argv)
    today = dt.date.today()
    installes = distributions_installees()
    if args.instantane:
        instantane = construire_instantane(args.instantane, installes, today)
        texte = json.dumps(instantane, indent=1, ensure_ascii=False, default=str)
        AVIS.write_text(texte + "\n", encoding="utf-8")
        print(f"{AVIS.relative_to(RACINE)} : {len(instantane['avis'])} avis, {today}.")
        return 0
    rapport = auditer(
        installes, charger_instantane(), charger_exceptions(), today, not args.hors_ligne
    )
    print(rapport.texte())
    return 0 if rapport.ok else 1


if __name__ == "__main__":
    sys.exit(main())
