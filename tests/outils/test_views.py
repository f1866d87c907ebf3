"""The tools' screens: what they show, the bad inputs refused with a French message and
nothing stored, htmx, and query counts for the list pages (1 and 3 items)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seances.outils import services
from seances.outils.models import Competence, Critere, EntreeParcours, Note, Scenario


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_parcours_page_draws_the_timeline_and_its_table(client_de, consultant, outils_entree):
    page = _html(
        client_de(consultant).get(
            reverse("backoffice:outils_parcours", args=[outils_entree.dossier.bilan_id])
        )
    )
    assert '<svg viewBox="0 0 760' in page
    assert 'class="frise-poste"' in page
    assert "<caption>Les périodes du parcours" in page
    assert "Agente d&#x27;exploitation" in page
    assert " style=" not in page and "<style" not in page


def test_parcours_post_end_before_start_is_refused(client_de, consultant, bilan_en_cours):
    response = client_de(consultant).post(
        reverse("backoffice:outils_parcours", args=[bilan_en_cours.pk]),
        {"type": "poste", "intitule": "X", "debut": "2020-05-01", "fin": "2019-01-01"},
    )
    assert "La date de fin ne peut pas précéder la date de début." in _html(response)
    assert not EntreeParcours.objects.exists()


def test_parcours_post_with_htmx_returns_the_page_with_the_new_row(
    client_de, consultant, bilan_en_cours
):
    response = client_de(consultant).post(
        reverse("backoffice:outils_parcours", args=[bilan_en_cours.pk]),
        {"type": "formation", "intitule": "BTS Transport", "debut": "2008-09-01"},
        headers={"HX-Request": "true"},
        follow=True,
    )
    page = _html(response)
    assert 'id="zone-parcours"' in page and "BTS Transport" in page
    assert EntreeParcours.objects.count() == 1


def test_parcours_refuses_a_bilan_not_running(client_de, consultant, bilan_prealable):
    response = client_de(consultant).post(
        reverse("backoffice:outils_parcours", args=[bilan_prealable.pk]),
        {"type": "poste", "intitule": "X", "debut": "2020-05-01"},
    )
    assert "ne se modifient que pendant le bilan" in _html(response)
    assert not EntreeParcours.objects.exists()


def test_portail_inventory_add_and_level_out_of_scale(client_de, beneficiaire, outils_entree):
    url = reverse("portail:outils_portail_competences", args=[outils_entree.dossier.bilan_id])
    client = client_de(beneficiaire)
    page = _html(
        client.post(url, {"intitule": "Écoute", "type": "comportementale", "niveau_auto": "9"})
    )
    assert "Sélectionnez un choix valide" in page
    assert not Competence.objects.exists()
    response = client.post(
        url,
        {
            "intitule": "Écoute",
            "type": "comportementale",
            "niveau_auto": "3",
            "entree": str(outils_entree.pk),
            "transferabilite": "forte",
        },
    )
    assert response.status_code == 302
    c = Competence.objects.get()
    assert (c.intitule, c.niveau_auto, c.entree_id) == ("Écoute", 3, outils_entree.pk)


def test_portail_inventory_refuses_experience_of_another_bilan(
    client_de, beneficiaire, bilan_en_cours, autre_bilan, autre_consultant
):
    autre = services.entree_parcours_add(
        bilan=autre_bilan,
        consultant=autre_consultant,
        type="poste",
        intitule="Y",
        debut=datetime.date(2010, 1, 1),
    )
    response = client_de(beneficiaire).post(
        reverse("portail:outils_portail_competences", args=[bilan_en_cours.pk]),
        {"intitule": "Écoute", "type": "comportementale", "entree": str(autre.pk)},
    )
    assert "Sélectionnez un choix valide" in _html(response)
    assert not Competence.objects.exists()


def test_portail_competence_of_another_beneficiary_is_404(
    client_de, autre_beneficiaire, outils_competence
):
    url = reverse("portail:outils_portail_competence", args=[outils_competence.pk])
    assert client_de(autre_beneficiaire).get(url).status_code == 404


def test_review_form_stores_consultant_level(client_de, consultant, outils_competence):
    url = reverse("backoffice:outils_competence_revue", args=[outils_competence.pk])
    response = client_de(consultant).post(url, {"niveau_consultant": "4", "commentaire": "Net"})
    assert response.status_code == 302
    outils_competence.refresh_from_db()
    assert (outils_competence.niveau_consultant, outils_competence.commentaire_consultant) == (
        4,
        "Net",
    )


def test_matrix_page_lists_gaps_with_their_means(client_de, consultant, outils_exigence):
    page = _html(
        client_de(consultant).get(
            reverse("backoffice:outils_matrice", args=[outils_exigence.matrice_id])
        )
    )
    assert "Tableaux de bord" in page and "Formation : Formation courte." in page
    assert 'class="outils-ecart"' in page


def test_matrix_requirement_with_competence_of_another_bilan_is_refused(
    client_de, consultant, outils_matrice, autre_bilan, autre_beneficiaire
):
    autre = services.competence_add(
        bilan=autre_bilan,
        beneficiaire_user=autre_beneficiaire,
        intitule="Z",
        type="technique",
        niveau_auto=2,
    )
    response = client_de(consultant).post(
        reverse("backoffice:outils_exigence_ajouter", args=[outils_matrice.pk]),
        {"intitule": "Z", "niveau_requis": "3", "competence": str(autre.pk)},
    )
    assert "Sélectionnez un choix valide" in _html(response)
    assert not outils_matrice.exigences.exists()


@pytest.fixture
def grille(outils_scenario, consultant):
    bilan = outils_scenario.dossier.bilan
    services.critere_add(bilan=bilan, consultant=consultant, libelle="Équilibre de vie")
    return bilan, list(Critere.objects.order_by("pk"))


def test_weights_not_summing_to_100_are_refused_on_the_form(client_de, consultant, grille):
    bilan, (c1, c2) = grille
    page = _html(
        client_de(consultant).post(
            reverse("backoffice:outils_ponderation", args=[bilan.pk]),
            {f"poids_{c1.pk}": "50", f"poids_{c2.pk}": "30"},
        )
    )
    assert "Les poids doivent totaliser 100 ; leur total est de 80." in page
    assert "le total doit faire exactement 100" in page
    assert set(Critere.objects.values_list("poids", flat=True)) == {0}


def test_scores_out_of_range_are_refused(client_de, consultant, grille, outils_scenario):
    bilan, (c1, c2) = grille
    s = outils_scenario.pk
    page = _html(
        client_de(consultant).post(
            reverse("backoffice:outils_notes", args=[bilan.pk]),
            {f"note_{s}_{c1.pk}": "4", f"note_{s}_{c2.pk}": "6"},
        )
    )
    assert "Une note va de 0 à 5." in page
    assert not Note.objects.exists()


def test_fifth_scenario_is_refused(client_de, consultant, bilan_en_cours):
    for i in range(4):
        services.scenario_add(bilan=bilan_en_cours, consultant=consultant, intitule=f"S{i}")
    page = _html(
        client_de(consultant).post(
            reverse("backoffice:outils_scenarios", args=[bilan_en_cours.pk]), {"intitule": "E"}
        )
    )
    assert "La comparaison compte déjà 4 scénarios (A à D) : c&#x27;est le maximum." in page
    assert Scenario.objects.count() == 4


def test_scenarios_page_draws_the_weighted_chart(client_de, consultant, grille, outils_scenario):
    bilan, (c1, c2) = grille
    services.criteres_ponderer(bilan=bilan, consultant=consultant, poids={c1.pk: 70, c2.pk: 30})
    services.notes_set(
        bilan=bilan,
        consultant=consultant,
        notes={(outils_scenario.pk, c1.pk): 5, (outils_scenario.pk, c2.pk): 1},
    )
    services.scenario_retenir(scenario=outils_scenario, consultant=consultant, raison="Motivant")
    page = _html(client_de(consultant).get(reverse("backoffice:outils_scenarios", args=[bilan.pk])))
    assert 'class="histo-retenu"' in page
    assert re.search(r'<rect x="40" y="8" width="425.6"', page)
    assert "3.80 / 5" in page or "3,80 / 5" in page
    assert " style=" not in page


def test_retenir_another_bilans_scenario_is_404(client_de, autre_consultant, outils_scenario):
    response = client_de(autre_consultant).post(
        reverse("backoffice:outils_scenario_retenir", args=[outils_scenario.pk]),
        {"raison": "x"},
    )
    assert response.status_code == 404
    assert not Scenario.objects.filter(retenu=True).exists()


def test_bilan_page_and_portal_home_link_to_the_tools(
    client_de, consultant, beneficiaire, bilan_en_cours
):
    page = _html(client_de(consultant).get(reverse("backoffice:bilan", args=[bilan_en_cours.pk])))
    assert reverse("backoffice:outils_accueil", args=[bilan_en_cours.pk]) in page
    page = _html(client_de(beneficiaire).get(reverse("portail:accueil")))
    assert reverse("portail:outils_portail", args=[bilan_en_cours.pk]) in page


# --- Query counts: 1 and 3 items cost the same -------------------------------------------


def _compte(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    return len(q)


def _remplir(bilan, consultant, beneficiaire, n):
    for i in range(n):
        e = services.entree_parcours_add(
            bilan=bilan,
            consultant=consultant,
            type="poste",
            intitule=f"P{i}",
            debut=datetime.date(2010 + i, 1, 1),
        )
        services.competence_add(
            bilan=bilan,
            beneficiaire_user=beneficiaire,
            intitule=f"C{i}",
            type="technique",
            niveau_auto=2,
            entree=e,
        )
        m = services.matrice_create(bilan=bilan, consultant=consultant, cible=f"M{i}")
        services.exigence_add(matrice=m, consultant=consultant, intitule=f"C{i}", niveau_requis=3)
        services.scenario_add(bilan=bilan, consultant=consultant, intitule=f"S{i}")
        services.critere_add(bilan=bilan, consultant=consultant, libelle=f"K{i}")


@pytest.mark.parametrize(
    ("espace", "nom"),
    [
        ("consultant", "backoffice:outils_parcours"),
        ("consultant", "backoffice:outils_competences"),
        ("consultant", "backoffice:outils_matrices"),
        ("consultant", "backoffice:outils_scenarios"),
        ("beneficiaire", "portail:outils_portail"),
        ("beneficiaire", "portail:outils_portail_competences"),
    ],
)
def test_list_pages_queries_do_not_grow(
    client_de, consultant, beneficiaire, bilan_en_cours, espace, nom
):
    user = consultant if espace == "consultant" else beneficiaire
    client = client_de(user)
    url = reverse(nom, args=[bilan_en_cours.pk])
    _remplir(bilan_en_cours, consultant, beneficiaire, 1)
    services.resultats_remettre(bilan=bilan_en_cours, consultant=consultant)
    un = _compte(client, url)
    _remplir(bilan_en_cours, consultant, beneficiaire, 2)
    assert _compte(client, url) == un


def test_portail_weights_must_total_100(client_de, beneficiaire, grille):
    bilan, (c1, c2) = grille
    url = reverse("portail:outils_portail_ponderation", args=[bilan.pk])
    client = client_de(beneficiaire)
    page = _html(client.post(url, {f"poids_{c1.pk}": "70", f"poids_{c2.pk}": "40"}))
    assert "Les poids doivent totaliser 100 ; leur total est de 110." in page
    assert "le total doit faire exactement 100" in page
    assert set(Critere.objects.values_list("poids", flat=True)) == {0}
    response = client.post(url, {f"poids_{c1.pk}": "70", f"poids_{c2.pk}": "30"})
    assert response.status_code == 302
    assert sorted(Critere.objects.values_list("poids", flat=True)) == [30, 70]


def test_portail_weights_of_another_bilan_is_404(client_de, autre_beneficiaire, grille):
    bilan, _ = grille
    url = reverse("portail:outils_portail_ponderation", args=[bilan.pk])
    assert client_de(autre_beneficiaire).get(url).status_code == 404
