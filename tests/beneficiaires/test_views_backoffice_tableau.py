"""The consultant's dashboard (domain.md, The people: a consultant sees the bilans assigned to
them, and nothing else; style.md: query counts for every list)."""

from __future__ import annotations

import datetime
import time
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beneficiaires.etapes import prochaine_etape
from beneficiaires.financement import financement_autofinancement_set
from beneficiaires.models import Bilan
from beneficiaires.selectors import (
    bilans_for_consultant,
    bilans_tableau_for_consultant,
    bilans_tableau_page,
)
from beneficiaires.services import bilan_transition
from tests.beneficiaires.factories import (
    BilanFactory,
    DossierFactory,
    consentement_donne,
    entretien_record,
    financement_cpf,
)
from tests.factories import BeneficiaireFactory

pytestmark = pytest.mark.django_db

URL = reverse("backoffice:tableau")
# Every request pays for the session and the user: 2 statements (the MFA check and the idle
# refresh are made once, then at most once a minute).
PAR_REQUETE = 2


def _bilan(consultant, *, first_name="Nina", last_name="Roux", etat="prealable") -> Bilan:
    user = BeneficiaireFactory(first_name=first_name, last_name=last_name)
    return BilanFactory(beneficiaire=DossierFactory(user=user), consultant=consultant, etat=etat)


def _statements(ctx: CaptureQueriesContext) -> list[str]:
    """The SQL run, without the savepoints the test's own transaction wraps the session
    save in (in production that save is a plain autocommit UPDATE)."""
    return [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]


@pytest.fixture
def client(client_de, consultant):
    c = client_de(consultant)
    c.get(URL)  # the first request registers the session: not part of a page's cost
    return c


def _etape(bilan: Bilan) -> str:
    """The next step the dashboard's row shows, checked against the bilan page's (one model
    instance annotated by ``bilans_with_progress``): both must agree."""
    ids = bilans_for_consultant(user=bilan.consultant).filter(pk=bilan.pk).values("pk")
    [ligne] = bilans_tableau_page(ids=ids)
    annotated = bilans_tableau_for_consultant(user=bilan.consultant).get(pk=bilan.pk)
    assert prochaine_etape(ligne) == prochaine_etape(annotated)
    return prochaine_etape(ligne).texte


# --- Query counts ------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 3, 60])
def test_tableau_costs_six_statements_whatever_the_number_of_bilans(client, consultant, n) -> None:
    for i in range(n):
        _bilan(consultant, last_name=f"Roux{i}")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert len(response.context["lignes"]) == min(n, 50)
    # Counts per state, then the page's rows with their progress marks: 2 queries.
    assert len(_statements(ctx)) == PAR_REQUETE + 2 == 4
    assert len(ctx.captured_queries) == 4  # no session save: no savepoint either


def test_tableau_second_page_costs_the_same(client, consultant) -> None:
    for i in range(60):
        _bilan(consultant, last_name=f"Roux{i}")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"page": 2})
    assert len(response.context["lignes"]) == 10
    assert len(_statements(ctx)) == 4


@pytest.mark.parametrize("n", [1, 3, 60])
def test_tableau_with_a_search_adds_only_the_count(client, consultant, n) -> None:
    for i in range(n):
        _bilan(consultant, last_name=f"Roux{i}")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"q": "roux", "financement": ""})
    assert len(response.context["lignes"]) == min(n, 50)
    assert len(_statements(ctx)) == PAR_REQUETE + 3 == 5


# --- What the page shows -----------------------------------------------------------------


def test_tableau_lists_only_the_consultants_own_bilans(client, consultant, autre_consultant):
    mien = _bilan(consultant, first_name="Nina", last_name="Roux")
    autre = _bilan(autre_consultant, first_name="Paul", last_name="Vidal")
    response = client.get(URL)
    assert [ligne["pk"] for ligne in response.context["lignes"]] == [mien.pk]
    html = response.content.decode()
    assert "Nina Roux" in html
    assert autre.reference not in html
    assert "Paul Vidal" not in html


def test_tableau_row_shows_reference_link_name_state_funding_date_and_next_step(
    client, consultant
) -> None:
    bilan = _bilan(consultant, first_name="Nina", last_name="Roux", etat="engagement")
    changed = timezone.localtime(bilan.etat_changed_at).strftime("%d/%m/%Y")
    response = client.get(URL)
    html = response.content.decode()
    lien = f'<a href="{reverse("backoffice:bilan", args=[bilan.pk])}">{bilan.reference}</a>'
    assert lien in html
    assert "<td>Nina Roux</td>" in html
    assert "<td>Engagement</td>" in html
    assert "<td>À choisir</td>" in html
    assert f"<td>{changed}</td>" in html
    assert "<td>Choisir le financement du bilan.</td>" in html


def test_tableau_has_the_new_beneficiary_link_styled_as_a_button(client) -> None:
    html = client.get(URL).content.decode()
    assert (
        f'<a href="{reverse("backoffice:beneficiaire_creer")}" class="bouton">'
        "Nouveau bénéficiaire</a>" in html
    )


def test_tableau_without_bilan_says_how_to_start(client) -> None:
    response = client.get(URL)
    assert response.context["lignes"] == []
    assert "Aucun bilan ne vous est encore attribué." in response.content.decode()


def test_tableau_with_no_match_says_so_and_offers_the_full_list(client, consultant) -> None:
    _bilan(consultant, last_name="Roux")
    response = client.get(URL, {"q": "Personne"})
    html = response.content.decode()
    assert response.context["lignes"] == []
    assert "Aucun bilan ne correspond à ces critères." in html
    assert "Voir tous mes bilans" in html


def test_tableau_filters_by_state(client, consultant) -> None:
    _bilan(consultant)
    en_cours = _bilan(consultant, etat="en_cours")
    response = client.get(URL, {"etat": "en_cours"})
    assert [ligne["pk"] for ligne in response.context["lignes"]] == [en_cours.pk]
    assert response.context["page"].paginator.count == 1


def test_tableau_filters_by_funding(client, consultant) -> None:
    _bilan(consultant, etat="engagement")
    cpf = _bilan(consultant, etat="en_cours")  # funded by CPF on its way
    response = client.get(URL, {"financement": "cpf"})
    assert [ligne["pk"] for ligne in response.context["lignes"]] == [cpf.pk]


def test_tableau_searches_by_name_and_by_reference(client, consultant) -> None:
    roux = _bilan(consultant, first_name="Nina", last_name="Roux")
    vidal = _bilan(consultant, first_name="Paul", last_name="Vidal")
    assert [ligne["pk"] for ligne in client.get(URL, {"q": "vid"}).context["lignes"]] == [vidal.pk]
    by_ref = client.get(URL, {"q": roux.reference}).context["lignes"]
    assert [ligne["pk"] for ligne in by_ref] == [roux.pk]


def test_tableau_ignores_an_unknown_state_filter(client, consultant) -> None:
    bilan = _bilan(consultant)
    response = client.get(URL, {"etat": "inconnu"})
    assert [ligne["pk"] for ligne in response.context["lignes"]] == [bilan.pk]


def test_tableau_counts_per_state_link_to_the_filter(client, consultant) -> None:
    _bilan(consultant)
    _bilan(consultant)
    _bilan(consultant, etat="en_cours")
    html = client.get(URL, {"financement": "cpf"}).content.decode()
    assert (
        '<a href="/espace/?financement=cpf" aria-current="true">Tous <strong>3</strong></a>' in html
    )
    assert (
        '<a href="/espace/?financement=cpf&amp;etat=prealable">Préalable <strong>2</strong></a>'
        in html
    )
    assert (
        '<a href="/espace/?financement=cpf&amp;etat=en_cours">En cours <strong>1</strong></a>'
        in html
    )
    assert '<a href="/espace/?financement=cpf&amp;etat=clos">Clos <strong>0</strong></a>' in html


def test_tableau_all_states_link_drops_the_state_filter(client, consultant) -> None:
    _bilan(consultant)
    html = client.get(URL, {"etat": "prealable"}).content.decode()
    assert '<a href="/espace/?">Tous <strong>1</strong></a>' in html
    assert '<a href="/espace/?etat=prealable" aria-current="true">Préalable' in html


def test_tableau_paginates_by_fifty_and_keeps_the_filters(client, consultant) -> None:
    for i in range(60):
        _bilan(consultant, last_name=f"Roux{i}")
    response = client.get(URL, {"etat": "prealable", "q": "roux"})
    html = response.content.decode()
    assert len(response.context["lignes"]) == 50
    assert "<caption>60 bilans</caption>" in html
    assert '<a href="?etat=prealable&amp;q=roux&amp;page=2" aria-label="Page 2">2</a>' in html
    assert 'aria-label="Page suivante"' in html
    assert 'aria-current="page" aria-label="Page 1, page actuelle"' in html
    page2 = client.get(URL, {"etat": "prealable", "q": "roux", "page": 2})
    assert len(page2.context["lignes"]) == 10
    assert 'aria-label="Page précédente"' in page2.content.decode()


# --- The next step, from the state and the progress marks ---------------------------------


def test_next_step_in_prealable_without_entretien_is_to_record_it(bilan) -> None:
    assert _etape(bilan) == "Mener et enregistrer l'entretien préalable."


def test_next_step_after_the_entretien_is_to_wait_for_consent(bilan) -> None:
    entretien_record(bilan)
    assert _etape(bilan).startswith("En attente du consentement du bénéficiaire")


def test_next_step_after_consent_is_the_engagement(bilan) -> None:
    consentement_donne(bilan)
    assert _etape(bilan) == "Le bénéficiaire a consenti : passer en engagement."


def test_next_step_with_cpf_recorded_is_to_start(bilan, consultant) -> None:
    consentement_donne(bilan)
    bilan_transition(bilan=bilan, vers="engagement", by=consultant)
    financement_cpf(bilan)
    assert _etape(bilan) == "Le financement est complet : démarrer le bilan."


def test_next_step_during_the_withdrawal_period_is_to_wait(bilan, consultant) -> None:
    """L6353-5: the self-funded bilan waits 10 days after the contract's signature."""
    consentement_donne(bilan)
    bilan_transition(bilan=bilan, vers="engagement", by=consultant)
    with time_machine.travel(time.time(), tick=False) as traveller:
        signe_le = timezone.localdate()
        financement_autofinancement_set(
            bilan=bilan,
            consultant=consultant,
            prix=Decimal("1500.00"),
            signe_le=signe_le,
            echeances=[
                (signe_le + datetime.timedelta(days=11), Decimal("450.00")),
                (signe_le + datetime.timedelta(days=40), Decimal("1050.00")),
            ],
        )
        fin = (signe_le + datetime.timedelta(days=10)).strftime("%d/%m/%Y")
        assert _etape(bilan) == (
            f"Délai de rétractation de 10 jours en cours jusqu'au {fin} inclus : le bilan "
            "pourra démarrer ensuite (article L6353-5 du Code du travail)."
        )
        traveller.shift(datetime.timedelta(days=10))
        assert _etape(bilan).startswith("Délai de rétractation")
        traveller.shift(datetime.timedelta(days=1))
        assert _etape(bilan) == "Le financement est complet : démarrer le bilan."


def test_next_step_of_a_closed_bilan_is_none(consultant) -> None:
    bilan = _bilan(consultant, etat="abandonne")
    assert _etape(bilan) == "Aucune : le bilan a été abandonné."


def test_next_step_on_a_convention_path_follows_the_signatures(bilan) -> None:
    # domain.md, Funding: nothing of the bilan is scheduled before all three signatures.
    from beneficiaires.convention import (
        convention_link_issue,
        convention_sign_beneficiaire,
        convention_sign_employer,
    )
    from tests.beneficiaires.factories import convention_signee_organisme

    convention_signee_organisme(bilan)
    assert _etape(bilan).startswith("Faire signer la convention par les trois parties")
    token = convention_link_issue(bilan=bilan, user=bilan.consultant)
    convention_sign_employer(token=token, signataire_nom="Marc Rivière")
    assert _etape(bilan).startswith("Faire signer la convention par les trois parties")
    convention_sign_beneficiaire(bilan=bilan, user=bilan.beneficiaire.user)
    assert _etape(bilan) == "Le financement est complet : démarrer le bilan."
