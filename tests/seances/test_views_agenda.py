"""The consultant's agenda: week and month views, the private iCalendar feed (created once,
revocable; 404 for an unknown or revoked token; no bilan content)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seances.models import FluxAgenda
from seances.services import seance_remove
from tests.seances.outils import Connecte, jour, planifier, seance_n

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(consultant, horloge) -> Connecte:
    return Connecte(consultant)


def test_agenda_week_lists_the_sessions_of_the_week(c, plan, en_cours) -> None:
    planifier(seance_n(en_cours, 1), jour(1))  # Wednesday 2 December 2026
    planifier(seance_n(en_cours, 2), jour(7))  # the next week
    texte = c.get(reverse("backoffice:agenda")).content.decode()
    assert "Semaine du 30/11/2026 au 06/12/2026" in texte
    assert "1 séance planifiée" in texte
    assert "09:00–11:00 · Sophie Durand · Séance 1" in texte
    assert "Séance 2 –" not in texte
    assert '?vue=semaine&amp;du=2026-11-23" rel="prev"' in texte
    assert '?vue=semaine&amp;du=2026-12-07" rel="next"' in texte


def test_agenda_next_week_through_the_query_parameter(c, plan, en_cours) -> None:
    planifier(seance_n(en_cours, 1), jour(1))
    planifier(seance_n(en_cours, 2), jour(7))
    texte = c.get(reverse("backoffice:agenda"), {"vue": "semaine", "du": "2026-12-07"}).content
    assert "Séance 2 – Compétences clés et aptitudes" in texte.decode()
    assert "Séance 1 –" not in texte.decode()


def test_agenda_month_lists_the_whole_month(c, plan, en_cours) -> None:
    planifier(seance_n(en_cours, 1), jour(1))
    planifier(seance_n(en_cours, 2), jour(20))
    texte = c.get(reverse("backoffice:agenda"), {"vue": "mois"}).content.decode()
    assert "2 séances planifiées" in texte
    assert '?vue=mois&amp;du=2026-11-01" rel="prev"' in texte
    assert '?vue=mois&amp;du=2027-01-01" rel="next"' in texte


def test_agenda_empty_period_says_so(c, consultant) -> None:
    texte = c.get(reverse("backoffice:agenda")).content.decode()
    assert "Aucune séance planifiée sur cette période." in texte


def test_agenda_bad_parameters_fall_back_to_this_week(c, consultant) -> None:
    response = c.get(reverse("backoffice:agenda"), {"vue": "annee", "du": "demain"})
    assert "Semaine du 30/11/2026 au 06/12/2026" in response.content.decode()


@pytest.mark.parametrize("garder", [1, 3, 8])
def test_agenda_queries_do_not_grow_with_sessions(
    client_de, plan, en_cours, consultant, garder
) -> None:
    for numero in range(8, garder, -1):
        seance_remove(seance=seance_n(en_cours, numero), consultant=consultant)
    for numero in range(1, garder + 1):
        planifier(seance_n(en_cours, numero), jour(numero))
    client = client_de(consultant)
    client.get(reverse("backoffice:agenda"), {"vue": "mois"})
    with CaptureQueriesContext(connection) as queries:
        texte = client.get(reverse("backoffice:agenda"), {"vue": "mois"}).content.decode()
    assert texte.count("· Sophie Durand ·") == garder
    # Session, user, the sessions, the feed.
    assert len(queries) == 4


def test_agenda_flux_creer_shows_the_private_address_once(c, consultant, plan, en_cours) -> None:
    planifier(seance_n(en_cours, 1), jour(1))
    response = c.post(reverse("backoffice:agenda_flux_creer"))
    texte = response.content.decode()
    assert "il ne sera plus affiché" in texte
    adresse = texte.split('id="adresse-flux" value="')[1].split('"')[0]
    assert adresse.startswith("http://testserver/agenda/")
    flux = c.client.get(adresse.removeprefix("http://testserver"))
    assert flux["Content-Type"] == "text/calendar; charset=utf-8"
    assert "DTSTART:20261202T080000Z" in flux.content.decode()
    assert "Sophie" not in flux.content.decode()
    assert adresse not in c.get(reverse("backoffice:agenda")).content.decode()


def test_agenda_flux_revoquer_makes_the_address_answer_404(c, consultant, client_de) -> None:
    from seances.services import flux_create

    jeton = flux_create(consultant=consultant)
    response = c.post(reverse("backoffice:agenda_flux_revoquer"))
    assert response["Location"] == reverse("backoffice:agenda")
    assert FluxAgenda.objects.get().revoked_at is not None
    assert client_de(None).get(reverse("agenda:flux", args=[jeton])).status_code == 404


def test_agenda_flux_unknown_token_is_404(client_de) -> None:
    assert client_de(None).get(reverse("agenda:flux", args=["nimportequoi"])).status_code == 404
