"""Benchmarks of the foundation, run with `make bench` (numbers go in the README).

Each measure runs on a throw-away test database (SQLite by default, PostgreSQL when
DATABASE_URL is set), in one process, and prints operations per second.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def measure(label: str, fn: Callable[[], object], seconds: float = 2.0) -> None:
    fn()  # warm-up
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        fn()
        count += 1
    elapsed = time.perf_counter() - start
    print(f"{label:<55} {count / elapsed:>10.0f} /s   ({elapsed / count * 1000:.2f} ms)")


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from bilan.audit.services import audit_record
        from bilan.crypto import decrypt_text, encrypt_text
        from tests.exemple.models import Carnet
        from tests.factories import AdministrateurFactory, BeneficiaireFactory, UserFactory

        print(f"base : {connection.vendor}")
        beneficiaire = BeneficiaireFactory()
        text = "Mon projet : devenir ébéniste. " * 60  # about 2 kB, a synthèse section
        token = encrypt_text(text)
        measure("chiffrement d'une section de 2 ko", lambda: encrypt_text(text))
        measure("déchiffrement d'une section de 2 ko", lambda: decrypt_text(token))
        measure(
            "écriture d'un carnet chiffré (ORM)",
            lambda: Carnet.objects.create(beneficiaire=beneficiaire, texte=text),
        )
        measure("audit_record (une ligne du journal)", lambda: audit_record(event="bench.event"))
        anonymous = Client()
        measure("page de connexion (GET, anonyme)", lambda: anonymous.get("/comptes/login/"))
        client = Client()
        client.force_login(beneficiaire)
        measure("portail du bénéficiaire (GET)", lambda: client.get("/portail/"))
        UserFactory.create_batch(200, mfa=False)
        admin = AdministrateurFactory()
        admin_client = Client()
        admin_client.force_login(admin)
        measure(
            "liste des utilisateurs, 200 comptes (GET)",
            lambda: admin_client.get("/administration/utilisateurs/"),
        )
        from tests.beneficiaires.factories import BilanFactory
        from tests.factories import ConsultantFactory

        consultant = ConsultantFactory()
        for etat in ("prealable", "engagement", "en_cours", "abandonne") * 50:
            BilanFactory(consultant=consultant, etat=etat)
        consultant_client = Client()
        consultant_client.force_login(consultant)
        measure(
            "tableau du consultant, 200 bilans, page de 50 (GET)",
            lambda: consultant_client.get("/espace/"),
        )
        measure(
            "tableau du consultant, recherche par nom (GET)",
            lambda: consultant_client.get("/espace/", {"q": "a"}),
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
