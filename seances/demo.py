"""Demo and test data: a bilan whose sessions were held and signed by both on their days, and
the demo's bilan in progress with its first sessions held and the next one scheduled.

Real signatures go through :func:`seances.services.emargement_sign` (one-time code, same
day). Demo data cannot wait for those days: the rows are written as they would have been
written on each session's day, with a documentation-range IP. Never called by a screen.
"""

from __future__ import annotations

import datetime
import importlib

from django.db import transaction
from django.utils import timezone

from beneficiaires.models import Bilan, Etat
from bilan.comptes.models import User

from .models import DemiJournee, Modalite, Plan, RoleSignataire, Seance, SeanceEvenement
from .models import StatutSeance as Statut
from .services._commun import minutes_planifiees
from .services.agenda import seance_schedule
from .services.emargement import _signature_create
from .services.plan import plan_accompagnement_save, plan_create


def programme_seed_ensure() -> None:
    """Recreate the default template of migrations 0002 and 0006 if it is gone (a flushed
    database: the transactional tests empty every table, data migrations included)."""
    from django.apps import apps as registry

    from .models import PlanModele

    renommage = importlib.import_module("seances.migrations.0006_programme_par_defaut_nom")
    if PlanModele.objects.filter(nom=renommage.NOM).exists():
        return
    migration = importlib.import_module("seances.migrations.0002_programme_par_defaut")
    migration.create(registry, None)
    renommage.renommer(registry, None)


DEMO_IP = "192.0.2.10"  # RFC 5737 documentation range
ECART = datetime.timedelta(days=7)


def demo_seances_tenues(bilan: Bilan, *, premier_jour: datetime.date | None = None) -> None:
    """Plan the bilan from the default template and record every session held and signed,
    one a week from ``premier_jour`` (ten weeks ago by default). Idempotent."""
    if Plan.objects.filter(bilan=bilan).exists():
        return
    premier_jour = premier_jour or timezone.localdate() - 10 * ECART
    programme_seed_ensure()
    with transaction.atomic():
        plan = plan_create(bilan=bilan, consultant=bilan.consultant)
        seances = Seance.objects.filter(bilan=bilan).select_related("bilan__beneficiaire__user")
        for i, seance in enumerate(seances.order_by("numero")):
            _tenue(seance, jour=premier_jour + i * ECART)
        plan_accompagnement_save(plan=plan, minutes=minutes_planifiees(bilan=bilan))


def _tenue(seance: Seance, *, jour: datetime.date) -> None:
    consultant = seance.bilan.consultant
    seance.date, seance.debut, seance.fin = jour, datetime.time(9, 0), datetime.time(11, 0)
    seance.duree_minutes, seance.modalite, seance.lieu = 120, Modalite.PRESENTIEL, "Cabinet"
    seance.consultant, seance.statut = consultant, Statut.PLANIFIEE
    seance.save()
    SeanceEvenement.objects.create(
        seance=seance, type=SeanceEvenement.Type.PLANIFIEE, acteur_id=consultant.pk
    )
    signe_le = timezone.make_aware(datetime.datetime.combine(jour, datetime.time(10, 55)))
    for role, user in (
        (RoleSignataire.BENEFICIAIRE, seance.bilan.beneficiaire.user),
        (RoleSignataire.CONSULTANT, consultant),
    ):
        _signature_create(
            seance=seance,
            demi_journee=DemiJournee.MATIN,
            role=role,
            signataire=user,
            signe_le=signe_le,
            ip=DEMO_IP,
            user_agent="démonstration",
        )


# The demo's bilan in progress: sessions 1 and 2 held (the préliminaire and the start of the
# investigation), session 3 scheduled next week, the rest still to plan.
EN_COURS_TENUES = 2


def demo_seances_en_cours(users: dict[str, User]) -> list[str]:
    """Give each demo bilan in progress its plan, its first sessions held and signed and the
    next one scheduled (bilan.demo step; idempotent: a bilan with a plan is left alone)."""
    lines = []
    bilans = Bilan.objects.filter(etat=Etat.EN_COURS, consultant__isnull=False)
    for bilan in bilans.select_related("consultant", "beneficiaire__user").order_by("pk"):
        if not Plan.objects.filter(bilan=bilan).exists():
            _en_cours(bilan)
        tenues = Seance.objects.filter(bilan=bilan, emargements__isnull=False).distinct()
        lines.append(
            f"  {bilan.reference} : plan des séances, {tenues.count()} séances tenues et "
            "émargées, la suivante planifiée"
        )
    return ["Séances de démonstration :", *lines] if lines else []


def _en_cours(bilan: Bilan) -> None:
    programme_seed_ensure()
    today = timezone.localdate()
    with transaction.atomic():
        plan = plan_create(bilan=bilan, consultant=bilan.consultant)
        seances = list(Seance.objects.filter(bilan=bilan).order_by("numero"))
        for i, seance in enumerate(seances[:EN_COURS_TENUES]):
            _tenue(seance, jour=today - (EN_COURS_TENUES - i) * 3 * datetime.timedelta(days=1))
        plan_accompagnement_save(plan=plan, minutes=minutes_planifiees(bilan=bilan))
        seance_schedule(
            seance=seances[EN_COURS_TENUES],
            consultant=bilan.consultant,
            date=today + ECART,
            debut=datetime.time(14, 0),
            fin=datetime.time(16, 0),
            modalite=Modalite.DISTANCIEL,
            lieu="",
            lien_visio="https://visio.exemple.test/bilan-demo",
        )
