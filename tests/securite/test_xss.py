"""Stored XSS (issue 9, point 2): every free-text field, shown in every page and every PDF,
is escaped.

One world holds every object the permission matrix's rows need (tests/matrice.py); every
free-text column is then poisoned (tests/securite/xss_support.py) and every GET row is
fetched by every persona the matrix lets in (200). A page fails if a browser would run the
payload; a PDF fails if the payload is not printed literally or if it carries a script or a
``javascript:`` link.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.matrice import PERSONAS, Ligne, toutes_les_lignes
from tests.securite.xss_support import (
    Champ,
    Poison,
    empoisonner,
    marqueurs_html,
    poison_build,
    problemes_html,
    problemes_pdf,
)

# Fixtures that move objects of the world to a later state (a synthèse submitted, then
# final, then signed and delivered; a document handed over; a 360° token used): the rows
# that ask for them are fetched after the rows that need the earlier state.
ETAPES: tuple[frozenset[str], ...] = (
    frozenset({"synthese_soumise", "document_remis", "jeton_360_utilise"}),
    frozenset({"synthese_finale"}),
    frozenset({"synthese_remise"}),
)

# The GET views that answer htmx with a partial of their own (request.htmx).
PARTIELS_HTMX = frozenset({"portail:rgpd_export_etat"})

# Every poisoned column must be seen in some page or PDF, so that the crawl cannot pass by
# showing nothing; these are the exceptions, each with its reason.
JAMAIS_AFFICHES = {
    "beneficiaires.FinancementCPF.numero_dossier": "aucun gabarit ne l'affiche",
    "beneficiaires.SignatureConvention.user_agent": "aucun gabarit n'affiche un user agent",
    "seances.Emargement.user_agent": "aucun gabarit n'affiche un user agent",
    "synthese.SyntheseSignature.user_agent": "aucun gabarit n'affiche un user agent",
    # Only the download name, cut after its last "/" (the payload's "</script>") and
    # cleaned: the Content-Disposition check above covers it.
    "documents.Document.nom_original": "nom de téléchargement seulement",
    # Giving the synthèse back to the consultant, it cannot live in the signed world.
    "synthese.SyntheseObservation.texte": "test_the_beneficiarys_observation_is_escaped...",
}


class _Monde:
    """The persona and object fixtures, by name; those of a later step are held back."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self._request = request
        self.retenus: set[str] = set().union(*ETAPES)
        self.manquants: set[str] = set()

    def __getitem__(self, nom: str) -> Any:
        if nom in self.retenus:
            self.manquants.add(nom)
            raise KeyError(nom)
        return self._request.getfixturevalue(nom)


def _lignes_get() -> list[Ligne]:
    return [
        ligne
        for ligne in toutes_les_lignes()
        if ligne.methode == "GET" and any(v == 200 for v in ligne.attendu.values())
    ]


def _urls_pretes(monde: _Monde, lignes: list[Ligne]) -> tuple[list[tuple[Ligne, str]], list]:
    """The URL of each row whose fixtures are all available; the others wait."""
    pretes, attente = [], []
    for ligne in lignes:
        monde.manquants = set()
        try:
            url = reverse(ligne.nom, kwargs=ligne.kwargs(monde))
        except KeyError:
            url = None
        if monde.manquants or url is None:
            attente.append(ligne)
        else:
            pretes.append((ligne, url))
    return pretes, attente


def problemes_ics(texte: str) -> list[str]:
    """A line break in a session's title or place must stay escaped (RFC 5545, 3.3.11):
    once the folded lines are joined, every line starts with a property name."""
    lignes = re.sub(r"\r\n[ \t]", "", texte).split("\r\n")
    return [
        f"ligne iCalendar injectée : {ligne[:60]!r}"
        for ligne in lignes
        if ligne and not _PROPRIETE.match(ligne)
    ]


_PROPRIETE = re.compile(r"[A-Z][A-Z0-9-]*[;:]")


# RFC 6266: one quoted ASCII name without quote, angle bracket or line break, and the UTF-8
# name percent-encoded (RFC 5987).
_DISPOSITION = re.compile(
    r"""(inline|attachment); filename="[^"<>\r\n\\]*"(; filename\*=UTF-8''[\w%.~!*'()-]*)?"""
)


class _Robot:
    def __init__(self, monde: _Monde, poison: Poison) -> None:
        self.monde, self.poison = monde, poison
        self.clients: dict[str, Client] = {}
        self.problemes: list[str] = []
        self.vus: set[int] = set()
        self.statuts: list[str] = []
        self.pages = self.pdfs = self.calendriers = 0

    def client(self, persona: str) -> Client:
        if persona not in self.clients:
            c = Client()
            user = self.monde[persona]
            if user is not None:
                c.force_login(user)
            self.clients[persona] = c
        return self.clients[persona]

    def visiter(self, ligne: Ligne, url: str) -> None:
        for persona in PERSONAS:
            if ligne.attendu[persona] == 200:
                self._get(ligne, url, persona)

    def _get(self, ligne: Ligne, url: str, persona: str) -> None:
        response = self.client(persona).get(url)
        self.verifier(ligne.ident, url, persona, response)
        if ligne.nom in PARTIELS_HTMX:
            partiel = self.client(persona).get(url, headers={"HX-Request": "true"})
            self.verifier(f"{ligne.ident} (htmx)", url, persona, partiel)

    def sources_synthese(self, bilan_id: int) -> None:
        """The editor's htmx partial that inserts a starting text built in Python from the
        tools (synthese.sources) into a section."""
        from synthese.models.synthese import SECTIONS
        from synthese.sources import Section, sources_for

        url = reverse("backoffice:synthese_source", kwargs={"pk": bilan_id})
        for section in SECTIONS:
            for i in range(len(sources_for(Section(section)))):
                response = self.client("consultant").post(
                    url, {"section": section, "source": str(i)}, headers={"HX-Request": "true"}
                )
                self.verifier(f"source {section} {i} (htmx)", url, "consultant", response)

    def verifier(self, ident: str, url: str, persona: str, response: Any) -> None:
        if response.status_code != 200:
            # The world holds every state at once; the matrix checks the statuses.
            self.statuts.append(f"{ident} [{persona}] : {response.status_code}")
            return
        corps = b"".join(response.streaming_content) if response.streaming else response.content
        genre = response.get("Content-Type", "")
        ou = f"{url} [{persona}]"
        # A document's download name comes from its uploaded name (poisoned too).
        disposition = response.get("Content-Disposition", "")
        if disposition and not _DISPOSITION.fullmatch(disposition):
            self.problemes.append(f"{ou} : nom de fichier non nettoyé : {disposition!r}")
        self.vus |= marqueurs_html(disposition)
        if genre.startswith("application/pdf"):
            self.pdfs += 1
            problemes, vus = problemes_pdf(corps, self.poison)
        elif genre.startswith("text/html"):
            self.pages += 1
            texte = corps.decode()
            problemes, vus = problemes_html(texte, self.poison), marqueurs_html(texte)
        elif genre.startswith("text/calendar"):
            self.calendriers += 1
            texte = corps.decode()
            problemes, vus = problemes_ics(texte), marqueurs_html(texte)
        else:
            return
        self.vus |= vus
        self.problemes += [f"{ou} : {p}" for p in problemes]


@pytest.fixture
def monde(request: pytest.FixtureRequest, settings: Any, tmp_path: Any) -> _Monde:
    settings.MEDIA_ROOT = tmp_path / "media"
    monde = _Monde(request)
    for persona in PERSONAS:
        monde[persona]
    return monde


def _completer(monde: _Monde) -> None:
    """Objects no matrix row needs but a page shows: a shared session note, a gap matrix's
    requirement, a chosen scenario, the beneficiary's proposal for the plan, a 360° answer
    with its free texts, the follow-up accepted with the agreement to keep documents, an
    answer to the à-chaud survey, a data request extended with its reason."""
    from bilan.conservation.services.droits import demande_prolonger
    from seances.outils.services.scenarios import scenario_retenir
    from seances.questionnaires.services.entourage import invitation_creer, reponse360_enregistrer
    from seances.services.notes import note_seance_set
    from suivi.models import Question
    from suivi.services import enquete_repondre, suivi_decider
    from synthese.plan_action.services import plan_action_contribuer
    from tests.questionnaires.fixtures import NOTES_360

    beneficiaire, consultant = monde["beneficiaire"], monde["consultant"]
    note_seance_set(
        seance=monde["seance_planifiee"], consultant=consultant, texte="n", partagee=True
    )
    monde["outils_exigence"]
    scenario_retenir(scenario=monde["outils_scenario"], consultant=consultant, raison="r")
    bilan = monde["bilan_en_cours"]
    plan_action_contribuer(bilan=bilan, beneficiaire_user=beneficiaire, texte="c")
    jeton = invitation_creer(
        enquete=monde["enquete_360"],
        beneficiaire_user=beneficiaire,
        email="b@exemple.test",
        nom="B",
    )
    reponse360_enregistrer(token=jeton, notes=NOTES_360, textes={"forces": "f", "progres": "p"})
    termine = monde["suivi_bilan_termine"]
    suivi_decider(
        bilan=termine,
        beneficiaire_user=beneficiaire,
        accepte=True,
        conservation=True,
        organisation="O",
    )
    donnees = {}
    for q in Question.objects.filter(questionnaire__moment="chaud", active=True):
        donnees[f"q{q.pk}"] = {"echelle": "3", "choix": (q.options or [""])[0]}.get(q.type, "t")
    enquete_repondre(bilan=termine, moment="chaud", donnees=donnees)
    demande_prolonger(demande=monde["demande_rgpd"], motif="m", acteur=monde["admin"])


@pytest.mark.django_db
def test_every_page_and_pdf_escapes_every_free_text_field(monde: _Monde, capsys: Any) -> None:
    debut = time.monotonic()
    poison = poison_build()
    robot = _Robot(monde, poison)
    pretes, attente = _urls_pretes(monde, _lignes_get())
    _completer(monde)
    laisses = empoisonner(poison)
    construit = time.monotonic() - debut
    for ligne, url in pretes:
        robot.visiter(ligne, url)
    robot.sources_synthese(monde["synthese"].bilan_id)
    for etape in ETAPES:
        monde.retenus -= etape
        for nom in sorted(etape):
            monde[nom]
        pretes, attente = _urls_pretes(monde, attente)
        empoisonner(poison)
        for ligne, url in pretes:
            robot.visiter(ligne, url)
    assert attente == [], [ligne.ident for ligne in attente]

    jamais_vus = sorted(poison.nom(i) for i in range(len(poison.champs)) if i not in robot.vus)
    with capsys.disabled():
        print(
            f"\nXSS : {len(poison.champs)} champs empoisonnés, {robot.pages} pages HTML, "
            f"{robot.pdfs} PDF, {robot.calendriers} iCalendar "
            f"en {time.monotonic() - debut:.1f} s (monde : {construit:.1f} s)"
            f"\n  jamais affichés : {', '.join(jamais_vus)}"
            f"\n  laissés : {laisses}"
            f"\n  statuts différents de la matrice : {robot.statuts}"
        )
    assert robot.problemes == [], "\n".join(robot.problemes)
    assert jamais_vus == sorted(JAMAIS_AFFICHES), "champs jamais vus dans une page ni un PDF"


# --- E-mails: the HTML alternatives escape the payload; no header carries a line break.


def _problemes_mails(outbox: list[Any], poison: Poison) -> tuple[list[str], set[int]]:
    problemes, vus = [], set()
    for message in outbox:
        for contenu, genre in getattr(message, "alternatives", []):
            if genre == "text/html":
                sujet = message.subject[:40]
                problemes += [f"{sujet} : {p}" for p in problemes_html(contenu, poison)]
                vus |= marqueurs_html(contenu)
        entetes = message.message().as_bytes().split(b"\n\n", 1)[0]
        if b"pirate@" in entetes or message.bcc:
            problemes.append(f"{message.subject[:40]} : en-tête injecté")
    return problemes, vus


@pytest.mark.django_db
def test_every_notification_escapes_free_text_in_its_html(
    lien_employeur: str,
    jeton_360: str,
    partage_jeton: str,
    synthese_finale: Any,
    beneficiaire: Any,
    mailoutbox: list[Any],
) -> None:
    from beneficiaires.convention import convention_lien_send
    from beneficiaires.models import LienSignature
    from bilan.comptes.services import user_invitation_send
    from seances.questionnaires.models import Invitation360
    from seances.questionnaires.services.entourage import invitation_envoyer
    from synthese.models import LienPartage
    from synthese.partage import partage_lien_envoyer
    from synthese.services import synthese_code_send, synthese_sign_code_issue

    poison = poison_build()
    empoisonner(poison)
    beneficiaire.refresh_from_db()
    beneficiaire.set_unusable_password()
    beneficiaire.save(update_fields=["password"])
    code = synthese_sign_code_issue(synthese=synthese_finale, signataire=beneficiaire)

    user_invitation_send(user_id=beneficiaire.pk)
    assert convention_lien_send(lien_id=LienSignature.objects.get().pk)
    assert invitation_envoyer(invitation_id=Invitation360.objects.get().pk)
    assert partage_lien_envoyer(lien_id=LienPartage.objects.get().pk)
    assert synthese_code_send(code_id=code.pk)

    problemes, vus = _problemes_mails(mailoutbox, poison)
    assert len(mailoutbox) == 5
    assert problemes == []
    assert {poison.nom(n) for n in vus} >= {
        "comptes.User.first_name",
        "comptes.User.last_name",
        "beneficiaires.Convention.signataire_nom",
        "questionnaires.Invitation360.nom",
        "synthese.Partage.destinataire_nom",
    }


NOM_PIRATE = "Durand\r\nBcc: pirate@exemple.test"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "url", "donnees"),
    [
        (
            "consultant",
            "backoffice:beneficiaire_creer",
            {"email": "nouvelle@exemple.test", "statut_professionnel": "demandeur_emploi"},
        ),
        (
            "admin",
            "administration:utilisateur_creer",
            {"email": "n@exemple.test", "role": "consultant"},
        ),
    ],
)
def test_a_name_with_a_line_break_is_refused_in_french(
    persona: str, url: str, donnees: dict[str, str], request: pytest.FixtureRequest, client_de: Any
) -> None:
    from bilan.comptes.models import User

    client = client_de(request.getfixturevalue(persona))
    avant = User.objects.count()
    response = client.post(
        reverse(url), {**donnees, "first_name": "Sophie", "last_name": NOM_PIRATE}
    )
    assert response.status_code == 200
    assert "Un nom tient sur une seule ligne" in response.content.decode()
    assert User.objects.count() == avant


@pytest.mark.django_db
def test_a_stored_name_with_a_line_break_never_reaches_a_mail_header(
    jeton_360: str, beneficiaire: Any, mailoutbox: list[Any]
) -> None:
    """A name written before the forms refused line breaks: the 360° invitation, whose
    subject carries the beneficiary's name, still leaves, on one line, to its one recipient."""
    from bilan.comptes.models import User
    from seances.questionnaires.models import Invitation360
    from seances.questionnaires.services.entourage import invitation_envoyer

    User.objects.filter(pk=beneficiaire.pk).update(last_name=NOM_PIRATE)

    assert invitation_envoyer(invitation_id=Invitation360.objects.get().pk)

    (message,) = mailoutbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.recipients() == ["collegue@exemple.test"]
    assert "bcc" not in {nom.lower() for nom in message.message().keys()}


# --- The probes themselves: they see a payload that a page or a PDF would run.


def _poison_un_champ() -> Poison:
    from bilan.comptes.models import User

    return Poison([Champ(User, "first_name", 150)])


def test_the_html_probe_names_a_field_printed_without_escaping() -> None:
    from django.template import Context, Template

    poison = _poison_un_champ()
    gabarit = Template("<p>{{ v }}</p><p>{{ v|safe }}</p><a href='{{ u }}'>x</a>")
    html = gabarit.render(Context({"v": poison.charge(0), "u": "javascript:alert(1)"}))

    problemes = problemes_html(html, poison)

    assert "comptes.User.first_name non échappé" in problemes
    assert "<img onerror> interprété" in problemes
    assert "URL javascript: dans href de <a>" in problemes
    assert (
        problemes_html(Template("<p>{{ v }}</p>").render(Context({"v": poison.charge(0)})), poison)
        == []
    )


def test_the_pdf_probe_sees_a_payload_interpreted_or_a_javascript_link() -> None:
    from django.utils.html import escape
    from weasyprint import HTML

    poison = _poison_un_champ()
    echappe = HTML(string=f"<p>{escape(poison.charge(0))}</p>").write_pdf()
    interprete = HTML(
        string=f"<p>{poison.charge(0)}</p><a href='javascript:alert(1)'>x</a>"
    ).write_pdf()

    assert problemes_pdf(echappe, poison) == ([], {0})
    problemes, vus = problemes_pdf(interprete, poison)
    assert vus == {0}
    assert problemes == [
        "comptes.User.first_name : charge non imprimée telle quelle",
        "lien javascript: dans le PDF (javascript:alert(1))",
    ]


def test_the_ics_probe_sees_a_line_that_a_title_smuggled_in() -> None:
    sain = "BEGIN:VEVENT\r\nSUMMARY:ZQ1Z<script>\\nsuite\r\nDESCRIPTION:tr\r\n ès long\r\n"
    injecte = "BEGIN:VEVENT\r\nSUMMARY:ZQ1Z\r\n\"'><img src=x>\r\n"

    assert problemes_ics(sain) == []
    assert problemes_ics(injecte) == ["ligne iCalendar injectée : '\"\\'><img src=x>'"]


# --- What could turn escaping off: none of it in the platform (issue 9, point 2).

_ECHAPPEMENT_COUPE = re.compile(
    r"\|\s*safe\b|\|\s*safeseq\b|mark_safe|format_html|SafeString|SafeText|html_safe"
    r"|\{%\s*autoescape\s+off"
)


def test_no_page_or_code_turns_escaping_off() -> None:
    """Escaping is off only in the plain-text e-mails (``*.txt``: no browser reads them);
    no HTML template, and no Python module of the platform, marks user text as safe. The
    ``linebreaks``/``linebreaksbr`` filters escape first: the crawl above goes through each
    of their uses with a payload holding a line break."""
    racine = Path(settings.BASE_DIR)
    fichiers = [
        *racine.glob("templates/**/*.html"),
        *(
            f
            for app in ("bilan", "beneficiaires", "seances", "synthese", "suivi")
            for f in (racine / app).rglob("*.py")
            if "migrations" not in f.parts
        ),
    ]
    trouves = [
        f"{f.relative_to(racine)}: {m.group(0)}"
        for f in fichiers
        for m in _ECHAPPEMENT_COUPE.finditer(f.read_text(encoding="utf-8"))
    ]
    assert trouves == []


def test_no_template_shows_a_user_agent() -> None:
    """The attendance and synthèse signatures' user agents are immutable (triggers), so the
    poisoned world cannot rewrite them: no page or PDF prints one."""
    racine = Path(settings.BASE_DIR) / "templates"
    assert [
        str(f) for f in racine.rglob("*") if f.is_file() and "user_agent" in f.read_text()
    ] == []


# --- The one link a user types into a page: the session's video link.


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lien", ["javascript:alert(1)", " JavaScript:alert(1)//https://", "data:text/html,<script>"]
)
def test_a_video_link_other_than_https_is_refused(
    seance_a_planifier: Any, consultant: Any, lien: str
) -> None:
    import datetime

    from django.utils import timezone

    from seances.errors import SeanceError
    from seances.services import seance_schedule

    with pytest.raises(SeanceError) as refus:
        seance_schedule(
            seance=seance_a_planifier,
            consultant=consultant,
            date=timezone.localdate() + datetime.timedelta(days=14),
            debut=datetime.time(9, 0),
            fin=datetime.time(11, 0),
            modalite="distanciel",
            lien_visio=lien,
        )

    assert refus.value.message == "Indiquez le lien de visioconférence (adresse en https://)."
    seance_a_planifier.refresh_from_db()
    assert seance_a_planifier.lien_visio == ""


@pytest.mark.django_db
def test_the_beneficiarys_observation_is_escaped_where_both_read_it(
    synthese_soumise: Any, beneficiaire: Any, consultant: Any, client_de: Any
) -> None:
    """The observation gives the synthèse back to the consultant, so the world above, which
    goes on to sign it, cannot hold one: it is tried here, in the editor and the reading."""
    from synthese.services import synthese_observe

    poison = Poison([Champ(apps.get_model("synthese", "SyntheseObservation"), "texte", None)])
    synthese_observe(
        synthese=synthese_soumise, beneficiaire_user=beneficiaire, texte=poison.charge(0)
    )
    pk = synthese_soumise.bilan_id

    for persona, nom in (
        (consultant, "backoffice:synthese_editeur"),
        (beneficiaire, "portail:synthese_lecture"),
    ):
        response = client_de(persona).get(reverse(nom, kwargs={"pk": pk}))
        assert response.status_code == 200
        texte = response.content.decode()
        assert (nom, problemes_html(texte, poison), marqueurs_html(texte)) == (nom, [], {0})


@pytest.mark.django_db
def test_the_follow_up_mails_escape_the_names_in_their_html(
    dossier: Any, consultant: Any, suivi_seed: None, time_machine: Any, mailoutbox: list[Any]
) -> None:
    """The invitation to book the follow-up interview and the à-froid survey (suivi.relances),
    sent by the daily job to a beneficiary whose names are poisoned."""
    import datetime

    from suivi.relances import relances_quotidiennes
    from tests.beneficiaires.factories import BilanFactory
    from tests.seances.outils import paris

    fin = datetime.date(2026, 6, 1)
    time_machine.move_to(paris(fin, "10:00"), tick=False)
    BilanFactory(beneficiaire=dossier, consultant=consultant, etat="termine")
    poison = poison_build()
    empoisonner(poison)
    for jours in (152, 175):
        time_machine.move_to(paris(fin + datetime.timedelta(days=jours), "08:30"), tick=False)
        relances_quotidiennes()

    problemes, vus = _problemes_mails(mailoutbox, poison)
    assert len(mailoutbox) == 2
    assert problemes == []
    assert {poison.nom(n) for n in vus} == {"comptes.User.first_name"}
