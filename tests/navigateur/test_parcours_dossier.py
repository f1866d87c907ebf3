"""From the first contact to an engaged bilan, in a real browser, under each funding path
(domain.md, The life of a bilan; Funding).

The people, their browsers and the shared steps are in parcours_support.py (its docstring
says how they log in, how tasks run and how the clock moves).
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from beneficiaires.convention import conventions_expire
from beneficiaires.models import Bilan, EntretienPrealable, Etat
from beneficiaires.selectors import cpf_reste_a_charge
from beneficiaires.tasks import conventions_expire_task
from bilan.comptes.models import User
from tests.navigateur.parcours_support import (
    Parcours,
    aller_a,
    aujourdhui,
    beneficiaire_ouvre_convention,
    beneficiaire_signe,
    certificat_du_portail,
    connecter_beneficiaire,
    connecter_consultant,
    convention_remplir,
    convention_signer_et_envoyer,
    demarrer,
    employeur_signe,
    etape,
    etape_actuelle,
    message,
    premier_contact,
    purger,
    seances_tenues_puis_terminer,
)

pytestmark = pytest.mark.navigateur

# --- The paths -----------------------------------------------------------------------------


def test_parcours_cpf_from_first_contact_to_the_purge(parcours: Parcours, tmp_path: Path) -> None:
    p = parcours
    bilan = premier_contact(p, prenom="Sophie", nom="Durand", email="sophie.durand@exemple.test")
    c, b = p.consultant, p.beneficiaire

    etape(c).get_by_role("link", name="Choisir le financement").click()
    c.get_by_role("link", name="Financement CPF").click()
    reste = cpf_reste_a_charge(on=aujourdhui(), beneficiaire=bilan.beneficiaire)
    montant = f"{reste:.2f}".replace(".", ",")
    expect(
        c.get_by_text(f"Reste à charge du bénéficiaire aujourd'hui : {montant} €")
    ).to_be_visible()
    c.get_by_label("Prix (€)").fill("1800")
    c.get_by_label("Numéro de dossier CPF").fill("CPF-2026-0042")
    c.get_by_label("Le bénéficiaire déclare n'avoir suivi aucun autre bilan").check()
    c.get_by_role("button", name="Enregistrer le financement CPF").click()
    expect(c.get_by_label("Prix (€)")).to_have_attribute("aria-invalid", "true")
    expect(c.get_by_text("ne peut pas dépasser 1 600")).to_be_visible()
    assert Bilan.objects.get(pk=bilan.pk).financement == ""

    c.get_by_label("Prix (€)").fill("1500")
    c.get_by_role("button", name="Enregistrer le financement CPF").click()
    expect(message(c)).to_contain_text("Le financement CPF est enregistré.")
    expect(c.get_by_text("Compte personnel de formation (CPF)").first).to_be_visible()
    b.reload()
    expect(etape_actuelle(b)).to_contain_text("Engagement")
    expect(b.get_by_text(f"participation forfaitaire de {montant} €")).to_be_visible()

    demarrer(p)
    b.reload()
    expect(etape_actuelle(b)).to_contain_text("Bilan en cours")
    expect(b.get_by_text("Participez aux séances prévues")).to_be_visible()
    assert Bilan.objects.get(pk=bilan.pk).etat == Etat.EN_COURS

    # No convention on the CPF path (D6353-1 III: the CPF terms stand for it).
    expect(b.get_by_role("link", name="Voir et signer la convention")).to_have_count(0)
    c.goto(p.url(f"/espace/bilans/{bilan.pk}/"))
    expect(c.get_by_role("link", name="Voir la convention")).to_have_count(0)

    # Sessions held, the bilan ended; the certificat names the CPF and counts the
    # accompaniment apart from the personal work (D6323-6: only the first is CPF-fundable).
    sophie = User.objects.get(email="sophie.durand@exemple.test")
    fin = seances_tenues_puis_terminer(p, bilan, sophie)
    texte = certificat_du_portail(p, bilan, tmp_path / "certificat.pdf")
    assert "Compte personnel de formation (CPF)" in texte
    assert "16 h d'accompagnement individuel émargé ; 0 h de travail personnel" in texte

    # The next night the content goes; the CPF record and the declaration (proof) stay.
    aller_a(p, fin + datetime.timedelta(days=1), "03:00", beneficiaire=sophie)
    assert purger().statut == "terminee"
    assert not EntretienPrealable.objects.filter(bilan=bilan).exists()
    b.goto(p.url("/portail/"))
    expect(b.get_by_role("heading", name="Votre entretien préalable")).to_have_count(0)
    expect(b.get_by_text(f"participation forfaitaire de {montant} €")).to_be_visible()
    c.goto(p.url(f"/espace/bilans/{bilan.pk}/financement/cpf/"))
    expect(c.get_by_label("Numéro de dossier CPF")).to_have_value("CPF-2026-0042")
    expect(
        c.get_by_label("Le bénéficiaire déclare n'avoir suivi aucun autre bilan")
    ).to_be_checked()


def test_parcours_autofinancement_starts_after_the_withdrawal_period(
    parcours: Parcours, tmp_path: Path
) -> None:
    p = parcours
    bilan = premier_contact(p, prenom="Karim", nom="Benali", email="karim.benali@exemple.test")
    c = p.consultant
    jour = aujourdhui()

    etape(c).get_by_role("link", name="Choisir le financement").click()
    c.get_by_role("link", name="Contrat d'autofinancement").click()
    c.get_by_label("Prix (€)").fill("1000")
    c.get_by_label("Contrat signé le").fill(jour.isoformat())
    lignes = [
        (jour + datetime.timedelta(days=5), "300"),
        (jour + datetime.timedelta(days=40), "700"),
    ]
    for n, (date, montant) in enumerate(lignes, start=1):
        c.get_by_label(f"Date de l'échéance {n}").fill(date.isoformat())
        c.get_by_label(f"Montant (€) de l'échéance {n}").fill(montant)
    c.get_by_role("button", name="Enregistrer le contrat").click()
    fin = (jour + datetime.timedelta(days=10)).strftime("%d/%m/%Y")
    expect(c.get_by_role("alert")).to_contain_text(
        f"tombe pendant le délai de rétractation de 10 jours, qui court jusqu'au {fin} inclus"
    )
    assert Bilan.objects.get(pk=bilan.pk).financement == ""

    c.get_by_label("Date de l'échéance 1").fill((jour + datetime.timedelta(days=11)).isoformat())
    c.get_by_role("button", name="Enregistrer le contrat").click()
    expect(message(c)).to_contain_text("Le contrat d'autofinancement est enregistré.")
    expect(etape(c)).to_contain_text(f"Délai de rétractation de 10 jours en cours jusqu'au {fin}")
    expect(etape(c).get_by_role("link")).to_have_count(0)
    expect(etape(c).get_by_role("button")).to_have_count(0)

    changer = c.get_by_role("region", name="Changer l'état")
    changer.get_by_role("button", name="Démarrer le bilan").click()
    expect(message(c)).to_contain_text("le délai de rétractation de 10 jours écoulé")
    expect(c.get_by_text("État : Engagement")).to_be_visible()

    # The beneficiary reads the same last day and her schedule; nothing is scheduled yet
    # (L6353-5: the engagement is complete once the withdrawal period is over).
    b = p.beneficiaire
    b.reload()
    expect(b.get_by_text(f"Vous pouvez vous rétracter jusqu'au {fin} inclus")).to_be_visible()
    echeancier = b.get_by_role("table", name="Votre échéancier (prix : 1000,00 €)")
    expect(echeancier.get_by_role("row")).to_have_count(3)
    expect(echeancier).to_contain_text("300,00 €")
    c.goto(p.url(f"/espace/bilans/{bilan.pk}/plan/"))
    c.get_by_role("button", name="Créer le plan à partir de ce modèle").click()
    c.get_by_role("link", name=re.compile(r"^Planifier Séance 1 ")).click()
    c.get_by_label("Date").fill((jour + datetime.timedelta(days=12)).isoformat())
    c.get_by_label("Début").fill("09:00")
    c.get_by_label(re.compile(r"^Fin\b")).fill("11:00")
    c.get_by_label("Lieu").fill("12 rue des Lilas, Nantes")
    c.get_by_role("button", name="Planifier").click()
    expect(c.get_by_role("alert")).to_contain_text(
        "Aucune séance ne peut être planifiée avant que l'engagement soit complet."
    )
    c.goto(p.url(f"/espace/bilans/{bilan.pk}/"))

    p.clock.shift(datetime.timedelta(days=10))
    connecter_consultant(p)
    c.reload()
    expect(etape(c)).to_contain_text(f"jusqu'au {fin} inclus")
    p.clock.shift(datetime.timedelta(days=1))
    connecter_consultant(p)
    c.reload()
    demarrer(p)

    # Sessions held, the bilan ended: the certificat names the self-funding; the next night
    # the content goes and the contract with its schedule (proof) stays in the portal.
    karim = User.objects.get(email="karim.benali@exemple.test")
    fin_du_bilan = seances_tenues_puis_terminer(p, bilan, karim)
    assert "Autofinancement" in certificat_du_portail(p, bilan, tmp_path / "certificat.pdf")
    aller_a(p, fin_du_bilan + datetime.timedelta(days=1), "03:00", beneficiaire=karim)
    assert purger().statut == "terminee"
    assert not EntretienPrealable.objects.filter(bilan=bilan).exists()
    b.goto(p.url("/portail/"))
    expect(b.get_by_role("heading", name="Votre entretien préalable")).to_have_count(0)
    expect(b.get_by_role("table", name="Votre échéancier (prix : 1000,00 €)")).to_be_visible()


def test_parcours_plan_de_developpement_signed_by_the_three_parties(parcours: Parcours) -> None:
    p = parcours
    bilan = premier_contact(
        p, prenom="Nina", nom="Roux", email="nina.roux@exemple.test", employeur="Acier SA"
    )
    convention_remplir(
        p, financement="Plan de développement des compétences", organisation="Acier SA"
    )
    b = beneficiaire_ouvre_convention_before(p)
    lien = convention_signer_et_envoyer(p)

    b.reload()
    expect(b.get_by_text("Votre employeur doit signer la convention avant vous.")).to_be_visible()
    expect(b.get_by_role("button", name="Signer la convention")).to_have_count(0)

    employeur_signe(p, lien, organisation="Acier SA")
    p.consultant.reload()
    expect(
        p.consultant.get_by_text("La convention attend la signature du bénéficiaire")
    ).to_be_visible()

    b = beneficiaire_ouvre_convention(p)
    dernier = (aujourdhui() + datetime.timedelta(days=10)).strftime("%d/%m/%Y")
    expect(b.get_by_text(f"Vous avez jusqu'au {dernier} inclus pour signer")).to_be_visible()
    beneficiaire_signe(p)

    c = p.consultant
    c.goto(p.url(f"/espace/bilans/{bilan.pk}/"))
    demarrer(p)


def beneficiaire_ouvre_convention_before(p: Parcours) -> Page:
    """Before the provider signs, the portal's convention page says it is being prepared."""
    b = p.beneficiaire
    b.goto(p.url("/portail/"))
    b.get_by_role("link", name="Voir et signer la convention").click()
    expect(b.get_by_text("Votre convention est en cours de préparation")).to_be_visible()
    return b


def test_parcours_plan_de_developpement_refused_on_day_11_without_the_beneficiary(
    parcours: Parcours,
) -> None:
    p = parcours
    bilan = premier_contact(
        p, prenom="Léa", nom="Petit", email="lea.petit@exemple.test", employeur="Verre SAS"
    )
    convention_remplir(
        p, financement="Plan de développement des compétences", organisation="Verre SAS"
    )
    lien = convention_signer_et_envoyer(p)
    employeur_signe(p, lien, organisation="Verre SAS")
    refus = (aujourdhui() + datetime.timedelta(days=11)).strftime("%d/%m/%Y")

    # Day 10: the last day to sign; the daily job leaves the bilan alone.
    p.clock.shift(datetime.timedelta(days=10))
    assert conventions_expire_task() == 0
    assert Bilan.objects.get(pk=bilan.pk).etat == Etat.ENGAGEMENT
    connecter_beneficiaire(p, "lea.petit@exemple.test")
    b = beneficiaire_ouvre_convention(p)
    expect(b.get_by_role("button", name="Signer la convention")).to_be_visible()

    # Day 11: silence is a refusal (R6313-8); running the job twice changes nothing more.
    p.clock.shift(datetime.timedelta(days=1))
    assert conventions_expire_task() == 1
    assert conventions_expire() == 0
    connecter_consultant(p)
    c = p.consultant
    c.goto(p.url(f"/espace/bilans/{bilan.pk}/"))
    expect(c.get_by_text("État : Refusé")).to_be_visible()
    expect(etape(c)).to_contain_text(
        "Aucune : le bilan est refusé (refus du bénéficiaire, ou convention non signée"
    )
    expect(c.get_by_role("region", name="Historique des états")).to_contain_text(
        "Engagement → Refusé"
    )
    c.get_by_role("link", name="Voir la convention").click()
    expect(etape(c)).to_contain_text(
        f"Le bénéficiaire n'a pas signé dans les 10 jours : depuis le {refus}, la convention "
        "est considérée comme refusée"
    )
    expect(c.get_by_role("button", name="Envoyer un nouveau lien")).to_have_count(0)

    connecter_beneficiaire(p, "lea.petit@exemple.test")
    b = p.beneficiaire
    expect(b.get_by_role("link", name="Voir et signer la convention")).to_have_count(0)
    b.goto(p.url(f"/portail/bilans/{bilan.pk}/convention/"))
    expect(b.get_by_role("button", name="Signer la convention")).to_have_count(0)
    expect(b.get_by_label("J'ai lu la convention et je l'accepte.")).to_have_count(0)
    expect(b.get_by_text(f"depuis le {refus}, elle est considérée comme refusée")).to_be_visible()


def test_parcours_autre_financeur_without_the_10_day_rule(parcours: Parcours) -> None:
    p = parcours
    bilan = premier_contact(p, prenom="Hugo", nom="Moreau", email="hugo.moreau@exemple.test")
    convention_remplir(
        p, financement="Autre financeur (OPCO, France Travail…)", organisation="OPCO Atlas"
    )
    lien = convention_signer_et_envoyer(p)
    e = p.employeur
    e.goto(p.url(lien))
    expect(e.get_by_text("10 jours")).to_have_count(0)
    employeur_signe(p, lien, organisation="OPCO Atlas")
    b = beneficiaire_ouvre_convention(p)
    expect(b.get_by_text("10 jours")).to_have_count(0)
    beneficiaire_signe(p)
    p.consultant.goto(p.url(f"/espace/bilans/{bilan.pk}/"))
    demarrer(p)
