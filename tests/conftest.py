"""Personas, clients, and the rules of the suite (services never skip in CI)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from django.test import Client

from beneficiaires.models import Beneficiaire, Bilan
from bilan.comptes.models import User
from tests.factories import (
    AdministrateurFactory,
    BeneficiaireFactory,
    ConsultantFactory,
    UserFactory,
)


def pytest_sessionstart(session: pytest.Session) -> None:
    # In CI, a missing service is a failure, never a skip (DEVELOPERS.md).
    if os.environ.get("CI") == "true":
        missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
        if missing:
            pytest.exit(f"CI sans {', '.join(missing)} : les services sont obligatoires.", 1)
        import redis

        try:
            redis.Redis.from_url(os.environ["REDIS_URL"]).ping()
        except redis.RedisError as exc:
            pytest.exit(f"Redis injoignable en CI : {exc}", 1)


@pytest.fixture
def beneficiaire(db: None) -> User:
    return BeneficiaireFactory(first_name="Sophie", last_name="Durand")


@pytest.fixture
def autre_beneficiaire(db: None) -> User:
    return BeneficiaireFactory(first_name="Karim", last_name="Benali")


@pytest.fixture
def consultant(db: None) -> User:
    return ConsultantFactory(first_name="Claire", last_name="Martin")


@pytest.fixture
def autre_consultant(db: None) -> User:
    return ConsultantFactory(first_name="Julien", last_name="Bernard")


@pytest.fixture
def admin(db: None) -> User:
    return AdministrateurFactory(first_name="Alice", last_name="Admin")


@pytest.fixture
def superuser(db: None) -> User:
    return UserFactory(
        first_name="Root", last_name="Super", role="administrateur", is_superuser=True, mfa=True
    )


@pytest.fixture
def employeur() -> None:
    """The holder of an employer's signing link: no account, the link is the credential."""
    return None


@pytest.fixture
def dossier(beneficiaire: User) -> Beneficiaire:
    """The persona beneficiary's profile."""
    from tests.beneficiaires.factories import DossierFactory

    return DossierFactory(user=beneficiaire)


@pytest.fixture
def bilan(dossier: Beneficiaire, consultant: User) -> Bilan:
    """A bilan in préalable, of the persona beneficiary, assigned to the persona consultant."""
    from tests.beneficiaires.factories import BilanFactory

    return BilanFactory(beneficiaire=dossier, consultant=consultant)


@pytest.fixture
def anonyme() -> None:
    return None


@pytest.fixture
def client_de(db: None) -> Callable[[User | None], Client]:
    """A client logged in as the given user (or anonymous for None)."""

    def make(user: User | None) -> Client:
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


@pytest.fixture(autouse=True)
def _audit_log_emptied_before_flush(request: pytest.FixtureRequest) -> Iterator[None]:
    """Transactional tests end with a flush that the append-only triggers would refuse.

    Before it, the log is emptied through the documented purge path, and a permit is left
    for PostgreSQL's TRUNCATE (the flush truncates the permit table with it).
    """
    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        "transactional_db" in names
        or "live_server" in names
        or bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("_django_db_helper")
    yield
    from bilan.audit.models import AuditEvent, AuditPurgePermit
    from seances.models import Emargement
    from seances.services.emargement import emargements_purge

    # Immutable attendance signatures go through their purge path too (seances 0003).
    for bilan_id in set(Emargement.objects.values_list("bilan_id", flat=True)):
        emargements_purge(bilan_id=bilan_id)
    # And a permit left for PostgreSQL's TRUNCATE of the (now empty) table.
    from seances.models import EmargementPurgePermit

    EmargementPurgePermit.objects.create(bilan_id=0)

    # Test-only path: the permit the purge service writes for one batch, left in place
    # for the flush (PostgreSQL's TRUNCATE checks it; the flush truncates it too).
    AuditPurgePermit.objects.create(cutoff=datetime(9999, 1, 1, tzinfo=UTC))
    AuditEvent.objects.all().delete()


@pytest.fixture(autouse=True)
def _local_cache_cleared() -> Iterator[None]:
    """allauth keeps used TOTP codes and rate-limit counters in the cache: a fresh one per test.

    Only the in-process cache is cleared: on Redis, clear() would empty the broker's database.
    """
    yield
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    # caches["default"], not django.core.cache.cache: the latter is a proxy, never an instance
    # of the backend class, so the check below was always false.
    cache = caches["default"]
    if isinstance(cache, LocMemCache):
        cache.clear()


@pytest.fixture
def bilan_convention(bilan: Bilan) -> Bilan:
    """The persona bilan, in engagement, with a convention tripartite (plan de développement)
    signed by the provider: it waits for the employer."""
    from tests.beneficiaires.factories import convention_signee_organisme

    convention_signee_organisme(bilan)
    return Bilan.objects.get(pk=bilan.pk)


@pytest.fixture
def lien_employeur(bilan_convention: Bilan) -> str:
    """The raw token of a live employer's link to the persona bilan's convention."""
    from beneficiaires.convention import convention_link_issue

    return convention_link_issue(bilan=bilan_convention, user=bilan_convention.consultant)


# --- Sessions (seances): a running bilan with its plan, a scheduled session, a signature.


@pytest.fixture
def bilan_en_cours(dossier: Beneficiaire, consultant: User) -> Bilan:
    """The personas' bilan, engaged (CPF) and in progress: its sessions can be scheduled."""
    from tests.beneficiaires.factories import BilanFactory

    return BilanFactory(beneficiaire=dossier, consultant=consultant, etat="en_cours")


@pytest.fixture
def seance_planifiee(bilan_en_cours: Bilan, consultant: User):
    """Session 1 of the default plan, scheduled a week from today, 09:00-11:00."""
    from datetime import time, timedelta

    from django.utils import timezone

    from seances.demo import programme_seed_ensure
    from seances.models import Seance
    from seances.services import plan_create, seance_schedule

    programme_seed_ensure()
    plan_create(bilan=bilan_en_cours, consultant=consultant)
    return seance_schedule(
        seance=Seance.objects.get(bilan=bilan_en_cours, numero=1),
        consultant=consultant,
        date=timezone.localdate() + timedelta(days=7),
        debut=time(9, 0),
        fin=time(11, 0),
        modalite="presentiel",
        lieu="12 rue des Lilas, Nantes",
    )


@pytest.fixture
def seance_a_planifier(seance_planifiee):
    """Session 2 of the same plan, still to be scheduled."""
    from seances.models import Seance

    return Seance.objects.get(bilan_id=seance_planifiee.bilan_id, numero=2)


@pytest.fixture
def emargement_signe(seance_planifiee):
    """The beneficiary's signature of session 1, written as on its day (test data)."""
    from datetime import datetime as dt

    from django.utils import timezone

    from seances.services.emargement import _signature_create

    return _signature_create(
        seance=seance_planifiee,
        demi_journee="matin",
        role="beneficiaire",
        signataire=seance_planifiee.bilan.beneficiaire.user,
        signe_le=timezone.make_aware(dt.combine(seance_planifiee.date, seance_planifiee.debut)),
        ip="192.0.2.10",
        user_agent="test",
    )


@pytest.fixture
def travail_assigne(seance_planifiee, consultant: User):
    """One hour of personal work assigned on the running bilan, due in two weeks."""
    from datetime import timedelta

    from django.utils import timezone

    from seances.services import travail_assign

    return travail_assign(
        bilan=seance_planifiee.bilan,
        consultant=consultant,
        consignes="Lister trois réussites professionnelles.",
        echeance=timezone.localdate() + timedelta(days=14),
        minutes_prevues=60,
    )


@pytest.fixture
def jeton_flux(consultant: User) -> str:
    """The persona consultant's live iCalendar feed token."""
    from seances.services import flux_create

    return flux_create(consultant=consultant)


# Each app's fixtures that the permission matrix (tests/test_matrice.py) also asks for.
from tests.conservation.fixtures import *  # noqa: E402, F403
from tests.documents.fixtures import *  # noqa: E402, F403
from tests.outils.fixtures import *  # noqa: E402, F403
from tests.questionnaires.fixtures import *  # noqa: E402, F403
from tests.scelles.fixtures import *  # noqa: E402, F403
from tests.suivi.fixtures import *  # noqa: E402, F403
from tests.synthese.fixtures import *  # noqa: E402, F403
