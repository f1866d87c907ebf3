"""The beneficiary's portal home (domain.md, The life of a bilan; Funding: CPF; The people).

Where the bilan stands, what is expected now, the consultant's name, the entretien préalable
(their own content), the CPF reste à charge shown as information, and the guarantees.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from beneficiaires.models import Bilan, StatutProfessionnel
from beneficiaires.services import bilan_transition
from tests.beneficiaires.factories import (
    ENTRETIEN,
    BilanFactory,
    DossierFactory,
    consentement_donne,
    entretien_record,
)

pytestmark = pytest.mark.django_db

URL = reverse("portail:accueil")


def _page(client_de, user) -> str:
    response = client_de(user).get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _etape_actuelle(html: str) -> list[str]:
    return re.findall(r'<li class="[^"]*" aria-current="step">\s*<strong>([^<]+)</strong>', html)


def _etapes_franchies(html: str) -> int:
    return html.count("(étape franchie)")


def _financement(bilan: Bilan, financement: str) -> None:
    """Test set-up only: the funding path another part of the engagement fixes."""
    Bilan.objects.filter(pk=bilan.pk).update(financement=financement)


def test_accueil_without_bilan_shows_the_empty_state(client_de, beneficiaire) -> None:
    html = _page(client_de, beneficiaire)
    assert "Votre bilan n'a pas encore commencé." in html
    assert 'aria-current="step"' not in html
    assert "Le bilan est volontaire" in html


def test_accueil_in_prealable_marks_the_first_stage_and_names_the_consultant(
    client_de, beneficiaire, bilan
) -> None:
    html = _page(client_de, beneficiaire)
    assert _etape_actuelle(html) == ["Entretien préalable"]
    assert _etapes_franchies(html) == 0
    assert f"Mon bilan de compétences {bilan.reference}" in html
    assert "Votre consultant : Claire Martin" in html
    assert "Rien pour l'instant" in html
    assert reverse("portail:consentement", kwargs={"pk": bilan.pk}) not in html


def test_accueil_lists_the_five_stages_in_order(client_de, beneficiaire, bilan) -> None:
    html = _page(client_de, beneficiaire)
    liste = html[html.index('<ol class="etapes"') : html.index("</ol>")]
    labels = re.findall(r"<li[^>]*>\s*(?:<strong>)?([^<(]+?)\s*(?:</strong>|<| \()", liste)
    assert labels == [
        "Entretien préalable",
        "Engagement",
        "Bilan en cours",
        "Conclusion",
        "Bilan terminé",
    ]


def test_accueil_after_the_entretien_asks_for_consent_and_shows_the_record(
    client_de, beneficiaire, bilan
) -> None:
    entretien_record(bilan, tenu_le=datetime.date(2026, 11, 2))
    html = _page(client_de, beneficiaire)
    assert reverse("portail:consentement", kwargs={"pk": bilan.pk}) in html
    assert "Donner ma réponse" in html
    assert "Tenu le 02/11/2026. Format choisi : Mixte." in html
    for champ in ("besoin", "attentes", "situation", "objectifs"):
        assert ENTRETIEN[champ].replace("'", "&#x27;") in html


def test_accueil_after_consent_thanks_and_waits_for_the_funding(
    client_de, beneficiaire, bilan
) -> None:
    with time_machine.travel(datetime.datetime(2026, 11, 3, 9, 30, tzinfo=datetime.UTC)):
        consentement_donne(bilan)
    html = _page(client_de, beneficiaire)
    assert "Merci, votre accord est enregistré depuis le 03/11/2026." in html
    assert "Donner ma réponse" not in html
    assert _etape_actuelle(html) == ["Entretien préalable"]


def test_accueil_in_progress_marks_the_third_stage(client_de, beneficiaire, dossier, consultant):
    BilanFactory(beneficiaire=dossier, consultant=consultant, etat="en_cours")
    html = _page(client_de, beneficiaire)
    assert _etape_actuelle(html) == ["Bilan en cours"]
    assert _etapes_franchies(html) == 2
    assert "Participez aux séances prévues avec votre consultant." in html


@pytest.mark.parametrize("etat", ["suivi", "clos"])
def test_accueil_after_the_end_keeps_the_last_stage_current(
    client_de, beneficiaire, dossier, consultant, etat
) -> None:
    BilanFactory(beneficiaire=dossier, consultant=consultant, etat=etat)
    html = _page(client_de, beneficiaire)
    assert _etape_actuelle(html) == ["Bilan terminé"]
    assert _etapes_franchies(html) == 4


def test_accueil_after_a_refusal_says_it_is_never_misconduct(
    client_de, beneficiaire, dossier, consultant
) -> None:
    BilanFactory(beneficiaire=dossier, consultant=consultant, etat="refuse")
    html = _page(client_de, beneficiaire)
    assert 'aria-current="step"' not in html
    assert "cela ne vous sera jamais reproché" in html


def test_accueil_never_shows_another_beneficiarys_bilan(
    client_de, autre_beneficiaire, bilan
) -> None:
    entretien_record(bilan)
    html = _page(client_de, autre_beneficiaire)
    assert bilan.reference not in html
    assert "Claire Martin" not in html
    assert ENTRETIEN["situation"] not in html
    assert "pas encore commencé" in html


def _salarie(beneficiaire):
    return DossierFactory(
        user=beneficiaire,
        statut_professionnel=StatutProfessionnel.SALARIE,
        employeur_nom="Transports Lebrun",
    )


def test_accueil_cpf_shows_the_reste_a_charge_in_force_as_information(
    client_de, beneficiaire, consultant
) -> None:
    """domain.md, Funding: CPF: the reste à charge is shown, never refunded (103.20 € in 2026)."""
    with time_machine.travel(datetime.datetime(2026, 11, 3, 9, 30, tzinfo=datetime.UTC)):
        BilanFactory(beneficiaire=_salarie(beneficiaire), consultant=consultant, etat="en_cours")
        html = _page(client_de, beneficiaire)
    assert "Compte personnel de formation (CPF)" in html
    assert "participation forfaitaire de 103,20 €" in html
    assert "Cette somme n'est pas remboursée par notre organisme." in html


def test_accueil_cpf_uses_the_amount_of_the_registration_day(
    client_de, beneficiaire, consultant
) -> None:
    """The dated setting: registered in 2025 (102.23 €), still 102.23 € read in 2026."""
    with time_machine.travel(datetime.datetime(2025, 12, 15, 9, 30, tzinfo=datetime.UTC)):
        BilanFactory(beneficiaire=_salarie(beneficiaire), consultant=consultant, etat="en_cours")
    with time_machine.travel(datetime.datetime(2026, 1, 20, 9, 30, tzinfo=datetime.UTC)):
        html = _page(client_de, beneficiaire)
    assert "participation forfaitaire de 102,23 €" in html


def test_accueil_cpf_for_a_jobseeker_has_nothing_to_pay(
    client_de, beneficiaire, dossier, consultant
) -> None:
    BilanFactory(beneficiaire=dossier, consultant=consultant, etat="en_cours")
    html = _page(client_de, beneficiaire)
    assert "vous n'avez pas de participation forfaitaire à payer sur votre CPF." in html
    assert "participation forfaitaire de" not in html


def test_accueil_outside_cpf_shows_no_reste_a_charge(client_de, beneficiaire, bilan) -> None:
    html = _page(client_de, beneficiaire)
    assert "participation forfaitaire" not in html
    assert "Le financement sera choisi avec votre consultant après votre accord." in html


# --- the convention step: shown only when the portal's convention page exists -------------


def _engagement(dossier, consultant, financement: str) -> Bilan:
    bilan = BilanFactory(beneficiaire=dossier, consultant=consultant, etat="engagement")
    _financement(bilan, financement)
    return bilan


@pytest.mark.parametrize(
    "financement", ["plan_developpement", "conge_reclassement", "autre_financeur"]
)
def test_accueil_in_engagement_links_to_the_convention_when_it_exists(
    client_de, beneficiaire, dossier, consultant, financement
) -> None:
    bilan = _engagement(dossier, consultant, financement)
    html = _page(client_de, beneficiaire)
    assert _etape_actuelle(html) == ["Engagement"]
    assert f'href="/portail/bilans/{bilan.pk}/convention/"' in html
    assert "Voir et signer la convention" in html


@pytest.mark.parametrize("financement", ["cpf", "autofinancement", ""])
def test_accueil_in_engagement_without_a_convention_path_shows_no_convention(
    client_de, beneficiaire, dossier, consultant, financement
) -> None:
    _engagement(dossier, consultant, financement)
    html = _page(client_de, beneficiaire)
    assert "Voir et signer la convention" not in html
    assert "Votre consultant met en place le financement de votre bilan." in html


# --- query counts ------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_accueil_uses_constant_queries(
    client_de, beneficiaire, dossier, consultant, count, django_assert_num_queries
) -> None:
    """style.md: every list has a query-count test for 1 and 3 items."""
    for _ in range(count):
        entretien_record(BilanFactory(beneficiaire=dossier, consultant=consultant))
    client = client_de(beneficiaire)
    client.get(URL)  # the first request registers the session
    # 2 for any beneficiary's request (session, user; the idle refresh is at most once a
    # minute), then the bilans, the entretiens and the consents.
    with django_assert_num_queries(2 + 3):
        response = client.get(URL)
    assert response.content.decode().count('aria-current="step"') == count


def test_accueil_refuses_post(client_de, beneficiaire) -> None:
    assert client_de(beneficiaire).post(URL).status_code == 405


def test_accueil_in_engagement_marks_the_second_stage(
    client_de, beneficiaire, bilan, consultant
) -> None:
    consentement_donne(bilan)
    bilan_transition(bilan=bilan, vers="engagement", by=consultant)
    html = _page(client_de, beneficiaire)
    assert _etape_actuelle(html) == ["Engagement"]
    assert _etapes_franchies(html) == 1


def _autofinance(dossier, consultant) -> Bilan:
    from decimal import Decimal

    from beneficiaires.financement import financement_autofinancement_set

    bilan = _engagement(dossier, consultant, "autofinancement")
    jour = datetime.date.today()
    financement_autofinancement_set(
        bilan=bilan,
        consultant=consultant,
        prix=Decimal("1000"),
        signe_le=jour,
        echeances=[
            (jour + datetime.timedelta(days=11), Decimal("300")),
            (jour + datetime.timedelta(days=40), Decimal("700")),
        ],
    )
    return bilan


def test_accueil_self_funded_shows_the_withdrawal_period_and_the_schedule(
    client_de, beneficiaire, dossier, consultant
) -> None:
    """L6353-5 and L6353-6: the beneficiary reads the last day to withdraw and what she will
    pay when, in her portal (found by the self-funding browser journey: nowhere before)."""
    _autofinance(dossier, consultant)
    jour = datetime.date.today()
    html = _page(client_de, beneficiaire)
    fin = (jour + datetime.timedelta(days=10)).strftime("%d/%m/%Y")
    assert f"Vous pouvez vous rétracter jusqu'au {fin} inclus" in html
    assert "Votre échéancier (prix : 1000,00 €)" in html
    premiere = (jour + datetime.timedelta(days=11)).strftime("%d/%m/%Y")
    assert f"<td>{premiere}</td><td>300,00 €</td>" in html


def test_accueil_self_funded_queries_stay_constant(
    client_de, beneficiaire, dossier, consultant, django_assert_num_queries
) -> None:
    for _ in range(3):
        _autofinance(dossier, consultant)
    client = client_de(beneficiaire)
    client.get(URL)
    # As for any home (session, user, bilans, entretiens, consents), plus the schedules.
    with django_assert_num_queries(2 + 3 + 1):
        client.get(URL)
