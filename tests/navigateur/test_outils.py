"""The investigation tools in a real browser (issue 11; seed 004, séances 2 to 8; Document
de synthèse: every result is handed to the beneficiary).

The consultant draws the career timeline; the beneficiary fills the competence inventory in
the portal (guided personal work) and does not see the consultant's assessment yet; the
consultant reviews it, builds a gap matrix that reuses the inventory's level, and a scenario
comparison whose weights must total 100 (the beneficiary revises them in the portal); then
hands the results over in one click, and the beneficiary sees everything in the portal.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.beneficiaires.factories import BilanFactory, DossierFactory
from tests.factories import BeneficiaireFactory, ConsultantFactory
from tests.navigateur.test_seances_emargement import connecter

pytestmark = pytest.mark.navigateur


def test_inventory_gap_matrix_scenarios_and_hand_over(live_server, page: Page) -> None:
    consultant = ConsultantFactory(first_name="Claire", last_name="Martin")
    beneficiaire = BeneficiaireFactory(first_name="Sophie", last_name="Durand")
    bilan = BilanFactory(
        beneficiaire=DossierFactory(user=beneficiaire), consultant=consultant, etat="en_cours"
    )
    base = live_server.url
    c_page = page
    b_page = page.context.browser.new_context(base_url=base).new_page()
    connecter(c_page.context, base, consultant)
    connecter(b_page.context, base, beneficiaire)

    # 1. The consultant draws the timeline from the bilan's page.
    c_page.goto(f"{base}/espace/bilans/{bilan.pk}/")
    c_page.get_by_role("link", name="Parcours, compétences, écarts, scénarios").click()
    c_page.get_by_role("link", name="Grille d'analyse du parcours").click()
    c_page.get_by_label("Type de période").select_option("poste")
    c_page.get_by_label("Intitulé (poste, diplôme, situation)").fill("Agente d'exploitation")
    c_page.get_by_label("Début").fill("2012-09-01")
    c_page.get_by_label("Fin", exact=True).fill("2010-01-01")
    c_page.get_by_role("button", name="Ajouter au parcours").click()
    expect(
        c_page.get_by_text("La date de fin ne peut pas précéder la date de début.")
    ).to_be_visible()
    c_page.get_by_label("Fin", exact=True).fill("2018-06-30")
    c_page.get_by_role("button", name="Ajouter au parcours").click()
    expect(c_page.get_by_role("rowheader", name="Agente d'exploitation")).to_be_visible()
    expect(c_page.locator("svg.frise rect.frise-poste")).to_have_count(1)

    # 2. The beneficiary fills the inventory in the portal.
    b_page.goto(f"{base}/portail/")
    b_page.get_by_role("link", name="Ouvrir mes outils de bilan").click()
    b_page.get_by_role("link", name="Compléter mon inventaire").click()
    b_page.locator("#id_intitule").fill("Planification des tournées")
    b_page.locator("#id_type").select_option("technique")
    b_page.get_by_label("Expérience d'où elle vient").select_option(
        label="Agente d'exploitation (2012)"
    )
    b_page.get_by_label("Mon niveau").select_option("2")
    b_page.get_by_label("Preuves et exemples").fill("Outil de planification déployé.")
    b_page.get_by_label("Transférabilité").select_option("forte")
    b_page.get_by_role("button", name="Ajouter à mon inventaire").click()
    expect(b_page.get_by_role("rowheader", name="Planification des tournées")).to_be_visible()

    # 3. The consultant reviews it.
    c_page.goto(f"{base}/espace/bilans/{bilan.pk}/outils/competences/")
    c_page.get_by_role("link", name="Évaluer Planification des tournées").click()
    c_page.get_by_label("Niveau évalué par le consultant").select_option("3")
    c_page.get_by_label("Commentaire").fill("Solide, à chiffrer.")
    c_page.get_by_role("button", name="Enregistrer mon évaluation").click()
    expect(c_page.get_by_text("Votre évaluation de la compétence est enregistrée.")).to_be_visible()
    b_page.reload()
    expect(b_page.get_by_text("Solide, à chiffrer.")).to_have_count(0)

    # 4. A gap matrix: the inventory's level (3, the consultant's) is reused by name.
    c_page.goto(f"{base}/espace/bilans/{bilan.pk}/outils/matrices/")
    c_page.get_by_label("Métier ou projet visé").fill("Responsable logistique")
    c_page.get_by_role("button", name="Créer la matrice").click()
    c_page.get_by_role("textbox", name="Compétence requise").fill("planification des tournées")
    c_page.get_by_label("Niveau requis").select_option("4")
    c_page.get_by_label("Moyen de combler l'écart").select_option("formation")
    c_page.get_by_label("Comment").fill("Module de planification avancée")
    c_page.get_by_role("button", name="Ajouter", exact=True).click()
    ligne = c_page.get_by_role("row").filter(has_text="niveau repris de l'inventaire")
    expect(ligne.get_by_role("cell")).to_have_text(
        [
            "4",
            "3",
            "1 niveau",
            "Formation : Module de planification avancée",
            "Retirer planification des tournées",
        ]
    )

    # 5. The scenario comparison: weights must total 100, scores 0 to 5.
    c_page.goto(f"{base}/espace/bilans/{bilan.pk}/outils/scenarios/")
    for intitule in ("Logistique d'entrepôt", "Rester dans le transport"):
        c_page.locator("#id_intitule").fill(intitule)
        c_page.get_by_role("button", name="Ajouter le scénario").click()
    for critere in ("Intérêt du travail", "Équilibre de vie"):
        c_page.get_by_label("Nouveau critère").fill(critere)
        c_page.get_by_role("button", name="Ajouter le critère").click()
    ponderation = c_page.get_by_role("region", name="Pondération choisie par le bénéficiaire")
    ponderation.get_by_label("Intérêt du travail").fill("50")
    ponderation.get_by_label("Équilibre de vie").fill("30")
    ponderation.get_by_role("button", name="Enregistrer la pondération").click()
    expect(
        c_page.get_by_text("Les poids doivent totaliser 100 ; leur total est de 80.")
    ).to_be_visible()
    ponderation = c_page.get_by_role("region", name="Pondération choisie par le bénéficiaire")
    ponderation.get_by_label("Équilibre de vie").fill("50")
    ponderation.get_by_role("button", name="Enregistrer la pondération").click()
    expect(c_page.get_by_text("La pondération est enregistrée.")).to_be_visible()
    # The beneficiary revises the weights in the portal (they are theirs to choose).
    b_page.goto(f"{base}/portail/bilans/{bilan.pk}/outils/")
    b_page.get_by_role("link", name="Pondérer mes critères").click()
    b_page.get_by_label("Intérêt du travail").fill("60")
    b_page.get_by_label("Équilibre de vie").fill("40")
    b_page.get_by_role("button", name="Enregistrer ma pondération").click()
    expect(b_page.get_by_text("Votre pondération des critères est enregistrée.")).to_be_visible()
    c_page.reload()
    notes = c_page.get_by_role("region", name="Notes par critère (0 à 5)")
    for libelle, valeur in (
        ("A · Intérêt du travail", "5"),
        ("A · Équilibre de vie", "3"),
        ("B · Intérêt du travail", "2"),
        ("B · Équilibre de vie", "4"),
    ):
        notes.get_by_label(libelle, exact=True).fill(valeur)
    notes.get_by_role("button", name="Enregistrer les notes").click()
    expect(c_page.get_by_role("row", name="A. Logistique d'entrepôt 4,20 / 5")).to_be_visible()
    expect(c_page.locator("svg.histogramme rect")).to_have_count(2)
    c_page.get_by_label("Raison de retenir le scénario A").fill("Le plus motivant.")
    c_page.get_by_role("button", name="Retenir le scénario A").click()
    expect(c_page.get_by_text("Le scénario A est retenu.", exact=True)).to_be_visible()

    # Before the hand-over the portal shows neither matrices nor scenarios.
    b_page.goto(f"{base}/portail/bilans/{bilan.pk}/outils/")
    expect(b_page.get_by_role("heading", name="Matrices d'écart")).to_have_count(0)

    # 6. The hand-over, confirmed.
    c_page.goto(f"{base}/espace/bilans/{bilan.pk}/outils/")
    c_page.get_by_role("link", name="Remettre les résultats au bénéficiaire").click()
    c_page.get_by_role("button", name="Confirmer la remise des résultats").click()
    expect(c_page.get_by_text("Les résultats sont remis au bénéficiaire")).to_be_visible()

    # 7. The beneficiary sees everything.
    b_page.reload()
    expect(b_page.get_by_text("Solide, à chiffrer.")).to_be_visible()
    expect(b_page.get_by_role("heading", name="Responsable logistique")).to_be_visible()
    expect(
        b_page.get_by_role("heading", name="Scénario A : Logistique d'entrepôt · retenu")
    ).to_be_visible()
    expect(b_page.get_by_text("Le plus motivant.")).to_be_visible()

    # 8. The consultant starts the synthèse from the results: the chosen scenario is offered
    # as starting text for the project section and inserted only on the consultant's click.
    c_page.goto(f"{base}/espace/bilans/{bilan.pk}/synthese/")
    c_page.get_by_role("button", name="Commencer la synthèse").click()
    projet = c_page.get_by_label("Projet professionnel et pistes alternatives")
    expect(projet).to_have_value("")
    c_page.get_by_role("button", name="Insérer : Scénario retenu et alternatives").click()
    expect(c_page.get_by_label("Projet professionnel et pistes alternatives")).to_contain_text(
        "Logistique d'entrepôt"
    )
    expect(c_page.locator("#etat-enregistrement")).to_contain_text("Enregistré à")
    # Saved for real: the inserted text is still there after a reload.
    c_page.wait_for_load_state("networkidle")
    c_page.reload()
    expect(c_page.get_by_label("Projet professionnel et pistes alternatives")).to_have_value(
        re.compile("Logistique d'entrepôt")
    )
