"""From the first contact to an engaged bilan, in a real browser, under each funding path
(domain.md, The life of a bilan; Funding).

Three people, three browser contexts that share nothing: the consultant (back office), the
beneficiary (portal) and the employer or funder (the single-use link, no account). Every
field is reached through its label and every action through its role and name, so these
tests also prove the forms are labelled.

The consultant is logged in with a session made by Django's test client (``force_login``)
and handed to the browser as a cookie: the second factor's own browser test
(test_fumee.py) types the TOTP code, and typing it here would wait for fresh 30-second
windows after every move of the clock. The beneficiary follows the invitation e-mail,
chooses her password and logs in through the login form.

Tasks are called directly (style.md, rule 9): what the live server enqueues on commit is
collected, and the test runs it, as the worker would.

The clock starts at noon, Paris time, so that a day shifted is a calendar day whatever the
hour of the run; it is given to time_machine as a timestamp (an aware or naive datetime
would invite the one-hour time-zone error).
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect

from beneficiaires import tasks as beneficiaires_tasks
from beneficiaires.convention import conventions_expire
from beneficiaires.models import Bilan, Etat
from beneficiaires.selectors import cpf_reste_a_charge
from beneficiaires.tasks import conventions_expire_task
from bilan.comptes import tasks as comptes_tasks
from bilan.comptes.models import User
from tests.factories import ConsultantFactory

pytestmark = pytest.mark.navigateur

PARIS = ZoneInfo("Europe/Paris")
MOT_DE_PASSE = "une girafe mange des tulipes"
# Pages answer in a few tens of milliseconds: a step that has not happened in 5 s never will.
DELAI_MS = 5000
INTITULE = "Bilan de compétences : projet de reconversion"
BESOIN = "Faire le point après dix ans de comptabilité."


# --- The people and their browsers -------------------------------------------------------


@dataclass
class Taches:
    """The tasks the live server enqueued on commit, run on demand as the worker would."""

    en_attente: list[tuple[Callable[..., Any], dict[str, Any]]] = field(default_factory=list)

    def executer(self) -> None:
        while self.en_attente:
            tache, kwargs = self.en_attente.pop(0)
            tache(**kwargs)


@dataclass
class Parcours:
    base: str
    consultant_user: User
    consultant: Page
    beneficiaire: Page
    employeur: Page
    taches: Taches
    clock: Any  # time_machine's fixture

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def taches(monkeypatch: pytest.MonkeyPatch) -> Taches:
    collectees = Taches()
    for tache in (
        comptes_tasks.user_invitation_send_task,
        beneficiaires_tasks.convention_lien_send_task,
    ):
        monkeypatch.setattr(
            tache, "delay", lambda _t=tache, **kw: collectees.en_attente.append((_t, kw))
        )
    return collectees


@pytest.fixture
def parcours(
    request: pytest.FixtureRequest, live_server, browser: Browser, taches: Taches, time_machine
) -> Iterator[Parcours]:
    dossier = Path(request.getfixturevalue("output_path"))
    time_machine.move_to(_midi_a_paris())
    contexts: list[BrowserContext] = [browser.new_context(locale="fr-FR") for _ in range(3)]
    for c in contexts:
        c.set_default_timeout(DELAI_MS)
    pages = [c.new_page() for c in contexts]
    consultant = ConsultantFactory(first_name="Claire", last_name="Martin")
    p = Parcours(live_server.url, consultant, *pages, taches=taches, clock=time_machine)
    connecter_consultant(p)
    yield p
    rep_call = getattr(request.node, "rep_call", None)
    if rep_call is not None and rep_call.failed:
        dossier.mkdir(parents=True, exist_ok=True)
        for nom, page in zip(("consultant", "beneficiaire", "employeur"), pages, strict=True):
            try:
                page.screenshot(path=dossier / f"echec-{nom}.png", full_page=True, timeout=5000)
            except Exception as exc:  # a missing screenshot must not hide the failure
                request.node.add_report_section("teardown", nom, f"Capture impossible : {exc}")
    for c in contexts:
        c.close()


def _midi_a_paris() -> float:
    aujourdhui = datetime.datetime.now(PARIS).date()
    return datetime.datetime.combine(aujourdhui, datetime.time(12), tzinfo=PARIS).timestamp()


def aujourdhui() -> datetime.date:
    return datetime.datetime.fromtimestamp(time.time(), PARIS).date()


def connecter_consultant(p: Parcours) -> None:
    """A fresh session for the consultant (see the module's docstring): after a move of the
    clock the previous one has expired, as it would for a person."""
    client = Client()
    client.force_login(p.consultant_user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    p.consultant.context.clear_cookies()
    p.consultant.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": p.base,
                "httpOnly": True,
            }
        ]
    )


def connecter_beneficiaire(p: Parcours, email: str) -> None:
    page = p.beneficiaire
    page.context.clear_cookies()
    page.goto(p.url("/comptes/login/"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Bienvenue "))


def champ(page: Page, label: str) -> Any:
    """The field of exactly this label; a required field's label ends with a star that
    assistive technologies do not read (aria-hidden)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def message(page: Page) -> Any:
    return page.get_by_role("region", name="Messages")


def etape(page: Page) -> Any:
    return page.get_by_role("region", name="Étape suivante")


def etape_actuelle(page: Page) -> Any:
    return page.get_by_role("list", name="Étapes du bilan").locator("[aria-current=step]")


# --- From the first contact to the engagement (shared by every path) -----------------------


def premier_contact(
    p: Parcours, *, prenom: str, nom: str, email: str, employeur: str = ""
) -> Bilan:
    """The consultant opens the dossier and records the entretien préalable; the beneficiary
    chooses her password from the invitation and consents; the bilan goes to engagement."""
    c = p.consultant
    c.goto(p.url("/espace/"))
    c.get_by_role("link", name="Nouveau bénéficiaire").click()
    expect(c.get_by_role("heading", level=1)).to_have_text("Nouveau bénéficiaire")
    c.get_by_label("Prénom").fill(prenom)
    champ(c, "Nom").fill(nom)
    c.get_by_label("Adresse e-mail").fill(email)
    c.get_by_label("Statut professionnel").select_option(
        label="Salarié" if employeur else "Indépendant"
    )
    if employeur:
        c.get_by_label("Employeur").fill(employeur)
    c.get_by_role("button", name="Créer le bénéficiaire et son bilan").click()

    bilan = Bilan.objects.select_related("beneficiaire__user").get(beneficiaire__user__email=email)
    expect(c.get_by_role("heading", level=1)).to_have_text(
        f"Bilan {bilan.reference} : {prenom} {nom}"
    )
    expect(message(c)).to_contain_text(
        f"une invitation à choisir un mot de passe a été envoyée à {email}"
    )
    expect(c.get_by_text("État : Préalable")).to_be_visible()
    expect(etape(c)).to_contain_text("Mener et enregistrer l'entretien préalable.")

    etape(c).get_by_role("link", name="Enregistrer l'entretien préalable").click()
    c.get_by_label("Besoin").fill(BESOIN)
    c.get_by_label("Attentes").fill("Savoir si une reconversion est réaliste.")
    c.get_by_label("Situation").fill("En poste, à temps plein.")
    c.get_by_label("Objectifs").fill("Un projet professionnel validé.")
    c.get_by_label("Format choisi").select_option(label="Distanciel")
    c.get_by_label("Tenu le").fill(aujourdhui().isoformat())
    c.get_by_role("button", name="Enregistrer l'entretien préalable").click()
    expect(message(c)).to_contain_text("L'entretien préalable est enregistré.")
    expect(etape(c)).to_contain_text("En attente du consentement du bénéficiaire")
    expect(etape(c).get_by_role("link")).to_have_count(0)
    expect(etape(c).get_by_role("button")).to_have_count(0)

    choisir_mot_de_passe(p, email)
    b = p.beneficiaire
    expect(etape_actuelle(b)).to_contain_text("Entretien préalable")
    b.get_by_role("link", name="Donner ma réponse").click()
    expect(b.get_by_role("heading", level=1)).to_have_text(
        "Souhaitez-vous faire ce bilan de compétences ?"
    )
    b.get_by_role("button", name="Je donne mon accord").click()
    expect(message(b)).to_contain_text("Merci, votre accord est enregistré.")
    expect(b.get_by_text("Votre consultant prépare la suite avec vous")).to_be_visible()

    c.reload()
    expect(c.get_by_text("Consentement du bénéficiaire")).to_be_visible()
    expect(etape(c)).to_contain_text("Le bénéficiaire a consenti : passer en engagement.")
    etape(c).get_by_role("button", name="Passer en engagement").click()
    expect(message(c)).to_contain_text("Le bilan est passé à l'état « Engagement ».")
    expect(c.get_by_text("État : Engagement")).to_be_visible()
    expect(etape(c)).to_contain_text("Choisir le financement du bilan.")
    b.reload()
    expect(etape_actuelle(b)).to_contain_text("Engagement")
    return bilan


def choisir_mot_de_passe(p: Parcours, email: str) -> None:
    """The invitation's link, followed in the beneficiary's browser; then the login form."""
    p.taches.executer()
    invitation = next(m for m in mail.outbox if m.to == [email])
    lien = re.search(r"https?://[^/\s]+(/comptes/password/reset/key/\S+/)", invitation.body)
    assert lien is not None, invitation.body
    b = p.beneficiaire
    b.goto(p.url(lien.group(1)))
    expect(b.get_by_role("heading", level=1)).to_have_text("Choisir votre mot de passe")
    champ(b, "Nouveau mot de passe").fill(MOT_DE_PASSE)
    b.get_by_label("Nouveau mot de passe (confirmation)").fill(MOT_DE_PASSE)
    b.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(b.get_by_role("heading", level=1)).to_have_text("Mot de passe enregistré")
    b.get_by_role("link", name="Se connecter").click()
    b.get_by_label("Adresse e-mail").fill(email)
    b.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    b.get_by_role("button", name="Se connecter").click()
    expect(b.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Bienvenue "))


def demarrer(p: Parcours) -> None:
    c = p.consultant
    expect(etape(c)).to_contain_text("Le financement est complet : démarrer le bilan.")
    etape(c).get_by_role("button", name="Démarrer le bilan").click()
    expect(message(c)).to_contain_text("Le bilan est passé à l'état « En cours ».")
    expect(c.get_by_text("État : En cours")).to_be_visible()
    expect(etape(c)).to_contain_text("Mener les séances des trois phases")


# --- The convention ------------------------------------------------------------------------


def convention_remplir(p: Parcours, *, financement: str, organisation: str) -> None:
    """The consultant fills the convention; a first submission misses the objective."""
    c = p.consultant
    etape(c).get_by_role("link", name="Choisir le financement").click()
    c.get_by_role("link", name="Préparer la convention").first.click()
    expect(c.get_by_role("heading", name="Établir la convention")).to_be_visible()
    debut = aujourdhui() + datetime.timedelta(days=15)
    c.get_by_label("Financement").select_option(label=financement)
    c.get_by_label("Intitulé de l'action").fill(INTITULE)
    c.get_by_label("Contenu").fill("Les trois phases du bilan (article R6313-4).")
    c.get_by_label("Moyens pédagogiques et techniques").fill("Entretiens, tests, enquêtes métier.")
    c.get_by_label("Durée (heures)").fill("24")
    c.get_by_label("Début de la période").fill(debut.isoformat())
    c.get_by_label("Fin de la période").fill((debut + datetime.timedelta(days=60)).isoformat())
    c.get_by_label("Déroulement et suivi").fill("Huit séances de trois heures.")
    c.get_by_label("Prix (€)").fill("1800")
    c.get_by_label("Modalités de paiement").fill("À réception de la facture, à 30 jours.")
    c.get_by_label("Organisme signataire (raison sociale)").fill(organisation)
    c.get_by_label("Nom du contact signataire").fill("Paul Lefèvre")
    c.get_by_label("E-mail du contact signataire").fill("rh@exemple.test")
    c.get_by_role("button", name="Enregistrer la convention").click()

    objectif = champ(c, "Objectif")
    expect(objectif).to_have_attribute("aria-invalid", "true")
    expect(c.get_by_text("Ce champ est obligatoire.")).to_have_count(1)
    expect(c.get_by_label("Intitulé de l'action")).to_have_value(INTITULE)
    objectif.fill("Définir un projet professionnel réaliste.")
    c.get_by_role("button", name="Enregistrer la convention").click()
    expect(message(c)).to_contain_text("La convention est enregistrée.")


def convention_signer_et_envoyer(p: Parcours) -> str:
    """The provider signs, then sends the link; the path of the link read from the e-mail."""
    c = p.consultant
    signatures = c.get_by_role("region", name="Signatures")
    expect(signatures).to_contain_text("en attente")
    c.get_by_role("button", name="Signer la convention pour l'organisme").click()
    expect(message(c)).to_contain_text("Vous avez signé la convention pour l'organisme.")
    expect(signatures).to_contain_text("signée par Claire Martin")
    c.get_by_role("button", name="Envoyer le lien de signature").click()
    expect(message(c)).to_contain_text("Le lien de signature a été envoyé à rh@exemple.test")
    p.taches.executer()
    envoi = next(m for m in reversed(mail.outbox) if m.to == ["rh@exemple.test"])
    lien = re.search(r"https?://[^/\s]+(/signature/convention/\S+/)", envoi.body)
    assert lien is not None, envoi.body
    return lien.group(1)


def employeur_signe(p: Parcours, lien: str, *, organisation: str) -> None:
    """The employer or funder opens the link in its own browser: no account, no menu, only
    the convention; signs with a typed name; the link then serves no more."""
    e = p.employeur
    e.goto(p.url(lien))
    expect(e.get_by_role("heading", level=1)).to_have_text(
        "Convention de bilan de compétences à signer"
    )
    expect(e.get_by_text(f"au nom de {organisation}")).to_be_visible()
    expect(e.get_by_role("banner").get_by_role("link")).to_have_count(1)  # the name, no menu
    expect(e.get_by_role("button", name="Se déconnecter")).to_have_count(0)
    expect(e.get_by_role("heading", level=2, name=INTITULE)).to_be_visible()
    # The convention and nothing else: not a word of the entretien préalable.
    expect(e.get_by_text(BESOIN)).to_have_count(0)
    e.get_by_label("Vos nom et prénom").fill("Paul Lefèvre")
    e.get_by_label("J'ai lu la convention et je la signe").check()
    e.get_by_role("button", name="Signer la convention").click()
    expect(e.get_by_role("heading", level=1)).to_have_text("Merci, la convention est signée")
    expect(e.get_by_text("Signée par Paul Lefèvre")).to_be_visible()

    reponse = e.goto(p.url(lien))
    assert reponse is not None and reponse.status == 410
    expect(e.get_by_role("heading", level=1)).to_have_text("Lien non valable")
    expect(e.get_by_text("Ce lien de signature a déjà été utilisé")).to_be_visible()
    expect(e.get_by_role("button", name="Signer la convention")).to_have_count(0)


def beneficiaire_ouvre_convention(p: Parcours) -> Page:
    b = p.beneficiaire
    b.goto(p.url("/portail/"))
    b.get_by_role("link", name="Voir et signer la convention").click()
    expect(b.get_by_role("heading", level=1)).to_contain_text("Ma convention")
    return b


def beneficiaire_signe(p: Parcours) -> None:
    b = beneficiaire_ouvre_convention(p)
    b.get_by_label("J'ai lu la convention et je l'accepte.").check()
    b.get_by_role("button", name="Signer la convention").click()
    expect(message(b)).to_contain_text("Vous avez signé la convention.")
    expect(b.get_by_role("region", name="Signatures")).not_to_contain_text("en attente")


# --- The paths -----------------------------------------------------------------------------


def test_parcours_cpf_from_first_contact_to_bilan_en_cours(parcours: Parcours) -> None:
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


def test_parcours_autofinancement_starts_after_the_withdrawal_period(
    parcours: Parcours,
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

    p.clock.shift(datetime.timedelta(days=10))
    connecter_consultant(p)
    c.reload()
    expect(etape(c)).to_contain_text(f"jusqu'au {fin} inclus")
    p.clock.shift(datetime.timedelta(days=1))
    connecter_consultant(p)
    c.reload()
    demarrer(p)


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
