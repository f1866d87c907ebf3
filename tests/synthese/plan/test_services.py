"""The action plan's rules (seed 000; domain.md, points 7, 8 and 10; Confidentiality).

Every refusal: a stable code, a French message, nothing changed.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from beneficiaires.models import Bilan, Etat
from beneficiaires.services import bilan_assign_consultant
from bilan import retention
from bilan.audit.models import AuditEvent
from synthese.models import ActionPrevue, ContributionPlan, ObjectifSmart, PlanAction
from synthese.plan_action import selectors, services
from synthese.plan_action.errors import PlanActionError
from tests.synthese.plan.conftest import JOUR, action_donnees, aujourdhui, objectif_donnees

pytestmark = pytest.mark.django_db


def _refus(code: str, fn, **kwargs) -> PlanActionError:
    with pytest.raises(PlanActionError) as exc:
        fn(**kwargs)
    assert exc.value.code == code
    return exc.value


# ------------------------------------------------------------------ objectives


def test_objectif_save_creates_the_plan_with_its_permissions(
    bilan_en_cours, consultant, beneficiaire, admin, superuser
) -> None:
    objectif = services.plan_action_objectif_save(
        bilan=bilan_en_cours, consultant=consultant, **objectif_donnees()
    )
    plan = objectif.plan
    assert list(selectors.plans_action_visible_to(consultant)) == [plan]
    assert list(selectors.plans_action_visible_to(beneficiaire)) == [plan]
    assert beneficiaire.has_perm("synthese.cocher_planaction", plan)
    assert not beneficiaire.has_perm("synthese.change_planaction", plan)
    assert list(selectors.plans_action_visible_to(admin)) == []
    assert list(selectors.plans_action_visible_to(superuser)) == []


def test_objectif_text_is_encrypted_at_rest(plan_action_objectif) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT intitule, specifique FROM synthese_objectifsmart WHERE id = %s",
            [plan_action_objectif.pk],
        )
        brut = " ".join(cursor.fetchone())
    assert "formatrice" not in brut and "Titre professionnel" not in brut


def test_objectif_save_refuses_an_empty_objective(bilan_en_cours, consultant) -> None:
    erreur = _refus(
        "objectif_vide",
        services.plan_action_objectif_save,
        bilan=bilan_en_cours,
        consultant=consultant,
        **objectif_donnees(intitule="   "),
    )
    assert erreur.message == "Formulez l'objectif."
    assert ObjectifSmart.objects.count() == 0


def test_objectif_save_refuses_a_missing_smart_criterion(bilan_en_cours, consultant) -> None:
    erreur = _refus(
        "objectif_critere_vide",
        services.plan_action_objectif_save,
        bilan=bilan_en_cours,
        consultant=consultant,
        **objectif_donnees(mesurable=""),
    )
    assert "mesurable" in erreur.message
    assert ObjectifSmart.objects.count() == 0


def test_objectif_save_refuses_a_past_echeance(bilan_en_cours, consultant) -> None:
    _refus(
        "objectif_echeance_passee",
        services.plan_action_objectif_save,
        bilan=bilan_en_cours,
        consultant=consultant,
        **objectif_donnees(echeance=aujourdhui() - JOUR),
    )
    assert ObjectifSmart.objects.count() == 0


def test_objectif_save_refuses_a_bilan_not_yet_running(bilan, consultant) -> None:
    erreur = _refus(
        "etat_edition",
        services.plan_action_objectif_save,
        bilan=bilan,
        consultant=consultant,
        **objectif_donnees(),
    )
    assert "pendant le bilan" in erreur.message
    assert PlanAction.objects.count() == 0


def test_objectif_save_refuses_another_consultant(bilan_en_cours, autre_consultant) -> None:
    _refus(
        "pas_consultant",
        services.plan_action_objectif_save,
        bilan=bilan_en_cours,
        consultant=autre_consultant,
        **objectif_donnees(),
    )
    assert PlanAction.objects.count() == 0


def test_objectif_delete_keeps_its_actions(plan_action_action, consultant) -> None:
    services.plan_action_objectif_delete(
        objectif=plan_action_action.objectif, consultant=consultant
    )
    plan_action_action.refresh_from_db()
    assert plan_action_action.objectif is None
    assert ObjectifSmart.objects.count() == 0


# ------------------------------------------------------------------ actions


def test_action_save_records_every_resource(bilan_en_cours, consultant) -> None:
    action = services.plan_action_action_save(
        bilan=bilan_en_cours, consultant=consultant, **action_donnees()
    )
    action.refresh_from_db()
    assert (action.horizon, action.budget, action.alternatives) == (
        "prochains_mois",
        "Aucun",
        "Entretiens par téléphone",
    )
    assert (action.fait, action.fait_le) == (False, None)


def test_action_save_refuses_an_end_before_the_start(bilan_en_cours, consultant) -> None:
    erreur = _refus(
        "action_fin_avant_debut",
        services.plan_action_action_save,
        bilan=bilan_en_cours,
        consultant=consultant,
        **action_donnees(debut=aujourdhui() + 20 * JOUR, fin=aujourdhui() + 10 * JOUR),
    )
    assert erreur.message == "La fin de l'action ne peut pas précéder son début."
    assert ActionPrevue.objects.count() == 0


def test_action_save_refuses_an_end_already_past(bilan_en_cours, consultant) -> None:
    _refus(
        "action_fin_passee",
        services.plan_action_action_save,
        bilan=bilan_en_cours,
        consultant=consultant,
        **action_donnees(debut=aujourdhui() - 9 * JOUR, fin=aujourdhui() - JOUR),
    )
    assert ActionPrevue.objects.count() == 0


def test_action_save_accepts_an_action_already_under_way(bilan_en_cours, consultant) -> None:
    action = services.plan_action_action_save(
        bilan=bilan_en_cours,
        consultant=consultant,
        **action_donnees(horizon="immediat", debut=aujourdhui() - 9 * JOUR, fin=aujourdhui()),
    )
    assert action.pk is not None


def test_action_save_refuses_an_immediate_action_starting_months_ahead(
    bilan_en_cours, consultant
) -> None:
    loin = {"debut": aujourdhui() + 45 * JOUR, "fin": aujourdhui() + 60 * JOUR}
    erreur = _refus(
        "immediat_trop_tard",
        services.plan_action_action_save,
        bilan=bilan_en_cours,
        consultant=consultant,
        **action_donnees(horizon="immediat", **loin),
    )
    assert "« Dans les prochains mois »" in erreur.message
    assert ActionPrevue.objects.count() == 0
    services.plan_action_action_save(
        bilan=bilan_en_cours, consultant=consultant, **action_donnees(**loin)
    )


def test_action_save_refuses_an_unknown_horizon_and_an_empty_action(
    bilan_en_cours, consultant
) -> None:
    for code, donnees in (
        ("horizon_inconnu", action_donnees(horizon="un_jour")),
        ("action_vide", action_donnees(intitule="")),
    ):
        _refus(
            code,
            services.plan_action_action_save,
            bilan=bilan_en_cours,
            consultant=consultant,
            **donnees,
        )
    assert ActionPrevue.objects.count() == 0


def test_action_save_refuses_an_objective_of_another_plan(
    bilan_en_cours, consultant, autre_beneficiaire
) -> None:
    from tests.beneficiaires.factories import BilanFactory, DossierFactory

    autre = BilanFactory(
        beneficiaire=DossierFactory(user=autre_beneficiaire), consultant=consultant, etat="en_cours"
    )
    objectif = services.plan_action_objectif_save(
        bilan=autre, consultant=consultant, **objectif_donnees()
    )
    _refus(
        "objectif_autre_plan",
        services.plan_action_action_save,
        bilan=bilan_en_cours,
        consultant=consultant,
        **action_donnees(objectif=objectif),
    )
    assert ActionPrevue.objects.count() == 0


def test_action_edit_keeps_a_past_end_it_already_had(plan_action_action, consultant) -> None:
    """Time passed since the action was written: editing its text does not force new dates."""
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30), tick=False):
        action = services.plan_action_action_save(
            bilan=plan_action_action.plan.bilan,
            consultant=consultant,
            action=plan_action_action,
            horizon="immediat",
            intitule="Appeler trois organismes",
            debut=plan_action_action.debut,
            fin=plan_action_action.fin,
        )
    assert action.intitule == "Appeler trois organismes"


# ------------------------------------------------------------------ the lock


def test_verrouiller_refuses_every_later_edit_and_keeps_ticking(
    plan_action_action, consultant, beneficiaire
) -> None:
    bilan = plan_action_action.plan.bilan
    plan = services.plan_action_verrouiller(bilan=bilan, by=consultant)
    assert plan.verrouille and plan.verrouille_le is not None
    message = "Le plan d'action fait partie de la synthèse signée : il ne peut plus être modifié."
    for fn, kwargs in (
        (services.plan_action_projet_save, {"bilan": bilan, "projet": "Autre"}),
        (services.plan_action_objectif_save, {"bilan": bilan, **objectif_donnees()}),
        (services.plan_action_action_save, {"bilan": bilan, **action_donnees()}),
        (services.plan_action_action_delete, {"action": plan_action_action}),
        (services.plan_action_objectif_delete, {"objectif": plan_action_action.objectif}),
    ):
        assert _refus("plan_verrouille", fn, consultant=consultant, **kwargs).message == message
    _refus(
        "plan_verrouille",
        services.plan_action_contribuer,
        bilan=bilan,
        beneficiaire_user=beneficiaire,
        texte="Ajouter un stage",
    )
    assert (ObjectifSmart.objects.count(), ActionPrevue.objects.count()) == (1, 1)
    assert ContributionPlan.objects.count() == 0
    Bilan.objects.filter(pk=bilan.pk).update(etat=Etat.TERMINE)
    action = services.plan_action_cocher(
        action=plan_action_action, beneficiaire_user=beneficiaire, fait=True
    )
    assert action.fait


def test_verrouiller_is_idempotent_and_locks_a_bilan_without_plan(bilan_en_cours) -> None:
    plan = services.plan_action_verrouiller(bilan=bilan_en_cours)
    premier = plan.verrouille_le
    assert services.plan_action_verrouiller(bilan=bilan_en_cours).verrouille_le == premier
    assert PlanAction.objects.count() == 1
    assert AuditEvent.objects.filter(event="plan_action.verrouille").count() == 1


# ------------------------------------------------------------------ the beneficiary


def test_contribuer_during_the_bilan(bilan_en_cours, beneficiaire, plan_action_action) -> None:
    c = services.plan_action_contribuer(
        bilan=bilan_en_cours,
        beneficiaire_user=beneficiaire,
        texte="Je connais un centre à Angers",
        action=plan_action_action,
    )
    assert (c.action, c.auteur, c.texte) == (
        plan_action_action,
        beneficiaire,
        "Je connais un centre à Angers",
    )


def test_contribuer_refuses_empty_text_after_the_bilan_and_someone_else(
    bilan_en_cours, beneficiaire, autre_beneficiaire
) -> None:
    _refus(
        "contribution_vide",
        services.plan_action_contribuer,
        bilan=bilan_en_cours,
        beneficiaire_user=beneficiaire,
        texte="  ",
    )
    _refus(
        "pas_beneficiaire",
        services.plan_action_contribuer,
        bilan=bilan_en_cours,
        beneficiaire_user=autre_beneficiaire,
        texte="Intrusion",
    )
    Bilan.objects.filter(pk=bilan_en_cours.pk).update(etat=Etat.TERMINE)
    bilan_en_cours.refresh_from_db()
    _refus(
        "etat_contribution",
        services.plan_action_contribuer,
        bilan=bilan_en_cours,
        beneficiaire_user=beneficiaire,
        texte="Trop tard",
    )
    assert ContributionPlan.objects.count() == 0


def test_contribuer_refused_leaves_no_plan_behind(bilan_en_cours, beneficiaire) -> None:
    """The plan the contribution would have opened is not kept when it is refused
    (domain.md: bad input changes nothing)."""
    from tests.beneficiaires.factories import BilanFactory

    autre_bilan = BilanFactory(etat=Etat.EN_COURS)
    autre_plan = PlanAction.objects.create(bilan=autre_bilan)
    autre_action = ActionPrevue.objects.create(
        plan=autre_plan, horizon="immediat", intitule="x", debut=aujourdhui(), fin=aujourdhui()
    )
    assert not PlanAction.objects.filter(bilan=bilan_en_cours).exists()
    _refus(
        "action_autre_plan",
        services.plan_action_contribuer,
        bilan=bilan_en_cours,
        beneficiaire_user=beneficiaire,
        texte="Sur l'action d'un autre",
        action=autre_action,
    )
    assert not PlanAction.objects.filter(bilan=bilan_en_cours).exists()


def test_cocher_refused_while_the_bilan_runs(plan_action_action, beneficiaire) -> None:
    erreur = _refus(
        "etat_coche",
        services.plan_action_cocher,
        action=plan_action_action,
        beneficiaire_user=beneficiaire,
        fait=True,
    )
    assert erreur.message == (
        "Vous pourrez cocher les actions réalisées une fois votre bilan terminé."
    )
    plan_action_action.refresh_from_db()
    assert not plan_action_action.fait


def test_cocher_after_the_bilan_stores_the_time_and_unticks(
    termine, plan_action_action, beneficiaire
) -> None:
    instant = datetime.datetime(2027, 1, 15, 9, 30, tzinfo=datetime.UTC)
    with time_machine.travel(instant, tick=False):
        action = services.plan_action_cocher(
            action=plan_action_action, beneficiaire_user=beneficiaire, fait=True
        )
    assert (action.fait, action.fait_le) == (True, instant)
    action = services.plan_action_cocher(action=action, beneficiaire_user=beneficiaire, fait=False)
    assert (action.fait, action.fait_le) == (False, None)
    events = AuditEvent.objects.filter(event__startswith="plan_action.action_")
    assert sorted(events.values_list("event", flat=True)) == [
        "plan_action.action_cochee",
        "plan_action.action_decochee",
        "plan_action.action_saved",
    ]


def test_cocher_refuses_someone_elses_action(termine, plan_action_action, autre_beneficiaire):
    _refus(
        "pas_beneficiaire",
        services.plan_action_cocher,
        action=plan_action_action,
        beneficiaire_user=autre_beneficiaire,
        fait=True,
    )
    plan_action_action.refresh_from_db()
    assert not plan_action_action.fait


# ------------------------------------------------------------------ around the plan


def test_consultant_change_moves_the_access(
    plan_action_action, consultant, autre_consultant, admin
) -> None:
    bilan = plan_action_action.plan.bilan
    bilan_assign_consultant(bilan=bilan, consultant=autre_consultant, by=admin)
    assert list(selectors.plans_action_visible_to(consultant)) == []
    assert list(selectors.plans_action_visible_to(autre_consultant)) == [plan_action_action.plan]


def test_plan_actions_for_bilan_orders_by_horizon_with_fait(
    termine, plan_action_action, consultant, beneficiaire
) -> None:
    bilan = Bilan.objects.get(pk=termine.pk)
    plus_tard = services.plan_action_action_save(
        bilan=bilan,
        consultant=consultant,
        **action_donnees(horizon="long_terme", debut=aujourdhui(), fin=aujourdhui() + 400 * JOUR),
    )
    milieu = services.plan_action_action_save(
        bilan=bilan, consultant=consultant, **action_donnees()
    )
    services.plan_action_cocher(action=milieu, beneficiaire_user=beneficiaire, fait=True)
    lignes = selectors.plan_actions_for_bilan(bilan=bilan)
    assert [a.pk for a in lignes] == [plan_action_action.pk, milieu.pk, plus_tard.pk]
    assert [a.fait for a in lignes] == [False, True, False]
    assert lignes[1].fait_le is not None


def test_the_plan_is_kept_only_under_the_follow_up_agreement() -> None:
    """R6313-7: content destroyed at the end, except under the written agreement for the
    follow-up (the actions ticked after the bilan feed it); the comments are content."""
    inscrits = {
        r.model: (r.categorie, r.bilan_path)
        for r in retention.registrations()
        if r.model._meta.app_label == "synthese"
    }
    exception = retention.Categorie.EXCEPTION_SUIVI
    assert inscrits[PlanAction] == (exception, "bilan")
    for model in (ObjectifSmart, ActionPrevue):
        assert inscrits[model] == (exception, "plan__bilan")
    assert inscrits[ContributionPlan] == (retention.Categorie.CONTENU, "plan__bilan")


def test_audit_entries_carry_no_value(plan_action_action) -> None:
    events = AuditEvent.objects.filter(event__startswith="plan_action.")
    assert set(events.values_list("event", flat=True)) == {
        "plan_action.created",
        "plan_action.objectif_saved",
        "plan_action.action_saved",
    }
    for e in events:
        assert "organismes" not in f"{e.target_type} {e.target_id}"
