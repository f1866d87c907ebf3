"""One bilan from the first contact to the purge, in a real browser, as the three people
live it (issue 10, point 1; domain.md, The life of a bilan 1-10; Funding; Confidentiality
and data).

The employee of Acier SA, funded by her employer's plan de développement: the entretien
préalable, her consent, the convention tripartite signed by the provider, the employer
(through the single-use link of its e-mail) and her; eight sessions of 2 h planned in the
three phases (22 h of the 24 h at most) and each signed by both on its own day; the guided
personal work rendered and validated; the action plan; the synthèse written, commented,
finalised and co-signed with codes; the attestation de fin, the certificat de réalisation
and the synthèse downloaded, sealed and checked on the public page; the follow-up accepted
with the written agreement to keep her documents; the night's purge of the content; the
reminders of the follow-up six months on, the interview booked from the portal, the
à-froid survey answered through its link; three years on, the end of the agreement: what
it kept goes, the administrative proof stays (four years). The administrator follows the
destructions in the register, which names no one.

Every step asserts what the person sees; the database is checked only where the screen
cannot show it (destroyed rows). The people, the clock and the shared steps are in
parcours_support.py.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from beneficiaires.models import Bilan, Consentement, Convention, EntretienPrealable, Etat
from bilan.comptes.models import User
from bilan.scelles.models import DocumentScelle
from bilan.scelles.tests_support import pdf_valide
from seances.models import Emargement, Seance, TravailPersonnel
from suivi.models import EntretienSuivi, Reponse
from synthese.models import ActionPrevue, PlanAction, Synthese
from tests.factories import AdministrateurFactory
from tests.navigateur.parcours_support import (
    Parcours,
    aller_a,
    aujourdhui,
    beneficiaire_ouvre_convention,
    beneficiaire_signe,
    chemin_du_mail,
    connecter,
    convention_remplir,
    convention_signer_et_envoyer,
    demarrer,
    employeur_signe,
    etape,
    heures_du_plan,
    hors_boucle,
    message,
    plan_creer_et_planifier,
    premier_contact,
    purger,
    seance_signee_par_les_deux,
    synthese_signer,
    telecharger,
    texte_pdf,
    transition,
)
from tests.synthese.fixtures import SENTINELLE, TEXTES

pytestmark = pytest.mark.navigateur

EMAIL = "nina.roux@exemple.test"
TRAVAIL = "Mener deux enquêtes métier auprès de formateurs d'adultes."
ACTION = "Appeler deux organismes de formation"
CERTIFICAT = "certificat_realisation"
OBSERVATION = "Merci d'ajouter mon engagement associatif."


def test_parcours_complet_from_first_contact_to_the_purge(
    parcours: Parcours, tmp_path: Path, settings
) -> None:
    from suivi.demo import seed_ensure

    seed_ensure()  # the follow-up's questionnaires and offer (a flushed database)
    p = parcours
    c, b = p.consultant, p.beneficiaire
    settings.BILAN_BASE_URL = p.base

    # 1. First contact, entretien préalable, consent; the convention signed by the three.
    bilan = premier_contact(p, prenom="Nina", nom="Roux", email=EMAIL, employeur="Acier SA")
    nina = User.objects.get(email=EMAIL)
    convention_remplir(
        p, financement="Plan de développement des compétences", organisation="Acier SA"
    )
    lien = convention_signer_et_envoyer(p)
    employeur_signe(p, lien, organisation="Acier SA")
    beneficiaire_ouvre_convention(p)
    beneficiaire_signe(p)
    c.goto(p.url(f"/espace/bilans/{bilan.pk}/"))
    demarrer(p)

    # 2. Eight sessions of 2 h in the three phases, one every four days from day 15.
    j0 = aujourdhui()
    jours = [j0 + datetime.timedelta(days=15 + 4 * i) for i in range(8)]
    plan_creer_et_planifier(p, bilan, jours)
    seances = list(Seance.objects.filter(bilan=bilan).order_by("numero"))
    b.goto(p.url("/portail/seances/"))
    expect(b.get_by_text(seances[7].intitule)).to_be_visible()
    # Guided personal work assigned now, due before session 5.
    c.goto(p.url(f"/espace/bilans/{bilan.pk}/travaux/"))
    c.get_by_label("Consignes").fill(TRAVAIL)
    c.get_by_label("À rendre le").fill(jours[4].isoformat())
    c.get_by_label("Temps prévu (minutes)").fill("360")
    c.get_by_role("button", name="Assigner").click()
    expect(c.get_by_role("status").first).to_have_text("Le travail personnel est assigné.")

    # 3. Each session signed by both on its day; the work rendered and validated midway;
    # the bilan goes to conclusion before the last one.
    for seance, jour in zip(seances, jours, strict=True):
        aller_a(p, jour, "09:05", beneficiaire=nina)
        if seance.numero == 8:
            transition(p, bilan, "Passer en conclusion")
            expect(message(c)).to_contain_text("Le bilan est passé à l'état « Conclusion ».")
        seance_signee_par_les_deux(p, seance, nina)
        if seance.numero == 4:
            b.goto(p.url("/portail/travaux/"))
            b.get_by_role("listitem").filter(has_text=TRAVAIL).get_by_role(
                "link", name="Indiquer ce que j'ai fait"
            ).click()
            b.get_by_label("Ce que j'ai fait").fill("Deux enquêtes, notes jointes.")
            b.get_by_label("Temps passé (minutes)").fill("360")
            b.get_by_role("button", name="Rendre").click()
            expect(b.get_by_role("status").first).to_have_text(
                "Votre travail personnel est rendu à votre consultant."
            )
            c.goto(p.url(f"/espace/bilans/{bilan.pk}/travaux/"))
            rang = c.get_by_role("row").filter(has_text=TRAVAIL)
            rang.get_by_role("button", name="Valider").click()
            expect(c.get_by_role("status").first).to_have_text("Le travail personnel est validé.")
            b.goto(p.url("/portail/travaux/"))
            expect(b.get_by_text("6 h validées par votre consultant")).to_be_visible()
    c.goto(p.url(f"/espace/bilans/{bilan.pk}/plan/"))
    expect(c.get_by_text("16 h réalisées sur 16 h prévues (100 %)")).to_be_visible()
    heures_du_plan(
        c, accompagnement=("16 h", "16 h"), travail=("6 h", "6 h"), total=("22 h", "22 h")
    )

    # 4. The action plan, then the synthèse: written, submitted, commented, finalised.
    c.goto(p.url(f"/espace/bilans/{bilan.pk}/plan-action/"))
    c.get_by_role("link", name="Ajouter une action").click()
    c.get_by_role("textbox", name="Action", exact=True).fill(ACTION)
    c.get_by_role("combobox", name="Horizon").select_option(label="Immédiat")
    c.locator("#id_debut").fill(jours[7].isoformat())
    c.locator("#id_fin").fill((jours[7] + datetime.timedelta(days=14)).isoformat())
    c.get_by_label("Indicateurs de suivi").fill("Deux rendez-vous pris")
    c.get_by_role("button", name="Enregistrer").click()
    expect(c.get_by_text("L'action est enregistrée.")).to_be_visible()

    c.goto(p.url(f"/espace/bilans/{bilan.pk}/"))
    c.get_by_role("link", name="Rédiger et faire signer la synthèse").click()
    c.get_by_role("button", name="Commencer la synthèse").click()
    expect(c.get_by_role("status").first).to_have_text(
        "La synthèse est ouverte : vous pouvez la rédiger."
    )
    for nom, texte in TEXTES.items():
        c.locator(f"#id_{nom}").fill(texte)
    c.wait_for_timeout(3500)  # the input-delay autosave of the last keystrokes
    with c.expect_response(lambda r: r.url.endswith("/synthese/enregistrer/")):
        c.locator("#id_etapes").blur()
    expect(c.locator("#etat-enregistrement")).to_contain_text(re.compile(r"Enregistré à"))
    c.get_by_role("button", name="Soumettre au bénéficiaire").click()
    expect(c.get_by_role("status").first).to_have_text(
        "La synthèse est soumise au bénéficiaire pour ses observations."
    )
    b.goto(p.url("/portail/"))
    b.get_by_role("link", name="Voir ma synthèse").click()
    expect(b.get_by_text(SENTINELLE)).to_be_visible()
    b.get_by_label("Vos observations").fill(OBSERVATION)
    b.get_by_role("button", name="Envoyer mes observations").click()
    expect(b.get_by_role("status").first).to_have_text(
        "Vos observations sont transmises à votre consultant."
    )
    c.reload()
    expect(c.get_by_text(OBSERVATION)).to_be_visible()
    c.get_by_role("button", name="Finaliser la synthèse").click()
    expect(c.get_by_role("status").first).to_contain_text("La synthèse est finale")

    # 5. Co-signed with codes; the follow-up accepted with the written agreement.
    b.goto(p.url(f"/portail/bilans/{bilan.pk}/synthese/"))
    b.get_by_role("link", name="Signer ma synthèse").click()
    synthese_signer(b, nina)
    c.goto(p.url(f"/espace/bilans/{bilan.pk}/synthese/"))
    c.get_by_role("link", name="Signer la synthèse").click()
    synthese_signer(c, p.consultant_user)

    b.goto(p.url("/portail/"))
    b.get_by_role("link", name="Mon suivi").click()
    expect(b.get_by_role("heading", level=1)).to_have_text("Mon suivi après le bilan")
    b.get_by_label("Oui, je souhaite le suivi").check()
    expect(b.locator("#texte-accord")).to_contain_text("3")
    b.get_by_label(
        "J'accepte la conservation de mes documents pour le suivi (texte ci-dessus)"
    ).check()
    b.get_by_role("button", name="Enregistrer ma réponse").click()
    expect(message(b)).to_contain_text("Votre réponse est enregistrée.")
    expect(b.get_by_text("la conservation de vos documents pour le suivi")).to_be_visible()

    # 6. The bilan ends; the beneficiary downloads her documents; all sealed and valid.
    transition(p, bilan, "Terminer le bilan")
    expect(message(c)).to_contain_text("Le bilan est passé à l'état « Terminé ».")
    expect(etape(c)).to_contain_text("Proposer l'entretien de suivi à six mois")
    fin = aujourdhui()

    b.goto(p.url(f"/portail/bilans/{bilan.pk}/synthese/"))
    synthese_pdf = telecharger(b, "Télécharger ma synthèse (PDF)", tmp_path / "synthese.pdf")
    assert SENTINELLE in texte_pdf(synthese_pdf)
    b.goto(p.url("/portail/"))
    b.get_by_role(
        "link", name="Attestation de présence, attestation de fin de bilan et certificat"
    ).click()
    expect(b.get_by_role("heading", level=1)).to_have_text("Documents de fin de bilan")
    documents = {
        "fin": telecharger(
            b, "Télécharger (PDF) — Attestation de fin de bilan", tmp_path / "fin.pdf"
        ),
        "certificat": telecharger(
            b, "Télécharger (PDF) — Certificat de réalisation", tmp_path / "certificat.pdf"
        ),
    }
    for data in (synthese_pdf, *documents.values()):
        assert hors_boucle(pdf_valide, pdf=data)
    for data in documents.values():  # content-free (domain.md, 9)
        texte = texte_pdf(data)
        assert "Nina Roux" in texte and SENTINELLE not in texte and TRAVAIL not in texte
    assert "16" in texte_pdf(documents["certificat"])
    # Anyone checks the certificat on the public page.
    v = p.employeur
    v.goto(p.url("/verification/"))
    v.get_by_label("Document PDF à vérifier").set_input_files(str(tmp_path / "certificat.pdf"))
    v.get_by_role("button", name="Vérifier le fichier").click()
    expect(v.get_by_role("status")).to_contain_text("Document valide")
    expect(v.get_by_role("status")).to_contain_text("Certificat de réalisation")
    expect(v.get_by_role("status")).not_to_contain_text("Nina")

    # 7. The next night: the content goes, the action plan stays (the written agreement),
    # the proof stays. Seen from the portal and from the administrator's register.
    aller_a(p, fin + datetime.timedelta(days=1), "03:00", beneficiaire=nina)
    execution = purger()
    assert execution.statut == "terminee", execution.erreurs
    assert not Synthese.objects.filter(bilan=bilan).exists()
    assert not EntretienPrealable.objects.filter(bilan=bilan).exists()
    assert not TravailPersonnel.objects.filter(bilan=bilan).exists()
    assert not DocumentScelle.objects.filter(bilan=bilan, type_document="synthese").exists()
    assert ActionPrevue.objects.filter(plan__bilan=bilan).count() == 1
    assert Emargement.objects.filter(seance__bilan=bilan).count() == 16
    assert Convention.objects.get(bilan=bilan).signatures.count() == 3
    assert Consentement.objects.filter(bilan=bilan).exists()
    b.goto(p.url("/portail/"))
    expect(b.get_by_role("heading", name="Votre entretien préalable")).to_have_count(0)
    b.get_by_role("link", name="Voir mon plan d'action").click()
    expect(b.get_by_role("rowheader", name=ACTION)).to_be_visible()
    b.goto(p.url("/portail/travaux/"))
    expect(b.get_by_text(TRAVAIL)).to_have_count(0)
    b.goto(p.url(f"/portail/bilans/{bilan.pk}/synthese/"))
    expect(b.get_by_text(SENTINELLE)).to_have_count(0)
    expect(
        b.get_by_text("les documents d'un bilan sont détruits à la fin de l'action")
    ).to_be_visible()
    b.goto(p.url(f"/portail/bilans/{bilan.pk}/attestations/"))
    expect(
        b.get_by_role("link", name="Télécharger (PDF) — Certificat de réalisation")
    ).to_be_visible()

    admin = AdministrateurFactory(first_name="Alice", last_name="Admin")
    a = p.employeur
    connecter(a, p.base, admin)
    a.goto(p.url("/administration/conservation/registre/"))
    ligne = a.get_by_role("row").filter(has=a.get_by_role("rowheader", name=bilan.reference))
    expect(ligne).to_have_count(1)
    expect(ligne).to_contain_text("Contenu du bilan")
    expect(ligne).to_contain_text("Échéance légale")
    expect(a.locator("main")).not_to_contain_text("Roux")

    # 8. Six months on: the reminders of the daily job, the booking, the interview.
    from suivi.tasks import suivi_relances_task

    def job() -> list[str]:
        mail.outbox.clear()
        suivi_relances_task()
        suivi_relances_task()  # a second run the same day sends nothing more
        return sorted(m.subject for m in mail.outbox)

    rdv = fin + datetime.timedelta(days=170)
    aller_a(p, fin + datetime.timedelta(days=150), "09:00", beneficiaire=nina)
    assert job() == []
    c.goto(p.url("/espace/suivi/creneaux/"))
    c.get_by_label("Date").fill(rdv.isoformat())
    c.get_by_label("Heure").fill("10:00")
    c.get_by_label("Modalité").select_option(label="En visioconférence")
    c.get_by_role("button", name="Proposer").click()
    expect(message(c)).to_contain_text("Le créneau est proposé.")

    aller_a(p, fin + datetime.timedelta(days=152), "08:30", beneficiaire=nina)
    assert job() == [
        "[Horizon Compétences] Votre entretien de suivi : choisissez votre rendez-vous"
    ]
    b.goto(p.url(chemin_du_mail(EMAIL, r"/portail/suivi/\d+/")))
    expect(b.get_by_role("heading", level=1)).to_have_text("Mon suivi après le bilan")
    b.get_by_role("button", name=re.compile(r"^Réserver le ")).click()
    expect(message(b)).to_contain_text("Votre entretien de suivi est réservé.")
    expect(b.get_by_text("Votre entretien de suivi a lieu le")).to_be_visible()

    aller_a(p, rdv - datetime.timedelta(days=1), "08:30", beneficiaire=nina)
    assert job() == [
        "[Horizon Compétences] Rappel : entretien de suivi demain",
        "[Horizon Compétences] Rappel : votre entretien de suivi demain",
    ]
    aller_a(p, rdv, "11:00", beneficiaire=nina)
    c.goto(p.url(f"/espace/bilans/{bilan.pk}/suivi/"))
    expect(c.get_by_text("Réservé par le bénéficiaire.")).to_be_visible()
    c.get_by_role("link", name="Rédiger le compte rendu").click()
    expect(c.get_by_text(ACTION).first).to_be_visible()  # the kept plan, reviewed
    c.get_by_label("Avancement du plan d'action").fill("Deux organismes rencontrés.")
    c.get_by_label("Prochaines étapes").fill("Dossier de financement en mars.")
    c.get_by_role("button", name="Enregistrer").click()
    expect(message(c)).to_contain_text("Le compte rendu est enregistré.")

    # 9. The à-froid survey through its link, once; then the bilan is closed.
    aller_a(p, fin + datetime.timedelta(days=175), "08:30", beneficiaire=nina)
    assert job() == ["[Horizon Compétences] Votre avis quelques mois après votre bilan"]
    avis = chemin_du_mail(EMAIL, r"/avis/\S+/")
    b.context.clear_cookies()  # the link is the credential: no session needed
    b.goto(p.url(avis))
    for groupe in b.locator("form fieldset").all():
        groupe.get_by_role("radio").last.check()
    for texte in b.locator("form textarea").all():
        texte.fill("Très utile.")
    b.get_by_role("button", name="Envoyer mon avis").click()
    expect(b.get_by_role("heading", level=1)).to_have_text("Merci pour votre avis")
    reponse = b.goto(p.url(avis))
    assert reponse is not None and reponse.status == 410
    expect(b.get_by_text("Vous avez déjà répondu à cette enquête : merci !")).to_be_visible()
    assert Reponse.objects.filter(moment="froid").count() == 1
    transition(p, bilan, "Clore le bilan", confirmer=True)
    expect(c.get_by_text("État : Clos")).to_be_visible()

    # 10. Three years on (R6313-7, the agreement's ceiling): what it kept goes; the proof
    # (4 years, R6351-17) and the anonymous survey answer stay.
    plus_tard = fin + datetime.timedelta(days=3 * 365 + 2)
    aller_a(p, plus_tard, "03:00", beneficiaire=nina)
    execution = purger()
    assert execution.statut == "terminee", execution.erreurs
    assert not PlanAction.objects.filter(bilan=bilan).exists()
    assert not EntretienSuivi.objects.filter(bilan=bilan).exists()
    assert Emargement.objects.filter(seance__bilan=bilan).count() == 16
    assert Convention.objects.get(bilan=bilan).signatures.count() == 3
    assert DocumentScelle.objects.filter(
        bilan=bilan, type_document="certificat_realisation"
    ).exists()
    assert Reponse.objects.filter(moment="froid").count() == 1
    assert Bilan.objects.get(pk=bilan.pk).etat == Etat.CLOS
    connecter(a, p.base, admin)
    a.goto(p.url("/administration/conservation/registre/"))
    lignes = a.get_by_role("row").filter(has=a.get_by_role("rowheader", name=bilan.reference))
    expect(lignes).to_have_count(2)
    expect(lignes.filter(has_text="Contenu du bilan")).to_have_count(1)
    expect(lignes.filter(has_not_text="Contenu du bilan")).to_contain_text("suivi")
    b.goto(p.url(f"/portail/bilans/{bilan.pk}/plan-action/"))
    expect(b.get_by_text(ACTION)).to_have_count(0)
