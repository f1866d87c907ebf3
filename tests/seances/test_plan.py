"""The plan (domain.md, Duration: 24 h at most, accompaniment and personal work apart)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from bilan.audit.models import AuditEvent
from seances.errors import SeanceError
from seances.models import Phase, Plan, PlanModele, Seance
from seances.services import (
    SeancePrevue,
    plan_modele_save,
    plan_travail_set,
    seance_add,
    seance_remove,
    seance_update,
)
from tests.seances.outils import seance_n

pytestmark = pytest.mark.django_db


def test_default_template_is_the_seed_programme() -> None:
    modele = PlanModele.objects.get(par_defaut=True)
    rows = list(modele.seances.values_list("numero", "phase", "duree_minutes"))
    assert [r[1] for r in rows] == ["preliminaire"] + ["investigation"] * 6 + ["conclusion"]
    assert {r[2] for r in rows} == {120}
    assert modele.minutes_travail_personnel == 360


def test_plan_create_copies_the_default_template(plan, en_cours) -> None:
    assert (plan.minutes_accompagnement_prevues, plan.minutes_travail_prevues) == (960, 360)
    assert Seance.objects.filter(bilan=en_cours, statut="a_planifier").count() == 8
    assert AuditEvent.objects.filter(event="plan.created", target_id=str(plan.pk)).count() == 1


def test_plan_create_twice_is_refused(plan, en_cours, consultant) -> None:
    from seances.services import plan_create

    with pytest.raises(SeanceError) as exc:
        plan_create(bilan=en_cours, consultant=consultant)
    assert exc.value.code == "plan_exists"


def test_plan_create_by_another_consultant_is_refused(en_cours, autre_consultant) -> None:
    from seances.services import plan_create

    with pytest.raises(SeanceError) as exc:
        plan_create(bilan=en_cours, consultant=autre_consultant)
    assert exc.value.message == "Vous n'êtes pas le consultant chargé de ce bilan."
    assert not Plan.objects.exists()


def test_seance_add_past_24h_is_refused_and_changes_nothing(plan, en_cours, consultant) -> None:
    # 16 h of sessions + 6 h of personal work: 2 h left.
    seance_add(
        bilan=en_cours,
        consultant=consultant,
        phase="conclusion",
        intitule="Restitution",
        duree_minutes=120,
    )
    with pytest.raises(SeanceError) as exc:
        seance_add(
            bilan=en_cours,
            consultant=consultant,
            phase="conclusion",
            intitule="De trop",
            duree_minutes=30,
        )
    assert exc.value.code == "plan_over_24h"
    assert exc.value.message == (
        "Le bilan ne peut pas dépasser 24 heures : 18 h 30 d'accompagnement et 6 h de travail "
        "personnel feraient 24 h 30."
    )
    plan.refresh_from_db()
    assert plan.minutes_accompagnement_prevues == 1080
    assert Seance.objects.filter(bilan=en_cours).count() == 9


def test_plan_travail_set_past_24h_is_refused(plan, en_cours, consultant) -> None:
    with pytest.raises(SeanceError) as exc:
        plan_travail_set(bilan=en_cours, consultant=consultant, minutes=8 * 60 + 1)
    assert exc.value.code == "plan_over_24h"
    plan.refresh_from_db()
    assert plan.minutes_travail_prevues == 360


def test_plan_database_refuses_more_than_24h_planned(plan) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(minutes_travail_prevues=481)


def test_plan_database_refuses_more_than_24h_done(plan) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(
            minutes_accompagnement_realisees=1000, minutes_travail_realisees=441
        )


def test_seance_update_and_remove_change_the_planned_hours(plan, en_cours, consultant) -> None:
    seance_update(
        seance=seance_n(en_cours, 8),
        consultant=consultant,
        phase="conclusion",
        intitule="Plan d'action et restitution",
        duree_minutes=180,
    )
    plan.refresh_from_db()
    assert plan.minutes_accompagnement_prevues == 1020
    seance_remove(seance=seance_n(en_cours, 7), consultant=consultant)
    plan.refresh_from_db()
    assert plan.minutes_accompagnement_prevues == 900


def test_plan_modele_save_by_a_consultant_is_refused(consultant) -> None:
    with pytest.raises(SeanceError) as exc:
        plan_modele_save(
            nom="Court", minutes_travail_personnel=0, seances=[], par_defaut=False, by=consultant
        )
    assert exc.value.code == "admin_only"


def test_plan_modele_save_by_an_administrator_replaces_the_default(admin) -> None:
    lignes = [SeancePrevue(p, f"Séance {p}", 180) for p in Phase.values]
    modele = plan_modele_save(
        nom="Format court", minutes_travail_personnel=240, seances=lignes, par_defaut=True, by=admin
    )
    assert list(PlanModele.objects.filter(par_defaut=True)) == [modele]
    assert modele.seances.count() == 3


def test_plan_modele_save_past_24h_is_refused(admin) -> None:
    lignes = [SeancePrevue(p, "Longue", 8 * 60) for p in Phase.values]
    with pytest.raises(SeanceError) as exc:
        plan_modele_save(
            nom="Trop long",
            minutes_travail_personnel=60,
            seances=lignes,
            par_defaut=False,
            by=admin,
        )
    assert exc.value.code == "plan_over_24h"
    assert not PlanModele.objects.filter(nom="Trop long").exists()


def test_plan_modele_save_without_a_phase_is_refused(admin) -> None:
    lignes = [SeancePrevue("preliminaire", "Début", 120), SeancePrevue("conclusion", "Fin", 120)]
    with pytest.raises(SeanceError) as exc:
        plan_modele_save(
            nom="Sans investigation",
            minutes_travail_personnel=0,
            seances=lignes,
            par_defaut=False,
            by=admin,
        )
    assert exc.value.code == "phases_incomplete"


def test_default_template_is_named_for_its_readers() -> None:
    """Migration 0006 renames migration 0002's template; ensuring it again adds nothing."""
    from seances.demo import programme_seed_ensure
    from seances.models import PlanModele

    programme_seed_ensure()
    programme_seed_ensure()
    assert list(PlanModele.objects.values_list("nom", "par_defaut")) == [
        ("Programme standard (8 séances)", True)
    ]
