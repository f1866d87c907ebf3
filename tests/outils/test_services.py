"""The tools' services: each rule and each bad input of issue 11 (refused with a clear French
message, nothing stored)."""

from __future__ import annotations

import datetime

import pytest

from bilan.audit.models import AuditEvent
from seances.outils import services
from seances.outils.errors import OutilsError
from seances.outils.models import (
    Competence,
    Critere,
    DossierOutils,
    EntreeParcours,
    Exigence,
    Note,
    Scenario,
)

D = datetime.date


def _entree(bilan, consultant, **kw):
    args = {"type": "poste", "intitule": "Agente", "debut": D(2010, 1, 1), **kw}
    return services.entree_parcours_add(bilan=bilan, consultant=consultant, **args)


# --- Timeline --------------------------------------------------------------------------


def test_entree_parcours_add_creates_dossier_with_permissions(
    bilan_en_cours, consultant, beneficiaire
):
    entree = _entree(bilan_en_cours, consultant, fin=D(2012, 5, 1))
    dossier = DossierOutils.objects.get(bilan=bilan_en_cours)
    assert entree.dossier == dossier
    assert consultant.has_perm("outils.change_dossieroutils", dossier)
    assert beneficiaire.has_perm("outils.view_dossieroutils", dossier)
    assert not beneficiaire.has_perm("outils.change_dossieroutils", dossier)
    assert AuditEvent.objects.filter(event="outils.parcours_added").count() == 1


def test_entree_parcours_add_refuses_end_before_start(bilan_en_cours, consultant):
    with pytest.raises(OutilsError) as exc:
        _entree(bilan_en_cours, consultant, debut=D(2015, 1, 1), fin=D(2014, 12, 31))
    assert exc.value.code == "fin_avant_debut"
    assert exc.value.message == "La date de fin ne peut pas précéder la date de début."
    assert not EntreeParcours.objects.exists()


def test_entree_parcours_add_refuses_unknown_type_and_empty_title(bilan_en_cours, consultant):
    with pytest.raises(OutilsError) as exc:
        _entree(bilan_en_cours, consultant, type="vacances")
    assert exc.value.code == "type_invalid"
    with pytest.raises(OutilsError) as exc:
        _entree(bilan_en_cours, consultant, intitule="  ")
    assert exc.value.code == "intitule_required"
    assert not EntreeParcours.objects.exists()


def test_entree_parcours_add_refuses_other_consultant(bilan_en_cours, autre_consultant):
    with pytest.raises(OutilsError) as exc:
        _entree(bilan_en_cours, autre_consultant)
    assert exc.value.code == "not_assigned"
    assert not DossierOutils.objects.exists()


def test_entree_parcours_add_refuses_bilan_not_running(bilan_prealable, consultant):
    with pytest.raises(OutilsError) as exc:
        _entree(bilan_prealable, consultant)
    assert exc.value.code == "bilan_not_running"
    assert not DossierOutils.objects.exists()


def test_entree_parcours_texts_are_encrypted_at_rest(outils_entree):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT intitule, experiences FROM outils_entreeparcours")
        intitule, experiences = cursor.fetchone()
    assert "Agente" not in intitule and "tournées" not in experiences


def test_entree_parcours_delete_keeps_competence_without_link(outils_competence, consultant):
    services.entree_parcours_delete(entree=outils_competence.entree, consultant=consultant)
    outils_competence.refresh_from_db()
    assert outils_competence.entree is None
    assert not EntreeParcours.objects.exists()


# --- Inventory --------------------------------------------------------------------------


def _competence(bilan, user, **kw):
    args = {"intitule": "Gestion des conflits", "type": "comportementale", "niveau_auto": 3, **kw}
    return services.competence_add(bilan=bilan, beneficiaire_user=user, **args)


def test_competence_add_by_the_beneficiary(bilan_en_cours, beneficiaire):
    c = _competence(bilan_en_cours, beneficiaire, transferabilite="forte")
    assert (c.niveau_auto, c.niveau_consultant, c.niveau) == (3, None, 3)
    assert AuditEvent.objects.filter(event="outils.competence_added", actor_id=beneficiaire.pk)


@pytest.mark.parametrize("niveau", [0, 5, -1])
def test_competence_add_refuses_level_out_of_scale(bilan_en_cours, beneficiaire, niveau):
    with pytest.raises(OutilsError) as exc:
        _competence(bilan_en_cours, beneficiaire, niveau_auto=niveau)
    assert exc.value.code == "niveau_invalid"
    assert exc.value.message == "Le niveau doit être compris entre 1 et 4 (voir l'échelle)."
    assert not Competence.objects.exists()


def test_competence_add_refuses_another_beneficiary(bilan_en_cours, autre_beneficiaire):
    with pytest.raises(OutilsError) as exc:
        _competence(bilan_en_cours, autre_beneficiaire)
    assert exc.value.code == "not_owner"
    assert not Competence.objects.exists()


def test_competence_add_refuses_experience_of_another_bilan(
    bilan_en_cours, beneficiaire, autre_bilan, autre_consultant
):
    autre = _entree(autre_bilan, autre_consultant)
    with pytest.raises(OutilsError) as exc:
        _competence(bilan_en_cours, beneficiaire, entree=autre)
    assert exc.value.code == "entree_other_bilan"
    assert not Competence.objects.exists()


def test_competence_update_keeps_the_review(outils_competence, beneficiaire, consultant):
    services.competence_review(
        competence=outils_competence, consultant=consultant, niveau_consultant=2, commentaire="Ok"
    )
    c = services.competence_update(
        competence=outils_competence,
        beneficiaire_user=beneficiaire,
        intitule="Planification",
        type="technique",
        niveau_auto=4,
    )
    c.refresh_from_db()
    assert (c.intitule, c.niveau_auto, c.niveau_consultant, c.commentaire_consultant) == (
        "Planification",
        4,
        2,
        "Ok",
    )
    assert c.niveau == 2


def test_competence_review_refuses_out_of_scale_and_other_consultant(
    outils_competence, consultant, autre_consultant
):
    with pytest.raises(OutilsError) as exc:
        services.competence_review(
            competence=outils_competence, consultant=consultant, niveau_consultant=7
        )
    assert exc.value.code == "niveau_invalid"
    with pytest.raises(OutilsError) as exc:
        services.competence_review(
            competence=outils_competence, consultant=autre_consultant, niveau_consultant=2
        )
    assert exc.value.code == "not_assigned"
    outils_competence.refresh_from_db()
    assert outils_competence.niveau_consultant is None


# --- Gap matrix -------------------------------------------------------------------------


def test_exigence_add_reuses_the_inventory_level_by_name(outils_matrice, consultant):
    e = services.exigence_add(
        matrice=outils_matrice,
        consultant=consultant,
        intitule="  planification DES tournées ",
        niveau_requis=4,
        niveau_saisi=1,
    )
    assert e.competence is not None
    assert (e.niveau_actuel, e.ecart) == (3, 1)


def test_exigence_add_uses_the_consultant_level_once_reviewed(
    outils_matrice, outils_competence, consultant
):
    services.competence_review(
        competence=outils_competence, consultant=consultant, niveau_consultant=4
    )
    e = services.exigence_add(
        matrice=outils_matrice,
        consultant=consultant,
        intitule="Ordonnancement",
        niveau_requis=4,
        competence=outils_competence,
    )
    e = Exigence.objects.select_related("competence").get(pk=e.pk)
    assert (e.niveau_actuel, e.ecart) == (4, 0)


def test_exigence_add_without_match_uses_the_level_given(outils_exigence):
    assert outils_exigence.competence is None
    assert (outils_exigence.niveau_actuel, outils_exigence.ecart) == (1, 2)


def test_exigence_add_refuses_bad_input(outils_matrice, consultant):
    for kw, code in (
        ({"niveau_requis": 5}, "niveau_invalid"),
        ({"niveau_requis": 3, "niveau_saisi": 0}, "niveau_invalid"),
        ({"niveau_requis": 3, "moyen": "chance"}, "moyen_invalid"),
        ({"niveau_requis": 3, "intitule": ""}, "intitule_required"),
    ):
        with pytest.raises(OutilsError) as exc:
            services.exigence_add(
                matrice=outils_matrice, consultant=consultant, **{"intitule": "X", **kw}
            )
        assert exc.value.code == code
    assert not Exigence.objects.exists()


def test_exigence_add_refuses_competence_of_another_bilan(
    outils_matrice, consultant, autre_bilan, autre_beneficiaire
):
    autre = _competence(autre_bilan, autre_beneficiaire)
    with pytest.raises(OutilsError) as exc:
        services.exigence_add(
            matrice=outils_matrice,
            consultant=consultant,
            intitule="X",
            niveau_requis=2,
            competence=autre,
        )
    assert exc.value.code == "competence_other_bilan"
    assert not Exigence.objects.exists()


def test_matrice_refuses_other_consultant(outils_matrice, autre_consultant):
    with pytest.raises(OutilsError) as exc:
        services.matrice_update(matrice=outils_matrice, consultant=autre_consultant, cible="Y")
    assert exc.value.code == "not_assigned"
    outils_matrice.refresh_from_db()
    assert outils_matrice.cible == "Responsable logistique"


# --- Scenarios --------------------------------------------------------------------------


def _scenarios(bilan, consultant, n):
    return [
        services.scenario_add(bilan=bilan, consultant=consultant, intitule=f"Piste {i}")
        for i in range(n)
    ]


def test_scenario_add_takes_letters_a_to_d_and_refuses_a_fifth(bilan_en_cours, consultant):
    assert [s.lettre for s in _scenarios(bilan_en_cours, consultant, 4)] == ["A", "B", "C", "D"]
    with pytest.raises(OutilsError) as exc:
        services.scenario_add(bilan=bilan_en_cours, consultant=consultant, intitule="E")
    assert exc.value.code == "scenarios_max"
    assert exc.value.message == (
        "La comparaison compte déjà 4 scénarios (A à D) : c'est le maximum."
    )
    assert Scenario.objects.count() == 4


def _criteres(bilan, consultant, n):
    return [
        services.critere_add(bilan=bilan, consultant=consultant, libelle=f"Critère {i}")
        for i in range(n)
    ]


def test_criteres_ponderer_stores_weights_summing_to_100(bilan_en_cours, consultant):
    a, b = _criteres(bilan_en_cours, consultant, 2)
    services.criteres_ponderer(
        bilan=bilan_en_cours, consultant=consultant, poids={a.pk: 60, b.pk: 40}
    )
    assert sorted(Critere.objects.values_list("poids", flat=True)) == [40, 60]


@pytest.mark.parametrize(
    ("poids", "code"),
    [((60, 30), "poids_total"), ((70, 40), "poids_total"), ((120, -20), "poids_invalid")],
)
def test_criteres_ponderer_refuses_weights_not_summing_to_100(
    bilan_en_cours, consultant, poids, code
):
    a, b = _criteres(bilan_en_cours, consultant, 2)
    with pytest.raises(OutilsError) as exc:
        services.criteres_ponderer(
            bilan=bilan_en_cours, consultant=consultant, poids={a.pk: poids[0], b.pk: poids[1]}
        )
    assert exc.value.code == code
    assert list(Critere.objects.values_list("poids", flat=True)) == [0, 0]


def test_criteres_ponderer_refuses_criteria_of_another_bilan(
    bilan_en_cours, consultant, autre_bilan, autre_consultant
):
    (a,) = _criteres(bilan_en_cours, consultant, 1)
    (autre,) = _criteres(autre_bilan, autre_consultant, 1)
    with pytest.raises(OutilsError) as exc:
        services.criteres_ponderer(
            bilan=bilan_en_cours, consultant=consultant, poids={a.pk: 50, autre.pk: 50}
        )
    assert exc.value.code == "criteres_mismatch"
    assert set(Critere.objects.values_list("poids", flat=True)) == {0}


@pytest.mark.parametrize("valeur", [6, -1, 10])
def test_notes_set_refuses_score_out_of_range(bilan_en_cours, consultant, valeur):
    (s,) = _scenarios(bilan_en_cours, consultant, 1)
    a, b = _criteres(bilan_en_cours, consultant, 2)
    with pytest.raises(OutilsError) as exc:
        services.notes_set(
            bilan=bilan_en_cours,
            consultant=consultant,
            notes={(s.pk, a.pk): 4, (s.pk, b.pk): valeur},
        )
    assert exc.value.code == "note_invalid"
    assert exc.value.message == "Chaque note est un nombre entier de 0 à 5."
    assert not Note.objects.exists()


def test_notes_set_refuses_ids_of_another_bilan(
    bilan_en_cours, consultant, autre_bilan, autre_consultant
):
    (s,) = _scenarios(bilan_en_cours, consultant, 1)
    (autre,) = _criteres(autre_bilan, autre_consultant, 1)
    with pytest.raises(OutilsError) as exc:
        services.notes_set(bilan=bilan_en_cours, consultant=consultant, notes={(s.pk, autre.pk): 3})
    assert exc.value.code == "note_other_bilan"
    assert not Note.objects.exists()


def test_scenario_scores_weighted_mean(bilan_en_cours, consultant):
    a_, b_ = _scenarios(bilan_en_cours, consultant, 2)
    c1, c2 = _criteres(bilan_en_cours, consultant, 2)
    services.criteres_ponderer(
        bilan=bilan_en_cours, consultant=consultant, poids={c1.pk: 70, c2.pk: 30}
    )
    services.notes_set(
        bilan=bilan_en_cours,
        consultant=consultant,
        notes={(a_.pk, c1.pk): 5, (a_.pk, c2.pk): 1, (b_.pk, c1.pk): 2},
    )
    resultats = services.scenario_scores(
        scenarios=Scenario.objects.all(), criteres=Critere.objects.all(), notes=Note.objects.all()
    )
    assert [(r.scenario.lettre, str(r.score), r.manquantes) for r in resultats] == [
        ("A", "3.80", 0),
        ("B", "None", 1),
    ]


def test_scenario_scores_wait_for_weights_summing_to_100(bilan_en_cours, consultant):
    (s,) = _scenarios(bilan_en_cours, consultant, 1)
    (c,) = _criteres(bilan_en_cours, consultant, 1)
    services.notes_set(bilan=bilan_en_cours, consultant=consultant, notes={(s.pk, c.pk): 4})
    (r,) = services.scenario_scores(
        scenarios=[s], criteres=Critere.objects.all(), notes=Note.objects.all()
    )
    assert r.score is None


def test_scenario_retenir_records_reason_and_replaces_previous(bilan_en_cours, consultant):
    a, b = _scenarios(bilan_en_cours, consultant, 2)
    services.scenario_retenir(scenario=a, consultant=consultant, raison="Plus sûr")
    services.scenario_retenir(scenario=b, consultant=consultant, raison="Plus motivant")
    assert list(Scenario.objects.filter(retenu=True).values_list("lettre", flat=True)) == ["B"]
    assert Scenario.objects.get(lettre="B").raison == "Plus motivant"


def test_scenario_retenir_refuses_without_reason(bilan_en_cours, consultant):
    (a,) = _scenarios(bilan_en_cours, consultant, 1)
    with pytest.raises(OutilsError) as exc:
        services.scenario_retenir(scenario=a, consultant=consultant, raison=" ")
    assert exc.value.code == "raison_required"
    assert not Scenario.objects.filter(retenu=True).exists()


# --- Consultant change, retention --------------------------------------------------------


def test_consultant_change_moves_the_tools_access(
    outils_entree, consultant, autre_consultant, admin
):
    from beneficiaires.services import bilan_assign_consultant

    dossier = outils_entree.dossier
    bilan_assign_consultant(bilan=dossier.bilan, consultant=autre_consultant, by=admin)
    from seances.outils.selectors import entrees_visible_to

    assert list(entrees_visible_to(autre_consultant)) == [outils_entree]
    assert list(entrees_visible_to(consultant)) == []
    assert not consultant.has_perm("outils.view_dossieroutils", dossier)


def test_every_tools_model_is_registered_as_content():
    from django.apps import apps

    from bilan import retention

    registered = {
        r.model for r in retention.registrations() if r.categorie == retention.Categorie.CONTENU
    }
    modeles = {
        m
        for m in apps.get_app_config("outils").get_models()
        if not m.__name__.endswith("ObjectPermission")
    }
    assert modeles <= registered


def test_purge_by_the_registered_paths_leaves_nothing(outils_exigence, outils_scenario):
    """What the retention engine will do (R6313-7): delete each registered model's rows of
    the bilan; the direct-FK permissions go with them (no orphan)."""
    from django.apps import apps

    from bilan import retention
    from seances.outils.models import DossierOutilsUserObjectPermission

    bilan = outils_scenario.dossier.bilan
    assert DossierOutilsUserObjectPermission.objects.exists()
    app = apps.get_app_config("outils")
    for r in retention.registrations():
        if r.model._meta.app_config is app:
            r.model.objects.filter(**{r.bilan_path: bilan}).delete()
    for model in app.get_models():
        assert not model.objects.exists(), model.__name__


def test_criteres_ponderer_par_beneficiaire_refuses_another_beneficiary(
    bilan_en_cours, consultant, autre_beneficiaire, beneficiaire
):
    a, b = _criteres(bilan_en_cours, consultant, 2)
    with pytest.raises(OutilsError) as exc:
        services.criteres_ponderer_par_beneficiaire(
            bilan=bilan_en_cours, beneficiaire_user=autre_beneficiaire, poids={a.pk: 50, b.pk: 50}
        )
    assert exc.value.code == "not_owner"
    services.criteres_ponderer_par_beneficiaire(
        bilan=bilan_en_cours, beneficiaire_user=beneficiaire, poids={a.pk: 50, b.pk: 50}
    )
    assert set(Critere.objects.values_list("poids", flat=True)) == {50}
