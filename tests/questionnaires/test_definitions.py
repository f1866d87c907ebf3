"""Questionnaire definitions edited by administrators (issue 11, point 5: items, scales,
scoring rules), and the three defaults of migration 0002."""

from __future__ import annotations

import pytest

from seances.questionnaires.defauts import DEFAUTS
from seances.questionnaires.errors import QuestionnaireError
from seances.questionnaires.models import Item, Questionnaire
from seances.questionnaires.services import questionnaire_contenu, questionnaire_save
from seances.questionnaires.services.definitions import contenu_lire

pytestmark = pytest.mark.django_db

CONTENU = "# Goût du concret\nRéparer un objet\n(-) Rester assis toute la journée\n# Autre\nLire\n"


def _save(admin, questionnaire=None, **kw):
    data = {
        "nom": "Mon questionnaire",
        "theme": "interets",
        "consigne": "",
        "echelle": "Non\nUn peu\nOui",
        "calcul": "moyenne",
        "actif": True,
        "contenu": CONTENU,
    }
    data.update(kw)
    return questionnaire_save(by=admin, questionnaire=questionnaire, **data)


def test_defaults_three_questionnaires_in_french(questionnaire_interets) -> None:
    noms = set(Questionnaire.objects.values_list("nom", flat=True))
    assert noms == {"Intérêts professionnels", "Valeurs professionnelles", "Motivations"}
    assert questionnaire_interets.dimensions.count() == 6
    assert (
        Item.objects.filter(dimension__questionnaire__nom="Motivations", inverse=True).count() == 2
    )
    assert {d["theme"] for d in DEFAUTS} == {"interets", "valeurs", "motivations"}


def test_questionnaire_save_creates_dimensions_and_items(admin) -> None:
    questionnaire = _save(admin)
    assert questionnaire.echelle == ["Non", "Un peu", "Oui"]
    assert questionnaire.echelle_max == 3
    items = list(Item.objects.filter(dimension__questionnaire=questionnaire).order_by("pk"))
    assert [(i.texte, i.inverse) for i in items] == [
        ("Réparer un objet", False),
        ("Rester assis toute la journée", True),
        ("Lire", False),
    ]
    assert questionnaire_contenu(questionnaire=questionnaire).startswith(
        "# Goût du concret\nRéparer un objet\n(-) Rester assis"
    )


@pytest.mark.parametrize(
    ("contenu", "code"),
    [
        ("", "sans_dimension"),
        ("Un énoncé sans dimension\n# D\nx", "item_sans_dimension"),
        ("# Vide\n# Pleine\nx", "dimension_vide"),
        ("# D\n(-)", "item_invalide"),
        ("#\nx", "dimension_invalide"),
    ],
)
def test_contenu_lire_refuses_malformed_text(contenu, code) -> None:
    with pytest.raises(QuestionnaireError) as exc:
        contenu_lire(contenu)
    assert exc.value.code == code


@pytest.mark.parametrize("echelle", ["Seul", "\n".join(str(n) for n in range(11))])
def test_questionnaire_save_scale_of_2_to_10_labels(admin, echelle) -> None:
    with pytest.raises(QuestionnaireError) as exc:
        _save(admin, echelle=echelle)
    assert exc.value.code == "echelle_invalide"
    assert not Questionnaire.objects.filter(nom="Mon questionnaire").exists()


def test_questionnaire_save_by_a_consultant_is_refused(consultant) -> None:
    with pytest.raises(QuestionnaireError) as exc:
        _save(consultant)
    assert exc.value.code == "not_admin"


def test_questionnaire_save_name_taken_is_refused(admin, questionnaire_interets) -> None:
    with pytest.raises(QuestionnaireError) as exc:
        _save(admin, nom="Intérêts professionnels")
    assert exc.value.code == "nom_pris"


def test_questionnaire_save_used_keeps_its_structure(admin, passation_a_remplir) -> None:
    questionnaire = passation_a_remplir.questionnaire
    contenu = questionnaire_contenu(questionnaire=questionnaire)
    echelle = "\n".join(questionnaire.echelle)
    with pytest.raises(QuestionnaireError) as exc:
        _save(admin, questionnaire, nom=questionnaire.nom, echelle=echelle, contenu=CONTENU)
    assert exc.value.code == "questionnaire_utilise"
    assert questionnaire_contenu(questionnaire=questionnaire) == contenu
    # Its name and whether it is offered still change.
    _save(
        admin,
        questionnaire,
        nom="Intérêts (v1)",
        echelle=echelle,
        contenu=contenu,
        actif=False,
    )
    questionnaire.refresh_from_db()
    assert (questionnaire.nom, questionnaire.actif) == ("Intérêts (v1)", False)
    assert questionnaire_contenu(questionnaire=questionnaire) == contenu
