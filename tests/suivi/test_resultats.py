"""Results (Qualiopi indicators 1 and 2): the offer's dated public page with satisfaction
rates, number of beneficiaries, completion and abandonment, period and sample size."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from beneficiaires.services import bilan_transition
from bilan.demo import load_demo
from suivi.demo import REPONSES
from suivi.models import Offre
from suivi.selectors import resultats_offre
from tests.beneficiaires.factories import BilanFactory


def test_the_public_page_shows_the_demo_results(db, client_de, suivi_seed) -> None:
    load_demo()
    load_demo()  # idempotent
    offre = Offre.objects.get(principale=True)
    r = resultats_offre(offre=offre)
    chaud = [x for x in REPONSES if x[0] == "chaud"]
    assert r.satisfaction_chaud.reponses == len(chaud)
    assert r.satisfaction_chaud.satisfaits == sum(1 for x in chaud if x[2] >= 4)
    assert r.termines >= 1  # the demo's finished bilan
    page = client_de(None).get(f"/offres/{offre.slug}/").content.decode()
    assert "Informations à jour au" in page and "Référent handicap" in page
    assert f"{r.satisfaction_chaud.pourcentage} %" in page
    assert "Période : du" in page and "réponses" in page
    assert "<svg" in page and "<rect" in page
    assert " style=" not in page and "<style" not in page


def test_completion_and_abandonment_rates_come_from_the_states(consultant, suivi_seed) -> None:
    BilanFactory(consultant=consultant, etat="termine")
    BilanFactory(consultant=consultant, etat="termine")
    abandon = BilanFactory(consultant=consultant, etat="en_cours")
    bilan_transition(bilan=abandon, vers="abandonne", by=consultant)
    BilanFactory(consultant=consultant, etat="refuse")  # refused at the préalable: not counted
    r = resultats_offre(offre=Offre.objects.get(principale=True))
    assert (r.beneficiaires, r.termines, r.abandons) == (3, 2, 1)
    assert (r.taux_achevement, r.taux_abandon) == (67, 33)


def test_the_dashboard_shows_every_offer_to_administrators(admin, client_de, suivi_seed) -> None:
    page = client_de(admin).get("/administration/suivi/resultats/").content.decode()
    assert "Bilan de compétences – 24 heures" in page
    assert "Aucun commentaire" in page


def test_an_edited_offer_is_dated_and_published(admin, client_de, suivi_offre) -> None:
    client = client_de(admin)
    donnees = {
        f: getattr(suivi_offre, f)
        for f in (
            "intitule",
            "objectifs",
            "public_prerequis",
            "duree",
            "acces_delais",
            "tarifs",
            "methodes",
            "accessibilite",
        )
    }
    donnees.update(
        contacts="accueil@horizon.test · 02 40 00 00 00",
        referent_handicap="Claire Martin, referent.handicap@horizon.test",
        principale="on",
        publiee="on",
    )
    r = client.post(f"/administration/suivi/offres/{suivi_offre.pk}/", donnees)
    assert r.status_code == 302
    page = client_de(None).get(f"/offres/{suivi_offre.slug}/").content.decode()
    assert "referent.handicap@horizon.test" in page
    assert re.search(r"Informations à jour au \d\d/\d\d/\d{4}", page)


def test_the_public_page_queries_a_fixed_number_of_times(client_de, suivi_offre) -> None:
    client = client_de(None)
    with CaptureQueriesContext(connection) as une:
        client.get(f"/offres/{suivi_offre.slug}/")
    load_demo()
    with CaptureQueriesContext(connection) as plusieurs:
        client.get(f"/offres/{suivi_offre.slug}/")
    assert len(plusieurs) == len(une)
