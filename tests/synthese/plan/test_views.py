"""The action plan's screens: the consultant's editor and timeline, the beneficiary's portal
page (seed 000; domain.md, point 8). Refusals show a French message, nothing changed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from beneficiaires.models import Bilan, Etat
from synthese.models import ActionPrevue, ContributionPlan, ObjectifSmart
from synthese.plan_action import services
from tests.synthese.plan.conftest import JOUR, action_donnees, aujourdhui, terminer

pytestmark = pytest.mark.django_db


def _form(**valeurs) -> dict[str, str]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else str(v)) for k, v in valeurs.items()}


@pytest.fixture
def c(client_de, consultant):
    return client_de(consultant)


@pytest.fixture
def b(client_de, beneficiaire):
    return client_de(beneficiaire)


# ------------------------------------------------------------------ the consultant


def test_editeur_shows_objectives_actions_by_horizon_and_proposals(
    c, plan_action_action, beneficiaire
) -> None:
    bilan = plan_action_action.plan.bilan
    services.plan_action_contribuer(
        bilan=bilan, beneficiaire_user=beneficiaire, texte="Et si je tentais la VAE ?"
    )
    texte = c.get(reverse("backoffice:plan_action_editeur", args=[bilan.pk])).content.decode()
    assert "Devenir formatrice en logistique" in texte
    immediat, reste = texte.split("<h3>Dans les prochains mois</h3>")
    assert "Appeler deux organismes de formation" in immediat
    assert "Et si je tentais la VAE ?" in reste
    assert reverse("backoffice:plan_action_action_modifier", args=[plan_action_action.pk]) in texte


def test_action_ajouter_creates_the_action(c, bilan_en_cours) -> None:
    url = reverse("backoffice:plan_action_action_ajouter", args=[bilan_en_cours.pk])
    response = c.post(url, _form(**action_donnees()))
    assert response.status_code == 302
    assert ActionPrevue.objects.get().intitule == "Rencontrer trois formateurs en poste"


def test_action_ajouter_refuses_an_end_before_the_start(c, bilan_en_cours) -> None:
    url = reverse("backoffice:plan_action_action_ajouter", args=[bilan_en_cours.pk])
    donnees = action_donnees(debut=aujourdhui() + 9 * JOUR, fin=aujourdhui() + 2 * JOUR)
    response = c.post(url, _form(**donnees))
    assert response.status_code == 200
    assert "La fin de l&#x27;action ne peut pas précéder son début." in response.content.decode()
    assert ActionPrevue.objects.count() == 0


def test_objectif_ajouter_refuses_an_empty_objective(c, bilan_en_cours) -> None:
    url = reverse("backoffice:plan_action_objectif_ajouter", args=[bilan_en_cours.pk])
    response = c.post(url, {"intitule": "", "echeance": ""})
    texte = response.content.decode()
    assert response.status_code == 200
    assert texte.count("Ce champ est obligatoire.") == 6
    assert ObjectifSmart.objects.count() == 0


def test_objectif_modifier_changes_each_criterion(c, plan_action_objectif) -> None:
    url = reverse("backoffice:plan_action_objectif_modifier", args=[plan_action_objectif.pk])
    assert "Titre professionnel de formateur" in c.get(url).content.decode()
    donnees = {
        "intitule": "Devenir formatrice",
        "specifique": "S",
        "mesurable": "M",
        "atteignable": "A",
        "realiste": "R",
        "echeance": (aujourdhui() + 90 * JOUR).isoformat(),
    }
    assert c.post(url, donnees).status_code == 302
    plan_action_objectif.refresh_from_db()
    assert (plan_action_objectif.intitule, plan_action_objectif.realiste) == (
        "Devenir formatrice",
        "R",
    )


def test_editing_a_locked_plan_is_refused_with_nothing_changed(
    c, plan_action_action, consultant
) -> None:
    bilan = plan_action_action.plan.bilan
    services.plan_action_verrouiller(bilan=bilan)
    page = c.get(reverse("backoffice:plan_action_editeur", args=[bilan.pk])).content.decode()
    assert "il ne peut plus être modifié" in page
    assert "Ajouter une action" not in page
    url = reverse("backoffice:plan_action_action_modifier", args=[plan_action_action.pk])
    response = c.post(url, _form(**action_donnees()))
    assert response.status_code == 200
    assert "fait partie de la synthèse signée" in response.content.decode()
    supprimer = reverse("backoffice:plan_action_action_supprimer", args=[plan_action_action.pk])
    response = c.post(supprimer, follow=True)
    assert "fait partie de la synthèse signée" in response.content.decode()
    plan_action_action.refresh_from_db()
    assert plan_action_action.intitule == "Appeler deux organismes de formation"


def test_another_consultant_cannot_reach_the_action(
    client_de, autre_consultant, plan_action_action
):
    url = reverse("backoffice:plan_action_action_modifier", args=[plan_action_action.pk])
    response = client_de(autre_consultant).post(url, _form(**action_donnees()))
    assert response.status_code == 404
    plan_action_action.refresh_from_db()
    assert plan_action_action.horizon == "immediat"


def test_calendrier_is_an_svg_with_bars_a_today_line_and_a_table(
    c, plan_action_action, consultant
) -> None:
    bilan = plan_action_action.plan.bilan
    services.plan_action_action_save(
        bilan=bilan,
        consultant=consultant,
        **action_donnees(
            horizon="long_terme", debut=aujourdhui() + 90 * JOUR, fin=aujourdhui() + 300 * JOUR
        ),
    )
    texte = c.get(reverse("backoffice:plan_action_calendrier", args=[bilan.pk])).content.decode()
    svg = texte[texte.index("<svg") : texte.index("</svg>")]
    barres = re.findall(
        r'<rect class="gantt-barre gantt-(\w+)" x="([\d.]+)" y="[\d.]+" '
        r'width="([\d.]+)"',
        svg,
    )
    assert [h for h, _x, _w in barres] == ["immediat", "long_terme"]
    (x1, w1), (x2, w2) = [(float(x), float(w)) for _h, x, w in barres]
    assert x1 < x2 and w1 < w2
    assert 'class="gantt-aujourdhui"' in svg
    assert "style=" not in texte
    assert "<title>Appeler deux organismes de formation : du " in svg
    assert '<table class="gantt-tableau">' in texte
    assert "À plus long terme" in svg


def test_calendrier_without_actions_says_so(c, bilan_en_cours) -> None:
    texte = c.get(
        reverse("backoffice:plan_action_calendrier", args=[bilan_en_cours.pk])
    ).content.decode()
    assert "Le plan ne compte encore aucune action datée." in texte
    assert "<svg" not in texte


@pytest.mark.parametrize("nombre", [1, 3])
def test_editeur_query_count_does_not_grow_with_actions(
    c, bilan_en_cours, consultant, beneficiaire, nombre, django_assert_num_queries
) -> None:
    for i in range(nombre):
        action = services.plan_action_action_save(
            bilan=bilan_en_cours, consultant=consultant, **action_donnees(intitule=f"Action {i}")
        )
        services.plan_action_contribuer(
            bilan=bilan_en_cours, beneficiaire_user=beneficiaire, texte="Oui", action=action
        )
    url = reverse("backoffice:plan_action_editeur", args=[bilan_en_cours.pk])
    c.get(url)  # the session's first load
    with django_assert_num_queries(8):
        assert c.get(url).status_code == 200


# ------------------------------------------------------------------ the beneficiary


def test_portail_proposes_during_the_bilan(b, bilan_en_cours, client_de, consultant) -> None:
    url = reverse("portail:plan_action_proposer", args=[bilan_en_cours.pk])
    response = b.post(url, {"texte": "Un stage d'observation", "action": ""})
    assert response.status_code == 302
    assert ContributionPlan.objects.get().texte == "Un stage d'observation"
    editeur = reverse("backoffice:plan_action_editeur", args=[bilan_en_cours.pk])
    assert "Un stage d&#x27;observation" in client_de(consultant).get(editeur).content.decode()


def test_portail_proposal_empty_is_refused(b, bilan_en_cours) -> None:
    url = reverse("portail:plan_action_proposer", args=[bilan_en_cours.pk])
    response = b.post(url, {"texte": "   "})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert ContributionPlan.objects.count() == 0


def test_portail_running_bilan_offers_no_ticking(b, plan_action_action) -> None:
    bilan = plan_action_action.plan.bilan
    texte = b.get(reverse("portail:plan_action_portail", args=[bilan.pk])).content.decode()
    assert "Appeler deux organismes de formation" in texte
    assert 'name="fait"' not in texte
    assert "Proposer ou commenter une action" in texte


def test_portail_ticks_an_action_after_the_bilan(b, termine, plan_action_action) -> None:
    page = b.get(reverse("portail:plan_action_portail", args=[termine.pk])).content.decode()
    assert f'id="fait-{plan_action_action.pk}"' in page
    assert "Proposer ou commenter une action" not in page
    url = reverse("portail:plan_action_cocher", args=[plan_action_action.pk])
    response = b.post(url, {"fait": "on"}, follow=True)
    assert "Action marquée comme réalisée." in response.content.decode()
    plan_action_action.refresh_from_db()
    assert plan_action_action.fait and plan_action_action.fait_le is not None


def test_portail_tick_refused_while_the_bilan_runs(b, plan_action_action) -> None:
    url = reverse("portail:plan_action_cocher", args=[plan_action_action.pk])
    response = b.post(url, {"fait": "on"}, follow=True)
    assert "une fois votre bilan terminé" in response.content.decode()
    plan_action_action.refresh_from_db()
    assert not plan_action_action.fait


def test_ticking_someone_elses_action_is_404(
    client_de, autre_beneficiaire, termine, plan_action_action
) -> None:
    url = reverse("portail:plan_action_cocher", args=[plan_action_action.pk])
    assert client_de(autre_beneficiaire).post(url, {"fait": "on"}).status_code == 404
    plan_action_action.refresh_from_db()
    assert not plan_action_action.fait


@pytest.mark.parametrize("nombre", [1, 3])
def test_portail_query_count_does_not_grow_with_actions(
    b, bilan_en_cours, consultant, nombre, django_assert_num_queries
) -> None:
    for i in range(nombre):
        services.plan_action_action_save(
            bilan=bilan_en_cours, consultant=consultant, **action_donnees(intitule=f"Action {i}")
        )
    terminer(bilan_en_cours)
    url = reverse("portail:plan_action_portail", args=[bilan_en_cours.pk])
    b.get(url)
    with django_assert_num_queries(8):
        assert b.get(url).status_code == 200


def test_links_on_the_bilan_page_and_the_portal_home(c, b, bilan_en_cours) -> None:
    bilan_page = c.get(reverse("backoffice:bilan", args=[bilan_en_cours.pk])).content.decode()
    assert reverse("backoffice:plan_action_editeur", args=[bilan_en_cours.pk]) in bilan_page
    accueil = b.get(reverse("portail:accueil")).content.decode()
    assert reverse("portail:plan_action_portail", args=[bilan_en_cours.pk]) in accueil


def test_portal_home_has_no_plan_link_before_the_bilan_runs(b, bilan) -> None:
    assert Bilan.objects.get(pk=bilan.pk).etat == Etat.PREALABLE
    accueil = b.get(reverse("portail:accueil")).content.decode()
    assert "Voir mon plan d&#x27;action" not in accueil
