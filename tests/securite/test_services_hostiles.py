"""The services that take the user's text or numbers, fed hostile values (issue 9, point 2).

Each call either is refused with the app's French error and leaves NOTHING stored (rows
counted before and after, audit log included), or stores the value and reads it back
identical (encrypted fields included, read through the ORM after a fresh load). Forms stand
in front of these services; the services must hold on their own all the same (a view that
reads ``request.POST`` directly, a task, a script). Run on SQLite and on PostgreSQL, which
refuses NUL bytes in text: the platform refuses them first, in French.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import models, transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from bilan.audit.models import AuditEvent
from bilan.errors import DomainError
from tests.securite.hostile import HOSTILE, TEXTES_HOSTILES, messages_anglais, textes_hostiles

pytestmark = pytest.mark.django_db

# Text a service may store: hostile, or ordinary, or a long one within the forms' limits.
TEXTES = st.one_of(textes_hostiles(), st.text(min_size=1, max_size=50), st.just("é" * 4000))

NOMBRES_HOSTILES = st.one_of(
    st.sampled_from(
        [
            Decimal("NaN"),
            Decimal("sNaN"),
            Decimal("Infinity"),
            Decimal("-Infinity"),
            Decimal("-0.01"),
            Decimal("0"),
            Decimal("1E+30"),
            Decimal("1E-30"),
            Decimal("1600.001"),
            Decimal("999999.99"),
            Decimal("1600"),
        ]
    ),
    st.decimals(-10_000, 10_000, places=2, allow_nan=False),
)
ENTIERS_HOSTILES = st.one_of(
    st.sampled_from([-(2**63), -1, 0, 2**31, 2**63, 10**30]), st.integers(-100, 3000)
)


def _compter(modeles: list[type[models.Model]]) -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in [*modeles, AuditEvent]}


def essayer(
    appel: Callable[[], Any],
    modeles: list[type[models.Model]],
    relire: Callable[[Any], Any],
    attendu: Any,
    instantane: Callable[[], Any] = lambda: None,
) -> bool:
    """Refused in French with nothing stored, or stored and read back identical.

    Each example runs in a savepoint rolled back at its end: the next one starts from the
    same rows. Any exception other than the app's ``DomainError`` fails the test (a 500).
    """
    avant = (_compter(modeles), instantane())
    with transaction.atomic():
        try:
            resultat = appel()
        except DomainError as exc:
            assert exc.message and messages_anglais([str(exc.message)]) == []
            assert (_compter(modeles), instantane()) == avant, f"{exc.code}: changed"
            accepte = False
        else:
            assert relire(resultat) == attendu
            accepte = True
        transaction.set_rollback(True)
    return accepte


def _frais(obj: models.Model) -> models.Model:
    return type(obj).objects.get(pk=obj.pk)


def _texte(valeur: str) -> str:
    """What a service keeps of a text: trimmed (every service strips)."""
    return valeur.strip()


# --- First contact: the account, the profile and the first bilan, all or nothing. ---------


@HOSTILE
@given(
    prenom=TEXTES,
    nom=TEXTES,
    telephone=textes_hostiles(40),
    employeur=TEXTES,
    email=st.one_of(st.sampled_from(TEXTES_HOSTILES), st.emails()),
)
def test_first_contact_with_hostile_identity(
    consultant, prenom: str, nom: str, telephone: str, employeur: str, email: str
) -> None:
    from beneficiaires.models import Beneficiaire, Bilan
    from beneficiaires.services import beneficiaire_with_bilan_create
    from bilan.comptes.models import User

    def appel() -> Bilan:
        return beneficiaire_with_bilan_create(
            email=email,
            first_name=prenom,
            last_name=nom,
            statut_professionnel="salarie",
            employeur_nom=employeur,
            telephone=telephone,
            consultant=consultant,
        )

    def relire(bilan: Bilan) -> tuple:
        b = Beneficiaire.objects.select_related("user").get(pk=bilan.beneficiaire_id)
        return (b.user.first_name, b.user.last_name, b.telephone, b.employeur_nom)

    attendu = (_texte(prenom), _texte(nom), _texte(telephone), _texte(employeur))
    essayer(appel, [User, Beneficiaire, Bilan], relire, attendu)


# --- Entretien préalable (encrypted texts). ------------------------------------------------


@HOSTILE
@given(besoin=TEXTES, objectifs=TEXTES, tenu_le=st.dates())
def test_entretien_prealable_with_hostile_texts(
    bilan, consultant, besoin: str, objectifs: str, tenu_le: datetime.date
) -> None:
    from beneficiaires.models import EntretienPrealable
    from beneficiaires.services import entretien_prealable_record

    def appel() -> EntretienPrealable:
        return entretien_prealable_record(
            bilan=bilan,
            consultant=consultant,
            besoin=besoin,
            attentes="Changer de métier",
            situation="Salariée",
            objectifs=objectifs,
            format="individuel",
            tenu_le=tenu_le,
        )

    def relire(e: EntretienPrealable) -> tuple:
        e = _frais(e)
        return (e.besoin, e.objectifs, e.tenu_le)

    essayer(appel, [EntretienPrealable], relire, (_texte(besoin), _texte(objectifs), tenu_le))


# --- Funding: CPF amount, self-funding schedule, convention. --------------------------------


@pytest.fixture
def bilan_engagement(dossier, consultant):
    from tests.beneficiaires.factories import BilanFactory

    return BilanFactory(beneficiaire=dossier, consultant=consultant, etat="engagement")


@HOSTILE
@given(prix=NOMBRES_HOSTILES, numero=TEXTES)
def test_cpf_funding_with_hostile_price_and_number(
    bilan_engagement, consultant, prix: Decimal, numero: str
) -> None:
    from beneficiaires.financement import financement_cpf_set
    from beneficiaires.models import FinancementCPF

    def appel() -> FinancementCPF:
        return financement_cpf_set(
            bilan=bilan_engagement,
            consultant=consultant,
            prix=prix,
            numero_dossier=numero,
            declaration_aucun_bilan_5_ans=True,
        )

    def relire(f: FinancementCPF) -> tuple:
        f = _frais(f)
        return (f.prix, f.numero_dossier)

    if essayer(appel, [FinancementCPF], relire, (prix, _texte(numero))):
        assert Decimal("0") < prix <= Decimal("1600")


def _cle(echeance: tuple[datetime.date, Decimal]) -> tuple:
    date, montant = echeance
    return (date, montant if montant.is_finite() else Decimal(0))


@HOSTILE
@given(
    prix=NOMBRES_HOSTILES,
    echeances=st.lists(
        st.tuples(st.dates(datetime.date(1, 1, 2), datetime.date(9999, 12, 30)), NOMBRES_HOSTILES),
        max_size=4,
    ),
    signe_le=st.dates(),
)
def test_self_funding_with_a_hostile_schedule(
    bilan_engagement, consultant, prix: Decimal, echeances: list, signe_le: datetime.date
) -> None:
    from beneficiaires.financement import financement_autofinancement_set
    from beneficiaires.models import ContratAutofinancement as Autofinancement
    from beneficiaires.models import Echeance

    def appel() -> Autofinancement:
        return financement_autofinancement_set(
            bilan=bilan_engagement,
            consultant=consultant,
            prix=prix,
            signe_le=signe_le,
            echeances=echeances,
        )

    def relire(a: Autofinancement) -> tuple:
        a = _frais(a)
        return (a.prix, sorted(((e.date, e.montant) for e in a.echeances.all()), key=_cle))

    attendu = (prix, sorted(echeances, key=_cle))
    if essayer(appel, [Autofinancement, Echeance], relire, attendu):
        assert prix > 0 and sum(m for _d, m in echeances) == prix


@HOSTILE
@given(
    intitule=TEXTES,
    objectif=TEXTES,
    signataire=TEXTES,
    duree=NOMBRES_HOSTILES,
    prix=NOMBRES_HOSTILES,
    email=st.one_of(st.sampled_from(TEXTES_HOSTILES), st.emails()),
)
def test_convention_with_hostile_fields(
    bilan_engagement,
    consultant,
    intitule: str,
    objectif: str,
    signataire: str,
    duree: Decimal,
    prix: Decimal,
    email: str,
) -> None:
    from beneficiaires.convention import convention_set
    from beneficiaires.models import Convention

    def appel() -> Convention:
        return convention_set(
            bilan=bilan_engagement,
            consultant=consultant,
            financement="plan_developpement",
            intitule=intitule,
            objectif=objectif,
            contenu="Trois phases",
            moyens="Entretiens",
            duree_heures=duree,
            date_debut=datetime.date(2026, 1, 5),
            date_fin=datetime.date(2026, 3, 5),
            deroulement_suivi="Séances",
            modalites_restitution="Oral",
            prix=prix,
            modalites_paiement="À la fin",
            signataire_organisation="Entreprise",
            signataire_nom=signataire,
            signataire_email=email,
        )

    def relire(c: Convention) -> tuple:
        c = _frais(c)
        return (c.intitule, c.objectif, c.signataire_nom, c.duree_heures, c.prix)

    attendu = (_texte(intitule), _texte(objectif), _texte(signataire), duree, prix)
    if essayer(appel, [Convention], relire, attendu):
        assert Decimal("0") < duree <= Decimal("24") and prix > 0


# --- Sessions: durations, personal work, notes. ----------------------------------------------


@pytest.fixture
def plan_cree(bilan_en_cours, consultant):
    from seances.demo import programme_seed_ensure
    from seances.services import plan_create

    programme_seed_ensure()
    return plan_create(bilan=bilan_en_cours, consultant=consultant)


@HOSTILE
@given(intitule=TEXTES, minutes=ENTIERS_HOSTILES, phase=st.sampled_from(TEXTES_HOSTILES[:20]))
def test_session_added_with_hostile_title_and_duration(
    bilan_en_cours, consultant, plan_cree, intitule: str, minutes: int, phase: str
) -> None:
    from seances.models import Seance
    from seances.services import seance_add

    def appel() -> Seance:
        return seance_add(
            bilan=bilan_en_cours,
            consultant=consultant,
            phase=data_phase,
            intitule=intitule,
            duree_minutes=minutes,
        )

    def relire(s: Seance) -> tuple:
        s = _frais(s)
        return (s.intitule, s.duree_minutes)

    for data_phase in (phase, "investigation"):  # noqa: B007 - read by appel()
        if essayer(appel, [Seance], relire, (_texte(intitule), minutes)):
            assert 1 <= minutes <= 24 * 60


@HOSTILE
@given(consignes=TEXTES, minutes=ENTIERS_HOSTILES)
def test_personal_work_assigned_with_hostile_instructions_and_minutes(
    seance_planifiee, consultant, consignes: str, minutes: int
) -> None:
    from seances.models import TravailPersonnel
    from seances.services import travail_assign

    def appel() -> TravailPersonnel:
        return travail_assign(
            bilan=seance_planifiee.bilan,
            consultant=consultant,
            consignes=consignes,
            echeance=datetime.date.today() + datetime.timedelta(days=7),
            minutes_prevues=minutes,
        )

    def relire(t: TravailPersonnel) -> tuple:
        t = _frais(t)
        return (t.consignes, t.minutes_prevues)

    if essayer(appel, [TravailPersonnel], relire, (_texte(consignes), minutes)):
        assert 1 <= minutes <= 24 * 60


@HOSTILE
@given(compte_rendu=TEXTES, minutes=ENTIERS_HOSTILES, valides=ENTIERS_HOSTILES)
def test_personal_work_reported_and_validated_with_hostile_minutes(
    travail_assigne, consultant, beneficiaire, compte_rendu: str, minutes: int, valides: int
) -> None:
    from seances.models import TravailPersonnel
    from seances.services import travail_report, travail_validate

    def rendre() -> TravailPersonnel:
        return travail_report(
            travail=travail_assigne,
            beneficiaire_user=beneficiaire,
            compte_rendu=compte_rendu,
            minutes=minutes,
        )

    def relire(t: TravailPersonnel) -> tuple:
        t = _frais(t)
        return (t.compte_rendu, t.minutes_declarees)

    if essayer(rendre, [TravailPersonnel], relire, (_texte(compte_rendu), minutes)):
        assert 1 <= minutes <= 24 * 60
    travail_report(
        travail=travail_assigne, beneficiaire_user=beneficiaire, compte_rendu="Fait", minutes=60
    )

    def valider() -> TravailPersonnel:
        return travail_validate(
            travail=travail_assigne, consultant=consultant, minutes_validees=valides
        )

    def etat() -> tuple:
        t = _frais(travail_assigne)
        return (t.statut, t.minutes_validees)

    if essayer(valider, [TravailPersonnel], lambda t: _frais(t).minutes_validees, valides, etat):
        assert 0 <= valides <= 60


@HOSTILE
@given(texte=TEXTES)
def test_session_note_with_hostile_text(seance_planifiee, consultant, texte: str) -> None:
    from seances.models import NoteSeance
    from seances.services import note_seance_set

    def appel() -> NoteSeance:
        return note_seance_set(
            seance=seance_planifiee, consultant=consultant, texte=texte, partagee=False
        )

    essayer(appel, [NoteSeance], lambda n: _frais(n).texte, _texte(texte))


# --- Synthèse sections, observations, action plan. -------------------------------------------


@HOSTILE
@given(contexte=TEXTES, projet=TEXTES)
def test_synthese_sections_with_hostile_text(
    synthese, consultant, contexte: str, projet: str
) -> None:
    from synthese.models import Synthese
    from synthese.services import synthese_update_sections

    def appel() -> Synthese:
        return synthese_update_sections(
            synthese=synthese,
            consultant=consultant,
            sections={"contexte": contexte, "projet": projet},
        )

    def relire(resultat: tuple[Synthese, bool]) -> tuple:
        s = _frais(resultat[0])
        return (s.contexte, s.projet)

    # Sections keep their text as typed (the form does not strip them either).
    essayer(appel, [Synthese], relire, (contexte, projet))


@HOSTILE
@given(texte=TEXTES)
def test_action_plan_contribution_with_hostile_text(
    bilan_en_cours, beneficiaire, texte: str
) -> None:
    from synthese.models.plan_action import ContributionPlan, PlanAction
    from synthese.plan_action.services import plan_action_contribuer

    def appel() -> ContributionPlan:
        return plan_action_contribuer(
            bilan=bilan_en_cours, beneficiaire_user=beneficiaire, texte=texte
        )

    essayer(appel, [ContributionPlan, PlanAction], lambda c: _frais(c).texte, _texte(texte))


# --- Tools: competences criteria and weights, scores. ----------------------------------------


@HOSTILE
@given(libelle=TEXTES)
def test_scenario_criterion_with_a_hostile_label(
    outils_scenario, bilan_en_cours, consultant, libelle: str
) -> None:
    from seances.outils.models import Critere
    from seances.outils.services.scenarios import critere_add

    def appel() -> Critere:
        return critere_add(bilan=bilan_en_cours, consultant=consultant, libelle=libelle)

    essayer(appel, [Critere], lambda c: _frais(c).libelle, _texte(libelle))


@HOSTILE
@given(poids=st.lists(ENTIERS_HOSTILES, min_size=0, max_size=4), cle=ENTIERS_HOSTILES)
def test_scenario_weights_hostile_are_refused_or_total_100(
    outils_scenario, bilan_en_cours, consultant, poids: list[int], cle: int
) -> None:
    from seances.outils.models import Critere
    from seances.outils.services.scenarios import criteres_ponderer

    pks = list(Critere.objects.values_list("pk", flat=True))
    donnes = dict(zip([*pks, cle], poids, strict=False))

    def appel() -> dict[int, int]:
        criteres_ponderer(bilan=bilan_en_cours, consultant=consultant, poids=donnes)
        return dict(Critere.objects.values_list("pk", "poids"))

    def poids_lus() -> dict[int, int]:
        return dict(Critere.objects.values_list("pk", "poids"))

    if essayer(appel, [Critere], lambda lus: lus, donnes, poids_lus):
        assert sum(donnes.values()) == 100 and all(0 <= p <= 100 for p in donnes.values())


# --- Answers: questionnaires, 360° survey, satisfaction survey. ------------------------------


@HOSTILE
@given(valeur=textes_hostiles(50), cle=st.sampled_from(["item_²", "item_" + "9" * 5000, "item_١"]))
def test_questionnaire_answers_posted_hostile_are_refused_in_french(
    client_de, beneficiaire, passation_a_remplir, valeur: str, cle: str
) -> None:
    from seances.questionnaires.models import Passation

    item = passation_a_remplir.questionnaire.dimensions.first().items.first()
    response = client_de(beneficiaire).post(
        reverse("portail:questionnaire_repondre", args=[passation_a_remplir.pk]),
        {f"item_{item.pk}": valeur, cle: "3"},
    )
    # A 5,000-character field name is refused by Django's parser before the view (400).
    assert response.status_code in (200, 400)
    assert messages_anglais([response.content.decode()]) == []
    assert "Bad Request" not in response.content.decode()
    assert Passation.objects.get(pk=passation_a_remplir.pk).repondu_le is None


def test_an_unreadable_request_body_gets_a_french_400_page(
    client_de, beneficiaire, passation_a_remplir
) -> None:
    """Django refuses a body it cannot parse (here a field name past its header limit)
    with a 400 before any view: the page says so in French, not Django's "Bad Request"."""
    url = reverse("portail:questionnaire_repondre", args=[passation_a_remplir.pk])
    response = client_de(beneficiaire).post(url, {"x" * 5000: "1"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Demande incorrecte" in html and "rien n'a été enregistré" in html
    assert "Bad Request" not in html


@HOSTILE
@given(
    notes=st.dictionaries(st.sampled_from(["a", "b", "x"]), textes_hostiles(20), max_size=3),
    texte=TEXTES,
)
def test_360_answer_with_hostile_values(jeton_360: str, notes: dict, texte: str) -> None:
    from seances.questionnaires.models import Reponse360
    from seances.questionnaires.services.entourage import QUALITES, reponse360_enregistrer
    from seances.questionnaires.services.entourage import TEXTES as QUESTIONS

    toutes = {code: notes.get(code[:1], "3") for code, _l in QUALITES}
    textes = {code: texte for code, _q in QUESTIONS}

    def appel() -> Reponse360:
        return reponse360_enregistrer(token=jeton_360, notes=toutes, textes=textes)

    def relire(r: Reponse360) -> dict:
        import json

        return json.loads(_frais(r).textes)

    attendu = {code: _texte(texte) for code in textes}
    essayer(appel, [Reponse360], relire, attendu)


@HOSTILE
@given(reponse=TEXTES, note=textes_hostiles(20))
def test_satisfaction_survey_with_hostile_answers(
    suivi_bilan_termine, beneficiaire, suivi_question, reponse: str, note: str
) -> None:
    from suivi.models import Question, Reponse, Valeur
    from suivi.services import enquete_chaud_repondre

    donnees = {}
    for q in Question.objects.filter(active=True):
        donnees[f"q{q.pk}"] = reponse if q.type == "texte" else note

    def appel() -> Any:
        return enquete_chaud_repondre(
            bilan=suivi_bilan_termine, beneficiaire_user=beneficiaire, donnees=donnees
        )

    def relire(_r: Any) -> list[str]:
        return list(Valeur.objects.exclude(texte="").values_list("texte", flat=True))

    nb_textes = Question.objects.filter(active=True, type="texte").count()
    attendu = [_texte(reponse)] * nb_textes if _texte(reponse) else []
    essayer(appel, [Reponse, Valeur], relire, attendu)


# --- Share consent: the recipient's identity. -------------------------------------------------


@HOSTILE
@given(
    nom=TEXTES, organisation=TEXTES, email=st.one_of(st.sampled_from(TEXTES_HOSTILES), st.emails())
)
def test_share_with_a_hostile_recipient(
    partage_document, beneficiaire, nom: str, organisation: str, email: str
) -> None:
    from synthese.models import Partage
    from synthese.partage import Destinataire, partage_creer

    destinataire = Destinataire(
        type_destinataire="tiers", nom=nom, organisation=organisation, email=email
    )

    def appel() -> Partage:
        return partage_creer(
            document=partage_document,
            user=beneficiaire,
            destinataire=destinataire,
            consentement_accepte=True,
        )

    def relire(p: Partage) -> tuple:
        p = _frais(p)
        return (p.destinataire_nom, p.destinataire_organisation)

    essayer(appel, [Partage], relire, (_texte(nom), _texte(organisation)))


# --- The last guard before the database (bilan/textes.py). ------------------------------------


@pytest.mark.parametrize(
    ("numero", "code", "message"),
    [
        ("12\x0034", "caractere_nul", "contient un caractère nul, qui n'est pas autorisé"),
        ("9" * 41, "texte_trop_long", "fait 40 caractères au plus"),
    ],
)
def test_a_nul_byte_or_an_over_long_text_is_refused_before_the_database(
    bilan_engagement, consultant, numero: str, code: str, message: str
) -> None:
    """Any service, any database: PostgreSQL would answer with a 500, SQLite would store."""
    from beneficiaires.financement import financement_cpf_set
    from beneficiaires.models import FinancementCPF

    with pytest.raises(DomainError) as refus:
        financement_cpf_set(
            bilan=bilan_engagement,
            consultant=consultant,
            prix=Decimal("1200"),
            numero_dossier=numero,
            declaration_aucun_bilan_5_ans=True,
        )
    assert refus.value.code == code and message in refus.value.message
    assert FinancementCPF.objects.count() == 0
    assert not AuditEvent.objects.filter(event="financement.cpf_set").exists()


@pytest.mark.parametrize("email", ["\x00", "sophie\x00@exemple.test", "pas-une-adresse", ""])
def test_an_account_with_an_invalid_address_is_refused_before_any_query(email: str) -> None:
    from bilan.comptes.models import User
    from bilan.comptes.services import ComptesError, user_create

    with pytest.raises(ComptesError) as refus:
        user_create(email=email, first_name="Sophie", last_name="Durand", role="beneficiaire")
    assert refus.value.code == "email_invalid"
    assert refus.value.message == "Cette adresse e-mail n'est pas valide."
    assert User.objects.count() == 0


def test_the_text_guard_reads_only_what_the_save_writes(beneficiaire) -> None:
    """A save limited by ``update_fields`` is checked on those fields alone, and a deferred
    field is not read (no query, no decryption)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bilan.comptes.models import User

    differe = User.objects.only("pk", "last_login").get(pk=beneficiaire.pk)
    with CaptureQueriesContext(connection) as requetes:
        differe.save(update_fields=["last_login"])
    assert len(requetes) == 1  # the UPDATE alone: no field read back for the guard
    beneficiaire.first_name = "Sophie\x00"
    beneficiaire.save(update_fields=["last_login"])  # the name is not written: not checked
    with pytest.raises(DomainError):
        beneficiaire.save(update_fields=["first_name"])
