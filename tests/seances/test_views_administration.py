"""The administrators' screens: plan templates, a bilan's sessions as metadata only
(domain.md, The people: never content)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from seances.models import PlanModele
from seances.services import note_seance_set
from tests.seances.outils import Connecte, jour, planifier, seance_n, tenir

pytestmark = pytest.mark.django_db


@pytest.fixture
def a(admin, horloge) -> Connecte:
    return Connecte(admin)


def _modele(**extra):
    data = {
        "nom": "Programme court",
        "minutes_travail_personnel": 120,
        "seances-TOTAL_FORMS": 3,
        "seances-INITIAL_FORMS": 0,
        "seances-0-phase": "preliminaire",
        "seances-0-intitule": "Lancement",
        "seances-0-duree_minutes": 120,
        "seances-1-phase": "investigation",
        "seances-1-intitule": "Exploration",
        "seances-1-duree_minutes": 180,
        "seances-2-phase": "conclusion",
        "seances-2-intitule": "Restitution",
        "seances-2-duree_minutes": 90,
    }
    data.update(extra)
    return data


def test_plan_modeles_lists_the_seed_template(a) -> None:
    from seances.demo import programme_seed_ensure

    programme_seed_ensure()
    texte = a.get(reverse("administration:plan_modeles")).content.decode()
    assert "Programme standard (8 séances)" in texte
    assert "<td>8</td><td>6 h</td><td>oui</td>" in texte


def test_plan_modele_creer_saves_the_sessions_in_order(a) -> None:
    response = a.post(reverse("administration:plan_modele_creer"), _modele())
    assert response["Location"] == reverse("administration:plan_modeles")
    modele = PlanModele.objects.get(nom="Programme court")
    assert [(s.numero, s.intitule, s.duree_minutes) for s in modele.seances.all()] == [
        (1, "Lancement", 120),
        (2, "Exploration", 180),
        (3, "Restitution", 90),
    ]


def test_plan_modele_without_a_conclusion_is_refused(a) -> None:
    data = _modele(
        **{"seances-2-phase": "", "seances-2-intitule": "", "seances-2-duree_minutes": ""}
    )
    response = a.post(reverse("administration:plan_modele_creer"), data)
    assert "Le modèle doit prévoir au moins une séance de chacune des trois phases." in (
        response.content.decode()
    )
    assert not PlanModele.objects.filter(nom="Programme court").exists()


def test_plan_modele_half_filled_row_is_refused(a) -> None:
    response = a.post(
        reverse("administration:plan_modele_creer"), _modele(**{"seances-2-intitule": ""})
    )
    assert "Une ligne commencée doit avoir sa phase, son intitulé et sa durée." in (
        response.content.decode()
    )
    assert not PlanModele.objects.filter(nom="Programme court").exists()


def test_plan_modele_modifier_keeps_24_hours(a) -> None:
    from seances.demo import programme_seed_ensure

    programme_seed_ensure()
    modele = PlanModele.objects.get(par_defaut=True)
    page = a.get(reverse("administration:plan_modele_modifier", args=[modele.pk])).content.decode()
    assert 'value="Séance 8 – Plan d&#x27;action"' in page
    response = a.post(
        reverse("administration:plan_modele_modifier", args=[modele.pk]),
        _modele(nom=modele.nom, minutes_travail_personnel=20 * 60, par_defaut="on"),
    )
    assert "Le bilan ne peut pas dépasser 24 heures" in response.content.decode()
    assert modele.seances.count() == 8


def test_seance_metadonnees_shows_dates_and_signatures_never_notes(
    a, plan, en_cours, consultant, horloge
) -> None:
    s1 = planifier(seance_n(en_cours, 1), jour(1))
    horloge(jour(1), "10:00")
    tenir(s1)
    note_seance_set(seance=s1, consultant=consultant, texte="Très confidentiel", partagee=True)
    texte = a.get(reverse("administration:seance_metadonnees", args=[en_cours.pk])).content.decode()
    assert "02/12/2026" in texte and "09:00–11:00" in texte
    assert "Bénéficiaire (matin), Consultant (matin)" in texte
    assert "Très confidentiel" not in texte
    assert "Séance 1 –" not in texte  # titles are not needed for metadata
