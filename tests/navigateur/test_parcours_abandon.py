"""A bilan abandoned in the middle of the investigation phase, in a real browser (issue 10,
point 1; domain.md, The life of a bilan 1 and 9; Confidentiality and data).

Two sessions held and signed (the préliminaire one, then the first of the investigation),
a piece of personal work under way; the consultant abandons the bilan, confirming a change
that cannot be undone and that records no reason (refusing or stopping is never
misconduct). The beneficiary's portal says so; she downloads the attestation de présence of
the 4 hours done, while the attestation de fin and the certificat say why they are not
issued. The next night the content goes and the proof stays.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from beneficiaires.models import Bilan, Etat
from bilan.scelles.tests_support import pdf_valide
from seances.models import Emargement, Seance, TravailPersonnel
from tests.beneficiaires.factories import BilanFactory, DossierFactory
from tests.factories import AdministrateurFactory, BeneficiaireFactory
from tests.navigateur.parcours_support import (
    Parcours,
    aller_a,
    aujourdhui,
    connecter,
    etape,
    hors_boucle,
    message,
    plan_creer_et_planifier,
    purger,
    seance_signee_par_les_deux,
    telecharger,
    texte_pdf,
    transition,
)

pytestmark = pytest.mark.navigateur

TRAVAIL = "Lister vos réalisations marquantes."


def test_parcours_abandon_mid_investigation_keeps_the_proof_and_purges_the_content(
    parcours: Parcours, tmp_path: Path
) -> None:
    p = parcours
    c, b = p.consultant, p.beneficiaire
    leo = BeneficiaireFactory(first_name="Léo", last_name="Garnier")
    bilan = BilanFactory(
        beneficiaire=DossierFactory(user=leo), consultant=p.consultant_user, etat="en_cours"
    )
    j0 = aujourdhui()
    jours = [j0 + datetime.timedelta(days=1 + 3 * i) for i in range(3)]
    plan_creer_et_planifier(p, bilan, jours)
    c.goto(p.url(f"/espace/bilans/{bilan.pk}/travaux/"))
    c.get_by_label("Consignes").fill(TRAVAIL)
    c.get_by_label("À rendre le").fill(jours[2].isoformat())
    c.get_by_label("Temps prévu (minutes)").fill("120")
    c.get_by_role("button", name="Assigner").click()
    expect(c.get_by_role("status").first).to_have_text("Le travail personnel est assigné.")

    # Sessions 1 (préliminaire) and 2 (investigation) held and signed on their days.
    seances = list(Seance.objects.filter(bilan=bilan).order_by("numero"))
    for seance, jour in zip(seances[:2], jours[:2], strict=True):
        aller_a(p, jour, "09:05", beneficiaire=leo)
        seance_signee_par_les_deux(p, seance, leo)

    # Before session 3, the consultant abandons the bilan: asked to confirm, then done.
    aller_a(p, jours[2] - datetime.timedelta(days=1), "14:00", beneficiaire=leo)
    c.goto(p.url(f"/espace/bilans/{bilan.pk}/"))
    c.get_by_role("region", name="Changer l'état").get_by_role(
        "link", name="Abandonner le bilan"
    ).click()
    expect(c.get_by_role("heading", level=1)).to_have_text("Abandonner le bilan ?")
    expect(c.get_by_text("ce changement ne peut pas être annulé")).to_be_visible()
    expect(
        c.get_by_text("Abandonner n'est jamais une faute du bénéficiaire ; aucune raison")
    ).to_be_visible()
    c.get_by_role("link", name="Annuler").click()
    expect(c.get_by_text("État : En cours")).to_be_visible()
    transition(p, bilan, "Abandonner le bilan", confirmer=True)
    expect(message(c)).to_contain_text("Le bilan est passé à l'état « Abandonné ».")
    expect(c.get_by_text("État : Abandonné")).to_be_visible()
    expect(etape(c)).to_contain_text("Aucune : le bilan a été abandonné.")
    expect(c.get_by_text("aucun changement d'état n'est possible")).to_be_visible()
    assert Bilan.objects.get(pk=bilan.pk).etat == Etat.ABANDONNE

    # The beneficiary's portal says so; the attestation de présence of the 4 hours done.
    b.goto(p.url("/portail/"))
    expect(b.get_by_text("Ce bilan a été arrêté avant son terme.")).to_be_visible()
    b.get_by_role("link", name="Attestation de présence, attestation de fin de bilan").click()
    expect(
        b.get_by_text("L'attestation de fin de bilan est disponible une fois le bilan terminé.")
    ).to_be_visible()
    expect(
        b.get_by_text("Le certificat de réalisation est disponible une fois le bilan terminé.")
    ).to_be_visible()
    presence = telecharger(
        b, "Télécharger (PDF) — Attestation de présence", tmp_path / "presence.pdf"
    )
    assert hors_boucle(pdf_valide, pdf=presence)
    texte = texte_pdf(presence)
    assert "Léo Garnier" in texte
    assert "Total des séances émargées : 4 h" in texte, texte
    assert TRAVAIL not in texte

    # The next night: the content is destroyed, the signed attendance stays.
    aller_a(p, jours[2], "03:00", beneficiaire=leo)
    execution = purger()
    assert execution.statut == "terminee", execution.erreurs
    assert not TravailPersonnel.objects.filter(bilan=bilan).exists()
    assert Emargement.objects.filter(seance__bilan=bilan).count() == 4
    b.goto(p.url("/portail/travaux/"))
    expect(b.get_by_text(TRAVAIL)).to_have_count(0)
    b.goto(p.url(f"/portail/bilans/{bilan.pk}/attestations/"))
    expect(
        b.get_by_role("link", name="Télécharger (PDF) — Attestation de présence")
    ).to_be_visible()
    admin = AdministrateurFactory()
    connecter(p.employeur, p.base, admin)
    a = p.employeur
    a.goto(p.url("/administration/conservation/registre/"))
    ligne = a.get_by_role("row").filter(has=a.get_by_role("rowheader", name=bilan.reference))
    expect(ligne).to_contain_text("Contenu du bilan")
    expect(a.locator("main")).not_to_contain_text("Garnier")
