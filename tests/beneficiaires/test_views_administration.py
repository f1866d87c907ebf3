"""The administrators' bilan list and dashboard (domain.md, The people: metadata only —
names, consultant, state, funding, dates, hours; never content)."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from beneficiaires.models import Bilan
from bilan.comptes.models import User
from tests.beneficiaires.factories import ENTRETIEN, BilanFactory, DossierFactory, entretien_record
from tests.factories import BeneficiaireFactory, ConsultantFactory

pytestmark = pytest.mark.django_db

URL = reverse("administration:bilans")


def _html(client_de, user, url: str = URL, **params) -> str:
    response = client_de(user).get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _bilan(consultant, *, first_name: str = "Nina", last_name: str = "Roux", **kwargs) -> Bilan:
    dossier = DossierFactory(user=BeneficiaireFactory(first_name=first_name, last_name=last_name))
    return BilanFactory(beneficiaire=dossier, consultant=consultant, **kwargs)


def _references(html: str) -> list[str]:
    return re.findall(r'<th scope="row">(BC-[0-9-]+)</th>', html)


def _comptes(html: str) -> dict[str, int]:
    bloc = html[html.index('<table class="comptes-etats">') :]
    bloc = bloc[: bloc.index("</table>")]
    return {k: int(v) for k, v in re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", bloc)}


def test_bilans_lists_the_metadata_of_every_bilan(client_de, admin, bilan) -> None:
    html = _html(client_de, admin)
    ligne = html[html.index('<th scope="row">') : html.index("</tr>", html.index('scope="row"'))]
    cellules = re.findall(r"<td>(.*?)</td>", ligne, flags=re.S)
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert _references(html) == [bilan.reference]
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in cellules[:7]] == [
        "Sophie Durand",
        "Claire Martin",
        "Préalable",
        "à définir",
        today,
        today,
        "—aucun plan",
    ]
    assert reverse("administration:bilan_reassigner", kwargs={"pk": bilan.pk}) in ligne
    assert "1 bilan</caption>" in html


def test_bilans_offers_no_reassignment_for_an_ended_bilan(client_de, admin, consultant) -> None:
    en_cours, refuse = _bilan(consultant, etat="en_cours"), _bilan(consultant, etat="refuse")
    html = _html(client_de, admin)
    assert reverse("administration:bilan_reassigner", kwargs={"pk": en_cours.pk}) in html
    assert reverse("administration:bilan_reassigner", kwargs={"pk": refuse.pk}) not in html


def test_bilans_shows_the_counts_per_state(client_de, admin, consultant) -> None:
    _bilan(consultant)
    _bilan(consultant, etat="en_cours")
    _bilan(consultant, etat="en_cours")
    _bilan(consultant, etat="refuse")
    comptes = _comptes(_html(client_de, admin))
    assert comptes == {
        "Préalable": 1,
        "Engagement": 0,
        "En cours": 2,
        "Conclusion": 0,
        "Terminé": 0,
        "Suivi": 0,
        "Clos": 0,
        "Abandonné": 0,
        "Refusé": 1,
    }


def test_bilans_without_any_bilan_shows_the_empty_state(client_de, admin) -> None:
    html = _html(client_de, admin)
    assert "Aucun bilan ne correspond à ces critères." in html
    assert set(_comptes(html).values()) == {0}
    assert len(_comptes(html)) == 9


def test_bilans_filters_by_state(client_de, admin, consultant) -> None:
    _bilan(consultant)
    en_cours = _bilan(consultant, etat="en_cours")
    assert _references(_html(client_de, admin, etat="en_cours")) == [en_cours.reference]


def test_bilans_filters_by_funding(client_de, admin, consultant) -> None:
    _bilan(consultant)
    cpf = _bilan(consultant, etat="en_cours")  # the factory funds it through the CPF
    assert _references(_html(client_de, admin, financement="cpf")) == [cpf.reference]


def test_bilans_filters_by_consultant(client_de, admin, consultant, autre_consultant) -> None:
    _bilan(consultant)
    autre = _bilan(autre_consultant)
    html = _html(client_de, admin, consultant=autre_consultant.pk)
    assert _references(html) == [autre.reference]


def test_bilans_filter_lists_deactivated_consultants_too(client_de, admin) -> None:
    parti = ConsultantFactory(first_name="Marc", last_name="Parti")
    ancien = _bilan(parti)
    User.objects.filter(pk=parti.pk).update(is_active=False)
    html = _html(client_de, admin, consultant=parti.pk)
    assert f'<option value="{parti.pk}" selected>Marc Parti (compte désactivé)</option>' in html
    assert _references(html) == [ancien.reference]


def test_bilans_searches_by_name(client_de, admin, consultant) -> None:
    roux = _bilan(consultant, first_name="Nina", last_name="Roux")
    _bilan(consultant, first_name="Paul", last_name="Faure")
    assert _references(_html(client_de, admin, q="roux")) == [roux.reference]
    assert _references(_html(client_de, admin, q="Nina Roux")) == [roux.reference]
    html = _html(client_de, admin, q="Personne")
    assert _references(html) == []
    assert "Aucun bilan ne correspond à ces critères." in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"etat": "perdu"}, "Cet état n&#x27;existe pas."),
        ({"financement": "loterie"}, "Ce financement n&#x27;existe pas."),
        ({"consultant": "999999"}, "Ce consultant n&#x27;existe pas."),
    ],
)
def test_bilans_with_an_unknown_filter_says_so_and_lists_everything(
    client_de, admin, consultant, params, message
) -> None:
    bilans = [_bilan(consultant), _bilan(consultant)]
    html = _html(client_de, admin, **params)
    assert message in html
    assert _references(html) == [b.reference for b in reversed(bilans)]


def test_bilans_is_paginated_by_50(client_de, admin, consultant) -> None:
    bilans = [_bilan(consultant) for _ in range(52)]
    premiere = _html(client_de, admin)
    seconde = _html(client_de, admin, page=2)
    newest_first = [b.reference for b in reversed(bilans)]
    assert _references(premiere) == newest_first[:50]
    assert _references(seconde) == newest_first[50:]
    assert "52 bilans</caption>" in premiere
    assert "Page 1 sur 2" in premiere
    assert "Page 2 sur 2" in seconde


@pytest.mark.parametrize("page", ["9", "abc", "0", "-1"])
def test_bilans_out_of_range_page_shows_a_real_page(client_de, admin, consultant, page) -> None:
    bilans = [_bilan(consultant) for _ in range(2)]
    html = _html(client_de, admin, page=page)
    assert _references(html) == [b.reference for b in reversed(bilans)]
    assert "2 bilans</caption>" in html


@pytest.mark.parametrize("count", [1, 3, 60])
def test_bilans_uses_constant_queries(
    client_de, admin, consultant, count, django_assert_num_queries
) -> None:
    """style.md: every list has a query-count test (1 and 3 items, and past one page)."""
    for _ in range(count):
        _bilan(consultant)
    client = client_de(admin)
    client.get(URL)  # the first request registers the session
    # 2 for any administrator's request (session, user: the TOTP check and the idle refresh
    # are made once, then at most once a minute), then the view's 3: counts per state,
    # consultants of the filter, the page with its total (one query).
    with django_assert_num_queries(2 + 3):
        response = client.get(URL, {"q": "Roux", "consultant": consultant.pk})
    assert len(_references(response.content.decode())) == min(count, 50)


def test_tableau_shows_bilans_per_state_with_links(client_de, admin, consultant) -> None:
    _bilan(consultant)
    _bilan(consultant, etat="en_cours")
    html = _html(client_de, admin, reverse("administration:tableau"))
    assert f'<a href="{URL}?etat=prealable">Préalable</a></td><td>1</td>' in html
    assert f'<a href="{URL}?etat=en_cours">En cours</a></td><td>1</td>' in html
    assert "<td>Clos</td><td>0</td>" in html
    assert f'<a href="{URL}" class="bouton">Voir tous les bilans</a>' in html


def test_tableau_without_bilan_shows_the_empty_state(client_de, admin) -> None:
    html = _html(client_de, admin, reverse("administration:tableau"))
    assert "Aucun bilan pour l'instant." in html


def test_navigation_offers_bilans_to_administrators_only(
    client_de, admin, consultant, beneficiaire
) -> None:
    lien = f'<a href="{URL}" aria-current="page">Bilans</a>'
    assert lien in _html(client_de, admin)
    assert f'<a href="{URL}"' in _html(client_de, admin, reverse("administration:tableau"))
    assert URL not in _html(client_de, consultant, reverse("backoffice:tableau"))
    assert URL not in _html(client_de, beneficiaire, reverse("portail:accueil"))


@pytest.mark.parametrize("persona", ["admin", "superuser"])
def test_administration_pages_never_show_content(client_de, request, bilan, persona) -> None:
    """domain.md, The people: administrators see metadata only, never content, even when
    the bilan has an entretien préalable (superusers included)."""
    entretien_record(bilan)
    user = request.getfixturevalue(persona)
    pages = [
        reverse("administration:tableau"),
        URL,
        reverse("administration:bilan_reassigner", kwargs={"pk": bilan.pk}),
        reverse("administration:bilan_creer"),
    ]
    textes = [v for k, v in ENTRETIEN.items() if k != "format"]
    assert bilan.reference in _html(client_de, user, URL)  # the bilan itself is listed
    for url in pages:
        html = _html(client_de, user, url)
        for texte in textes:
            assert texte not in html and texte.replace("'", "&#x27;") not in html, (url, texte)
        assert "Mixte" not in html  # the chosen format is part of the record


def test_bilans_dates_follow_the_paris_clock(client_de, admin, consultant) -> None:
    with time_machine.travel(datetime.datetime(2026, 11, 3, 23, 30, tzinfo=datetime.UTC)):
        _bilan(consultant)  # 00:30 on 4 November in Paris
    html = _html(client_de, admin)
    assert html.count("<td>04/11/2026</td>") == 2


def test_bilans_list_shows_hours_done_and_planned_from_the_plan(client_de, admin, bilan) -> None:
    # Issue (dossiers, 5): the administrators' list shows metadata, hours included.
    from django.urls import reverse

    from seances.models import Plan

    Plan.objects.create(
        bilan=bilan,
        minutes_accompagnement_prevues=960,
        minutes_travail_prevues=360,
        minutes_accompagnement_realisees=240,
        minutes_travail_realisees=30,
    )
    html = client_de(admin).get(reverse("administration:bilans")).content.decode()
    url = reverse("administration:seance_metadonnees", args=[bilan.pk])
    assert f'<td><a href="{url}">4 h 30 / 22 h</a></td>' in html
