"""The steps the browser journeys share (tests/navigateur/test_parcours_*.py), each as a
person does it: three browser contexts that share nothing, the consultant (back office), the
beneficiary (portal) and the employer or funder (the single-use link, no account). Every
field is reached through its label and every action through its role and name, so the
journeys also prove the forms are labelled.

The consultant is logged in with a session made by Django's test client (``force_login``)
and handed to the browser as a cookie: the second factor's own browser test
(test_fumee.py) types the TOTP code, and typing it here would wait for fresh 30-second
windows after every move of the clock. The beneficiary follows the invitation e-mail,
chooses her password and logs in through the login form; after a move of the clock (her
session has expired, as it would for a person) she gets a fresh session the same way as the
consultant.

Tasks are called directly (style.md, rule 9): what the live server enqueues on commit is
collected, and the test runs it, as the worker would; the signing codes' e-mails are sent at
once, in the server's thread, so that the code is in the outbox when the page says so.

The clock starts at noon, Paris time, so that a day shifted is a calendar day whatever the
hour of the run; it is given to time_machine as a timestamp (an aware or naive datetime
would invite the one-hour time-zone error). time_machine patches the clock of the whole
process: the live server's thread sees every move.
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect

from beneficiaires import tasks as beneficiaires_tasks
from beneficiaires.models import Bilan
from bilan.comptes import tasks as comptes_tasks
from bilan.comptes.models import User
from seances.tasks import emargement_code_send_task
from synthese.tasks import synthese_code_send_task
from tests.factories import ConsultantFactory

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
    for tache in (emargement_code_send_task, synthese_code_send_task):
        monkeypatch.setattr(tache, "delay", lambda _t=tache, **kw: _t(**kw))
    return collectees


@pytest.fixture
def parcours(
    request: pytest.FixtureRequest, live_server, browser: Browser, taches: Taches, time_machine
) -> Iterator[Parcours]:
    from seances.demo import programme_seed_ensure

    programme_seed_ensure()  # the default plan template (a data migration: flushed)
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


def connecter(page: Page, base: str, user: User) -> None:
    """A fresh session for ``user`` in ``page``'s browser (see the module's docstring):
    after a move of the clock the previous one has expired, as it would for a person."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": base,
                "httpOnly": True,
            }
        ]
    )


def connecter_consultant(p: Parcours) -> None:
    connecter(p.consultant, p.base, p.consultant_user)


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


# --- The clock ------------------------------------------------------------------------------


def a_paris(jour: datetime.date, heure: str) -> float:
    """``jour`` at ``heure`` (HH:MM), Paris time, as a timestamp for time_machine."""
    h, m = (int(x) for x in heure.split(":"))
    return datetime.datetime.combine(jour, datetime.time(h, m), tzinfo=PARIS).timestamp()


def aller_a(p: Parcours, jour: datetime.date, heure: str, *, beneficiaire: User) -> None:
    """Move the clock (the live server's thread too) and give both people a fresh session."""
    p.clock.move_to(a_paris(jour, heure))
    connecter_consultant(p)
    connecter(p.beneficiaire, p.base, beneficiaire)


# --- E-mails --------------------------------------------------------------------------------

CODE = re.compile(r"^\s+(\d{6})\s*$", re.MULTILINE)


def code_recu(user: User) -> str:
    """The signing code of the last e-mail ``user`` received."""
    dernier = [m for m in mail.outbox if m.to == [user.email]][-1]
    trouve = CODE.search(dernier.body)
    assert trouve is not None, dernier.body
    return trouve.group(1)


def chemin_du_mail(destinataire: str, motif: str) -> str:
    """The path of the link matching ``motif`` in the last e-mail to ``destinataire``."""
    envoi = next(m for m in reversed(mail.outbox) if m.to == [destinataire])
    lien = re.search(rf"https?://[^/\s]+({motif})", envoi.body)
    assert lien is not None, envoi.body
    return lien.group(1)


# --- Sessions and attendance ----------------------------------------------------------------


def emargement_signer(page: Page, user: User, demi: str = "matin") -> None:
    """On the attendance page: ask for a code, read it in the e-mail, sign the half-day."""
    nom = "Matin" if demi == "matin" else "Après-midi"
    libelle = "le matin" if demi == "matin" else "l'après-midi"
    region = page.get_by_role("region", name=nom)
    region.get_by_role("button", name=f"Recevoir un code pour {libelle}").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Un code de signature vient de vous être envoyé"
    )
    region = page.get_by_role("region", name=nom)
    region.get_by_label("Code reçu par e-mail (6 chiffres)").fill(code_recu(user))
    region.get_by_role("button", name="Signer").click()
    expect(page.get_by_role("status").first).to_contain_text("Votre émargement de la séance du")


def heures_du_plan(page: Page, **attendu: tuple[str, str]) -> None:
    """The plan's hours table: each nature's planned and done hours."""
    entetes = {
        "accompagnement": "Accompagnement individuel",
        "travail": "Travail personnel guidé",
        "total": "Total (24 h au plus)",
    }
    for cle, (prevues, realisees) in attendu.items():
        entete = page.get_by_role("rowheader", name=entetes[cle], exact=True)
        cellules = page.get_by_role("row").filter(has=entete).get_by_role("cell")
        expect(cellules).to_have_text([prevues, realisees])


def plan_creer_et_planifier(p: Parcours, bilan: Bilan, jours: list[datetime.date]) -> None:
    """The plan from the default template (8 sessions of 2 h, 6 h of personal work: 22 h of
    the 24 h at most), then session n planned on ``jours[n - 1]``, 09:00-11:00, on screen;
    with the eight, the conclusion planned first is refused (the phases in order)."""
    c = p.consultant
    c.goto(p.url(f"/espace/bilans/{bilan.pk}/"))
    c.get_by_role("link", name="Plan, séances et émargements").click()
    expect(c.get_by_text("Ce bilan n'a pas encore de plan.")).to_be_visible()
    c.get_by_role("button", name="Créer le plan à partir de ce modèle").click()
    heures_du_plan(c, accompagnement=("16 h", "0 h"), travail=("6 h", "0 h"), total=("22 h", "0 h"))

    def planifier(n: int, jour: datetime.date) -> None:
        c.get_by_role("link", name=re.compile(rf"^Planifier Séance {n} ")).click()
        c.get_by_label("Date").fill(jour.isoformat())
        c.get_by_label("Début").fill("09:00")
        c.get_by_label(re.compile(r"^Fin\b")).fill("11:00")
        c.get_by_label("Lieu").fill("12 rue des Lilas, Nantes")
        c.get_by_role("button", name="Planifier").click()

    if len(jours) == 8:
        # The conclusion first is refused: the phases come in order (R6313-4).
        planifier(8, jours[0])
        expect(c.get_by_role("alert")).to_contain_text(
            "Une séance de la phase de conclusion ne peut avoir lieu qu'après une séance de "
            "la phase préliminaire."
        )
        c.goto(p.url(f"/espace/bilans/{bilan.pk}/plan/"))
    for n, jour in enumerate(jours, start=1):
        planifier(n, jour)
        expect(c.get_by_role("status").first).to_have_text("La séance est planifiée.")
    if len(jours) == 8:
        expect(c.get_by_role("link", name=re.compile(r"^Planifier Séance"))).to_have_count(0)


def seance_signee_par_les_deux(p: Parcours, seance: Any, beneficiaire: User) -> None:
    """On the session's day, after its start (the clock is there): the beneficiary signs
    from her list of sessions, then the consultant; both signatures shown."""
    b, c = p.beneficiaire, p.consultant
    b.goto(p.url("/portail/seances/"))
    b.get_by_role("link", name=f"Signer l'émargement {seance.intitule}").click()
    emargement_signer(b, beneficiaire)
    c.goto(p.url(f"/espace/seances/{seance.pk}/emargement/"))
    emargement_signer(c, p.consultant_user)
    c.goto(p.url(f"/espace/seances/{seance.pk}/emargement/"))
    expect(c.get_by_role("region", name="Matin")).to_contain_text(
        "Bénéficiaire : signé · Consultant : signé"
    )


# Asked for on a confirmation page first without being final (beneficiaires.etapes).
A_CONFIRMER = {"Passer en conclusion"}


def transition(p: Parcours, bilan: Bilan, libelle: str, *, confirmer: bool = False) -> None:
    """The consultant changes the bilan's state from its page (a final state: confirmed)."""
    c = p.consultant
    c.goto(p.url(f"/espace/bilans/{bilan.pk}/"))
    changer = c.get_by_role("region", name="Changer l'état")
    if confirmer or libelle in A_CONFIRMER:
        changer.get_by_role("link", name=libelle).click()
        expect(c.get_by_role("heading", level=1)).to_have_text(f"{libelle} ?")
        if confirmer:
            expect(c.get_by_text("ce changement ne peut pas être annulé")).to_be_visible()
        c.get_by_role("button", name="Confirmer").click()
    else:
        changer.get_by_role("button", name=libelle).click()


# The second signature of a synthèse seals its PDF (rendering and PAdES), as does the first
# download of an attestation: seconds on a loaded machine.
SCELLEMENT_MS = 30_000


def synthese_signer(page: Page, user: User) -> None:
    """On the synthèse's signing page: ask for a code, read it in the e-mail, sign."""
    page.get_by_role("button", name="Recevoir un code de signature").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Un code de signature vient de vous être envoyé"
    )
    page.get_by_label("Code reçu par e-mail (6 chiffres)").fill(code_recu(user))
    # The second signature seals the PDF (rendering and PAdES): seconds on a loaded machine.
    page.get_by_role("button", name="Signer", exact=True).click(timeout=SCELLEMENT_MS)
    expect(page.get_by_role("status").first).to_contain_text(
        "Votre signature de la synthèse est enregistrée.", timeout=SCELLEMENT_MS
    )


# --- Documents --------------------------------------------------------------------------------


def hors_boucle(fn: Callable[..., Any], **kwargs: Any) -> Any:
    """pyHanko signs and validates through ``asyncio.run``, which refuses to run where
    Playwright's sync API keeps its event loop (this thread): another thread does it."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, **kwargs).result()


def telecharger(page: Page, nom_du_lien: str, destination: Path) -> bytes:
    """Click the download link of that name; the file's bytes. A first download seals the
    document (rendering and PAdES): seconds on a loaded machine."""
    with page.expect_download(timeout=SCELLEMENT_MS) as telechargement:
        page.get_by_role("link", name=nom_du_lien).click()
    telechargement.value.save_as(destination)
    return destination.read_bytes()


def texte_pdf(data: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def purger() -> Any:
    """The nightly retention job, run in-process at the moved clock (bilan.conservation)."""
    from bilan.conservation.models import Execution
    from bilan.conservation.tasks import conservation_purge_task

    return Execution.objects.get(pk=conservation_purge_task())


def seances_tenues_puis_terminer(p: Parcours, bilan: Bilan, beneficiaire: User) -> datetime.date:
    """The eight sessions of the plan scheduled one a week from tomorrow and signed by both,
    written as on their days (test data, as in tests/conftest.py: the complete journey signs
    each one on screen); on the last day, the consultant passes to conclusion and ends the
    bilan. Returns that day."""
    from seances.models import Plan, Seance
    from seances.services import plan_create, seance_schedule
    from seances.services.emargement import _signature_create

    if not Plan.objects.filter(bilan=bilan).exists():
        plan_create(bilan=bilan, consultant=p.consultant_user)
    premier = aujourdhui() + datetime.timedelta(days=1)
    jours = [premier + datetime.timedelta(days=7 * i) for i in range(8)]
    for seance, jour in zip(
        Seance.objects.filter(bilan=bilan).order_by("numero"), jours, strict=True
    ):
        seance = seance_schedule(
            seance=seance,
            consultant=p.consultant_user,
            date=jour,
            debut=datetime.time(9),
            fin=datetime.time(11),
            modalite="presentiel",
            lieu="12 rue des Lilas, Nantes",
        )
        signe_le = datetime.datetime.fromtimestamp(a_paris(jour, "10:55"), PARIS)
        for role, user in (("beneficiaire", beneficiaire), ("consultant", p.consultant_user)):
            _signature_create(
                seance=seance,
                demi_journee="matin",
                role=role,
                signataire=user,
                signe_le=signe_le,
                ip="192.0.2.10",
                user_agent="test",
            )
    aller_a(p, jours[-1], "18:00", beneficiaire=beneficiaire)
    transition(p, bilan, "Passer en conclusion")
    expect(message(p.consultant)).to_contain_text("Le bilan est passé à l'état « Conclusion ».")
    transition(p, bilan, "Terminer le bilan")
    expect(message(p.consultant)).to_contain_text("Le bilan est passé à l'état « Terminé ».")
    return jours[-1]


def certificat_du_portail(p: Parcours, bilan: Bilan, destination: Path) -> str:
    """The beneficiary downloads her certificat de réalisation: sealed, valid; its text."""
    b = p.beneficiaire
    b.goto(p.url(f"/portail/bilans/{bilan.pk}/attestations/"))
    nom = "Télécharger (PDF) — Certificat de réalisation"
    data = telecharger(b, nom, destination)
    from bilan.scelles.tests_support import pdf_valide

    assert hors_boucle(pdf_valide, pdf=data)
    return texte_pdf(data)
