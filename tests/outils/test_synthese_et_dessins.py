"""The synthèse's starting texts (issue 11, point 7; domain.md, point 7) and the drawings
(timeline, bar chart, the PDF partial)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.template import Context, Template

from seances.outils import services, synthese_textes
from seances.outils.dessins import frise_parcours, histogramme_scenarios
from seances.outils.models import Competence, EntreeParcours, Scenario
from seances.outils.services.scenarios import Resultat
from synthese.sources import Section, sources_for

D = datetime.date


def _c(intitule, niveau_auto, niveau_consultant=None, type="technique", **kw):
    return Competence(
        intitule=intitule,
        type=type,
        niveau_auto=niveau_auto,
        niveau_consultant=niveau_consultant,
        **kw,
    )


def test_texte_competences_strengths_then_areas_for_progress():
    texte = synthese_textes.texte_competences(
        [
            _c("Planification", 2, 4, transferabilite="forte", transfert="Logistique"),
            _c("Tableurs", 3, 2),
            _c("Écoute", 3, type="comportementale"),
            _c("Anglais", None),
        ]
    )
    assert texte == (
        "Points d'appui :\n"
        "- Planification (technique, 4 — Expertise), transférabilité forte : Logistique\n"
        "- Écoute (comportementale, 3 — Maîtrise)\n"
        "\n"
        "Axes de progrès :\n"
        "- Tableurs (technique, 2 — Pratique)"
    )


def test_texte_competences_empty_inventory_gives_nothing():
    assert synthese_textes.texte_competences([]) == ""


def _r(lettre, intitule, score, retenu=False, **kw):
    s = Scenario(lettre=lettre, intitule=intitule, retenu=retenu, **kw)
    return Resultat(scenario=s, score=None if score is None else Decimal(score), manquantes=0)


def test_texte_projet_chosen_scenario_then_alternatives():
    texte = synthese_textes.texte_projet(
        [
            _r("A", "Logistique d'entrepôt", "3.80", retenu=True, raison="Motivant", leviers="CPF"),
            _r("B", "Rester", "2.10"),
            _r("C", "Formatrice", None),
        ]
    )
    assert texte == (
        "Scénario retenu : Logistique d'entrepôt (résultat pondéré 3,80/5).\n"
        "Raison du choix : Motivant\n"
        "Leviers : CPF\n"
        "\n"
        "Pistes alternatives :\n"
        "- Rester (résultat pondéré 2,10/5)\n"
        "- Formatrice (résultat pondéré non calculé)"
    )


def test_texte_projet_nothing_until_a_scenario_is_chosen():
    assert synthese_textes.texte_projet([_r("A", "X", "3")]) == ""


def test_texte_formation_and_etapes_from_the_gaps(outils_exigence, consultant):
    services.exigence_add(
        matrice=outils_exigence.matrice,
        consultant=consultant,
        intitule="Réseau du secteur",
        niveau_requis=2,
        niveau_saisi=1,
        moyen="reseau",
        moyen_detail="Deux enquêtes métier.",
    )
    services.exigence_add(
        matrice=outils_exigence.matrice,
        consultant=consultant,
        intitule="Permis",
        niveau_requis=1,
        niveau_saisi=4,
    )
    bilan = outils_exigence.matrice.dossier.bilan
    assert synthese_textes.source_formation(bilan) == (
        "Formation visée pour « Responsable logistique » :\n"
        "- Tableaux de bord : 1 — Notions, requis 3 — Maîtrise ; Formation courte."
    )
    assert synthese_textes.source_etapes(bilan) == (
        "Pour « Responsable logistique », écarts à combler :\n"
        "Formation :\n"
        "- Tableaux de bord : 1 — Notions, requis 3 — Maîtrise ; Formation courte.\n"
        "Réseau :\n"
        "- Réseau du secteur : 1 — Notions, requis 2 — Pratique ; Deux enquêtes métier."
    )


def test_sources_are_registered_for_the_matching_sections(outils_competence):
    libelles = {
        section: [s.libelle for s in sources_for(section)]
        for section in (Section.COMPETENCES, Section.PROJET, Section.FORMATION, Section.ETAPES)
    }
    assert "Inventaire des compétences" in libelles[Section.COMPETENCES]
    assert "Scénario retenu et alternatives" in libelles[Section.PROJET]
    assert "Écarts à combler par la formation" in libelles[Section.FORMATION]
    assert "Matrices d'écart : moyens de combler" in libelles[Section.ETAPES]
    (source,) = [s for s in sources_for(Section.COMPETENCES) if s.libelle.startswith("Inv")]
    assert source.texte(outils_competence.dossier.bilan).startswith("Points d'appui :")


def test_texts_read_nothing_of_another_bilan(outils_competence, bilan_prealable):
    assert synthese_textes.source_competences(bilan_prealable) == ""
    assert synthese_textes.source_projet(bilan_prealable) == ""


# --- Drawings ---------------------------------------------------------------------------


def _e(pk, type, debut, fin, intitule="Période"):
    return EntreeParcours(pk=pk, type=type, debut=debut, fin=fin, intitule=intitule)


def test_frise_overlapping_periods_go_on_separate_lines():
    frise = frise_parcours(
        [
            _e(1, "poste", D(2010, 1, 1), D(2015, 12, 31)),
            _e(2, "formation", D(2013, 1, 1), D(2014, 6, 30)),
            _e(3, "rupture", D(2016, 1, 1), None),
        ],
        aujourdhui=D(2020, 6, 1),
    )
    assert [(b.numero, b.y, b.type) for b in frise.barres] == [
        (1, 8, "poste"),
        (2, 36, "formation"),
        (3, 8, "rupture"),
    ]
    assert frise.graduations[0].annee == 2010 and frise.graduations[-1].annee == 2021
    assert frise.barres[0].x == 20.0
    assert frise.hauteur == 8 + 2 * 28 + 26


def test_frise_shortens_labels_that_do_not_fit():
    frise = frise_parcours(
        [
            _e(1, "poste", D(2000, 1, 1), D(2000, 3, 1), "Un intitulé bien trop long"),
            _e(2, "poste", D(2001, 1, 1), D(2020, 1, 1), "Court"),
        ],
        aujourdhui=D(2020, 6, 1),
    )
    assert frise.barres[0].libelle in ("1", "")
    assert frise.barres[0].titre == "1. Un intitulé bien trop long"
    assert frise.barres[1].libelle == "2. Court"


def test_frise_nothing_without_periods():
    assert frise_parcours([], aujourdhui=D(2020, 1, 1)) is None


def test_histogramme_bar_width_follows_the_score():
    h = histogramme_scenarios([_r("A", "X", "5.00"), _r("B", "Y", "2.50"), _r("C", "Z", None)])
    assert [(b.lettre, b.largeur) for b in h.batons] == [("A", 560.0), ("B", 280.0), ("C", 0.0)]


@pytest.mark.filterwarnings("ignore")
def test_pdf_partial_draws_the_timeline_with_weasyprint(outils_entree):
    from pypdf import PdfReader
    from weasyprint import HTML

    html = Template("{% load outils_tags %}{% outils_parcours_pdf bilan %}").render(
        Context({"bilan": outils_entree.dossier.bilan})
    )
    assert "<svg" in html and 'fill="#1d4f91"' in html and " style=" not in html
    pdf = HTML(string=f"<html><body>{html}</body></html>").write_pdf()
    texte = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Agente d'exploitation" in texte
    assert "2012" in texte
