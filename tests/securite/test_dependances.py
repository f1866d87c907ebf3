"""Dependencies: no known vulnerability in the installed environment, versions bounded.

The audit is .ci/audit_dependances.py (SECURITY.md, "Dépendances"): pip-audit when one of its
services answers, and always the committed PyPA snapshot (.ci/avis/). These tests run the real
audit on the environment that runs the suite, and prove the OSV evaluation on a synthetic
advisory.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement

RACINE = Path(__file__).resolve().parents[2]


def _charger_audit() -> ModuleType:
    # .ci is not a package: load the script itself, the one `make audit` runs.
    spec = importlib.util.spec_from_file_location(
        "audit_dependances", RACINE / ".ci" / "audit_dependances.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


audit = _charger_audit()
AUJOURDHUI = dt.date(2026, 11, 24)

SYNTHETIQUE = {
    "id": "TEST-2026-1",
    "aliases": ["CVE-2099-0001"],
    "affected": [
        {
            "package": {"name": "Exemple_Paquet", "ecosystem": "PyPI"},
            "ranges": [
                {"type": "GIT", "events": [{"introduced": "0"}, {"fixed": "a1b2c3"}]},
                {
                    "type": "ECOSYSTEM",
                    "events": [
                        {"introduced": "2.0"},
                        {"last_affected": "2.1.0"},
                        {"introduced": "1.0"},
                        {"fixed": "1.4.2"},
                    ],
                },
            ],
            "versions": ["0.9.1", "1.0", "2.1.0"],
        }
    ],
}


@pytest.mark.parametrize(
    ("version", "attendu"),
    [
        ("0.9", False),  # before the first introduced
        ("0.9.1", True),  # listed in "versions" only
        ("1.0", True),  # introduced is inclusive
        ("1.4.1", True),
        ("1.4.2rc1", True),  # a pre-release of the fix is still before it
        ("1.4.2", False),  # fixed is exclusive
        ("1.5", False),
        ("2.0", True),
        ("2.1.0", True),  # last_affected is inclusive
        ("2.1.1", False),
        ("3.0", False),
    ],
)
def test_affects_follows_osv_ranges(version: str, attendu: bool) -> None:
    assert audit.affects(version, SYNTHETIQUE["affected"][0]) is attendu


def test_affects_open_range_without_fix_reaches_every_later_version() -> None:
    ouvert = {"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}
    assert audit.affects("0.1", ouvert) and audit.affects("99.0", ouvert)


def test_affects_reads_records_stored_as_protobuf_dumps() -> None:
    # How some records of the stored mirror look: type 3 for ECOSYSTEM, one event per field.
    dump = {
        "ranges": [
            {
                "type": 3,
                "repo": "",
                "events": [
                    {"introduced": "45.0.0", "fixed": "", "limit": "", "lastaffected": ""},
                    {"introduced": "", "fixed": "46.0.7", "limit": "", "lastaffected": ""},
                    {"introduced": "50.0", "fixed": "", "limit": "", "lastaffected": ""},
                    {"introduced": "", "fixed": "", "limit": "", "lastaffected": "50.1"},
                ],
            }
        ],
        "versions": [],
    }
    assert [audit.affects(v, dump) for v in ("44.0", "45.0.0", "46.0.7", "50.1", "50.2")] == [
        False,
        True,
        False,
        True,
        False,
    ]
    assert audit.fixed_versions(dump) == ["46.0.7"]


def test_vulnerabilites_match_the_normalized_name_and_give_the_fix() -> None:
    trouvees, ecartes = audit.vulnerabilites(
        {"exemple-paquet": "1.4.1", "autre": "1.0"}, [SYNTHETIQUE]
    )
    assert trouvees == [
        audit.Vulnerabilite(
            id="TEST-2026-1",
            paquet="exemple-paquet",
            version="1.4.1",
            corrigee_en=("1.4.2",),
            aliases=("CVE-2099-0001",),
        )
    ]
    assert ecartes == []
    assert audit.vulnerabilites({"exemple-paquet": "1.4.2"}, [SYNTHETIQUE]) == ([], [])


def test_vulnerabilites_ignore_other_ecosystems() -> None:
    npm = json.loads(json.dumps(SYNTHETIQUE))
    npm["affected"][0]["package"]["ecosystem"] = "npm"
    assert audit.vulnerabilites({"exemple-paquet": "1.4.1"}, [npm]) == ([], [])


def test_a_withdrawn_advisory_withdraws_every_copy_sharing_an_alias() -> None:
    # The stored copy holds redis's CVE-2023-31655 twice: withdrawn as PYSEC-2023-73
    # (it concerns the Redis server), still open as PYSEC-0000-CVE-2023-31655.
    retire = {**SYNTHETIQUE, "id": "TEST-2026-2", "withdrawn": "2026-01-01T00:00:00Z"}
    trouvees, ecartes = audit.vulnerabilites({"exemple-paquet": "1.4.1"}, [SYNTHETIQUE, retire])
    assert trouvees == []
    assert ecartes == ["TEST-2026-1", "TEST-2026-2"]


def _derogation(revoir_avant: dt.date, id: str = "CVE-2099-0001") -> object:
    return audit.Derogation(
        id=id,
        paquet="exemple-paquet",
        raison="code path not used by the platform",
        date=dt.date(2026, 11, 1),
        revoir_avant=revoir_avant,
    )


def _rapport(derogations: list, today: dt.date) -> object:
    instantane = {"date": "2026-11-24", "paquets": {"exemple-paquet": {}}, "avis": [SYNTHETIQUE]}
    return audit.auditer(
        {"exemple-paquet": "1.4.1"}, instantane, derogations, today, en_ligne=False
    )


def test_an_exception_excuses_by_alias_until_its_review_date() -> None:
    rapport = _rapport([_derogation(dt.date(2027, 1, 31))], AUJOURDHUI)
    assert rapport.ok
    assert [v.id for v, _ in rapport.excusees] == ["TEST-2026-1"]
    assert "exception : TEST-2026-1" in rapport.texte()


def test_an_expired_exception_excuses_nothing() -> None:
    rapport = _rapport([_derogation(dt.date(2026, 11, 23))], AUJOURDHUI)
    assert not rapport.ok
    assert [v.id for v in rapport.bloquantes] == ["TEST-2026-1"]
    assert "VULNÉRABLE : TEST-2026-1 (CVE-2099-0001) : exemple-paquet 1.4.1, corrigée en 1.4.2" in (
        rapport.texte()
    )


def test_an_exception_for_another_package_excuses_nothing() -> None:
    autre = audit.Derogation(
        id="TEST-2026-1",
        paquet="autre",
        raison="x",
        date=AUJOURDHUI,
        revoir_avant=AUJOURDHUI,
    )
    assert not _rapport([autre], AUJOURDHUI).ok


def test_an_exception_without_reason_is_refused(tmp_path: Path) -> None:
    fichier = tmp_path / "exceptions.toml"
    fichier.write_text(
        '[[exception]]\nid = "X"\npaquet = "p"\nraison = " "\ndate = 2026-11-24\n'
        "revoir_avant = 2027-01-01\n"
    )
    with pytest.raises(ValueError, match="exception incomplète X"):
        audit.charger_exceptions(fichier)


def test_a_package_outside_the_snapshot_is_printed_as_not_audited() -> None:
    # Printed, not fatal: a fresh install may pull a new transitive dependency between two
    # refreshes of the snapshot.
    instantane = {"date": "2026-11-24", "paquets": {}, "avis": []}
    rapport = audit.auditer({"nouveau": "1.0"}, instantane, [], AUJOURDHUI, en_ligne=False)
    assert rapport.ok
    assert rapport.hors_couverture == ["nouveau"]
    assert "non audité : nouveau" in rapport.texte()


def test_pip_audit_skipping_dependencies_is_not_a_pass() -> None:
    # What pip-audit prints here: PyPI's JSON API answers 404 for every package, and
    # pip-audit still says "No known vulnerabilities found".
    sortie = json.dumps(
        {
            "dependencies": [
                {"name": "bilan-plateforme", "skip_reason": "distribution marked as editable"},
                {"name": "Django", "skip_reason": "Dependency not found on PyPI"},
                {
                    "name": "exemple_paquet",
                    "version": "1.4.1",
                    "vulns": [{"id": "TEST-2026-1", "fix_versions": ["1.4.2"], "aliases": []}],
                },
            ]
        }
    )
    resultat = audit.lire_pip_audit("pypi", sortie)
    assert resultat.non_audites == ["django (Dependency not found on PyPI)"]
    assert [(v.id, v.paquet, v.corrigee_en) for v in resultat.vulnerabilites] == [
        ("TEST-2026-1", "exemple-paquet", ("1.4.2",))
    ]
    assert isinstance(audit.lire_pip_audit("osv", "", "ConnectionError"), str)


def test_snapshot_states_its_source_date_and_the_commit_of_every_record() -> None:
    instantane = audit.charger_instantane()
    assert instantane["source"] == "https://github.com/pypa/advisory-database"
    assert dt.date.fromisoformat(instantane["date"]) <= dt.date.today()
    assert "copie" in instantane and "format" in instantane
    for record in instantane["avis"]:
        source = record["_source"]
        assert re.fullmatch(r"[0-9a-f]{40}", source["commit"]), record["id"]
        assert source["commit"] in instantane["commits"]
        assert source["depot"] in {"pypa/advisory-database", "westonsteimel/advisory-database-pypa"}
        assert source["chemin"] == f"vulns/{source['chemin'].split('/')[1]}/{record['id']}.yaml"


def test_committed_exceptions_are_well_formed() -> None:
    for derogation in audit.charger_exceptions():
        assert derogation.date <= derogation.revoir_avant


def test_installed_environment_has_no_unexcused_vulnerability() -> None:
    """The audit itself, on the environment that runs the suite (CI: the one `make test`
    installed, pip-audit included)."""
    if os.environ.get("CI") == "true":
        assert importlib.util.find_spec("pip_audit"), "pip-audit manque : make install"
    rapport = audit.auditer(
        audit.distributions_installees(),
        audit.charger_instantane(),
        audit.charger_exceptions(),
        dt.date.today(),
    )
    print(rapport.texte())
    assert rapport.ok, rapport.texte()


def test_every_dependency_is_bounded_above_in_pyproject() -> None:
    projet = tomllib.loads((RACINE / "pyproject.toml").read_text())["project"]
    exigences = projet["dependencies"] + projet["optional-dependencies"]["dev"]
    sans_plafond = [
        texte
        for texte in exigences
        if not any(
            s.operator in {"<", "<=", "==", "~=", "==="} for s in Requirement(texte).specifier
        )
    ]
    assert sans_plafond == []
    assert len(exigences) >= 30


def test_refresh_builds_the_snapshot_from_a_checkout(tmp_path: Path) -> None:
    import subprocess

    import yaml

    dossier = tmp_path / "vulns" / "exemple-paquet"
    dossier.mkdir(parents=True)
    (dossier / "TEST-2026-1.yaml").write_text(
        yaml.safe_dump({**SYNTHETIQUE, "modified": dt.datetime(2026, 11, 1, tzinfo=dt.UTC)})
    )
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "avis"], check=True)
    commit = subprocess.run(
        [*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()

    instantane = audit.construire_instantane(
        tmp_path, {"exemple-paquet": "1.4.1", "autre": "1.0"}, AUJOURDHUI
    )
    instantane = json.loads(json.dumps(instantane, default=str))

    assert instantane["commits"] == [commit]
    assert instantane["paquets"] == {
        "autre": {"dossier": False, "lus": []},
        "exemple-paquet": {"dossier": True, "lus": ["TEST-2026-1"]},
    }
    record = instantane["avis"][0]
    assert record["_source"] == {
        "depot": "pypa/advisory-database",
        "chemin": "vulns/exemple-paquet/TEST-2026-1.yaml",
        "commit": commit,
    }
    # GIT range dropped; 0.9.1 kept, the only listed version the ranges do not cover.
    assert [r["type"] for r in record["affected"][0]["ranges"]] == ["ECOSYSTEM"]
    assert record["affected"][0]["versions"] == ["0.9.1"]
    rapport = audit.auditer({"exemple-paquet": "1.4.1"}, instantane, [], AUJOURDHUI, en_ligne=False)
    assert [v.id for v in rapport.bloquantes] == ["TEST-2026-1"]


def test_lower_bounds_of_pyproject_are_past_every_advisory_of_the_snapshot() -> None:
    """A fresh install at the lowest allowed versions is not vulnerable either."""
    projet = tomllib.loads((RACINE / "pyproject.toml").read_text())["project"]
    avis = audit.charger_instantane()["avis"]
    touchees = []
    for texte in projet["dependencies"] + projet["optional-dependencies"]["dev"]:
        exigence = Requirement(texte)
        for borne in (s.version for s in exigence.specifier if s.operator == ">="):
            trouvees, _ = audit.vulnerabilites({audit.normalize(exigence.name): borne}, avis)
            touchees += [
                f"{exigence.name} {borne} : {v.id} (corrigée en {v.corrigee_en})" for v in trouvees
            ]
    assert touchees == []
