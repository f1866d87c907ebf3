"""The follow-up offered at the end (R6313-4) and the written agreement to keep documents
for it (R6313-7: 3 years at most after the end), read by the retention engine."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings

from suivi.errors import SuiviError
from suivi.models import Decision, Suivi
from suivi.selectors import accord_conservation_fin
from suivi.services import suivi_decider
from tests.suivi.conftest import FIN, jour

ORG = "Horizon Compétences"


def _decider(bilan, user, accepte=True, conservation=False):
    return suivi_decider(
        bilan=bilan,
        beneficiaire_user=user,
        accepte=accepte,
        conservation=conservation,
        organisation=ORG,
        ip="192.0.2.1",
    )


def test_accepting_with_the_agreement_records_text_time_and_end(fini, horloge, beneficiaire):
    horloge(0, "11:00")
    suivi = _decider(fini, beneficiaire, conservation=True)
    assert suivi.decision == Decision.ACCEPTE and suivi.accord_conservation
    assert suivi.accord_le is not None
    assert suivi.accord_fin == FIN + datetime.timedelta(days=3 * 365)
    assert (
        "R6313-7" in suivi.accord_texte
        and suivi.accord_fin.strftime("%d/%m/%Y") in suivi.accord_texte
    )
    assert accord_conservation_fin(bilan=fini) == suivi.accord_fin


@override_settings(SUIVI_CONSERVATION_JOURS=10 * 365)
def test_the_agreement_never_lasts_more_than_three_years(fini, horloge, beneficiaire):
    horloge(0, "11:00")
    suivi = _decider(fini, beneficiaire, conservation=True)
    assert suivi.accord_fin <= FIN + datetime.timedelta(days=3 * 365)


@override_settings(SUIVI_CONSERVATION_JOURS=365)
def test_a_provider_may_keep_less(fini, horloge, beneficiaire):
    horloge(0, "11:00")
    assert _decider(fini, beneficiaire, conservation=True).accord_fin == jour(365)


def test_without_agreement_the_engine_reads_none(fini, horloge, beneficiaire):
    horloge(1)
    _decider(fini, beneficiaire)
    assert accord_conservation_fin(bilan=fini) is None


def test_declining_then_accepting_is_allowed_but_not_the_reverse(fini, horloge, beneficiaire):
    """Decided: the seed lets the beneficiary take the initiative later, so a refusal can be
    turned into an acceptance; an acceptance is not withdrawn from this screen."""
    horloge(1)
    _decider(fini, beneficiaire, accepte=False)
    with pytest.raises(SuiviError) as exc:
        _decider(fini, beneficiaire, accepte=False)
    assert exc.value.code == "deja_decline"
    horloge(40)
    assert _decider(fini, beneficiaire, accepte=True).decision == Decision.ACCEPTE
    with pytest.raises(SuiviError) as exc:
        _decider(fini, beneficiaire, accepte=False)
    assert exc.value.code == "deja_accepte"
    assert Suivi.objects.get(bilan=fini).decision == Decision.ACCEPTE


def test_an_agreement_without_acceptance_is_refused(fini, horloge, beneficiaire):
    horloge(1)
    with pytest.raises(SuiviError) as exc:
        _decider(fini, beneficiaire, accepte=False, conservation=True)
    assert exc.value.code == "accord_sans_suivi"
    assert not Suivi.objects.exists()


def test_no_offer_before_the_end(bilan, beneficiaire):
    with pytest.raises(SuiviError) as exc:
        _decider(bilan, beneficiaire)
    assert exc.value.code == "bilan_pas_termine"


def test_someone_elses_bilan_is_refused(fini, horloge, autre_beneficiaire):
    with pytest.raises(SuiviError):
        _decider(fini, autre_beneficiaire)


def test_the_portal_records_the_answer_and_shows_it_on_the_home(
    fini, horloge, beneficiaire, client_de
):
    horloge(2, "10:00")
    client = client_de(beneficiaire)
    page = client.get(f"/portail/suivi/{fini.pk}/")
    assert "R6313-7" in page.content.decode()
    accueil = client.get("/portail/").content.decode()
    assert "dites-nous si vous le souhaitez" in accueil
    r = client.post(
        f"/portail/suivi/{fini.pk}/reponse/", {"decision": "accepte", "conservation": "on"}
    )
    assert r.status_code == 302
    assert Suivi.objects.get(bilan=fini).accord_conservation
    assert "choisissez votre rendez-vous" in client.get("/portail/").content.decode()
    # Bad input: a second answer is refused with a French message, nothing changes.
    r = client.post(f"/portail/suivi/{fini.pk}/reponse/", {"decision": "decline"})
    assert r.status_code == 200 and "déjà accepté" in r.content.decode()


def test_another_beneficiary_gets_404(fini, horloge, autre_beneficiaire, client_de):
    client = client_de(autre_beneficiaire)
    assert client.get(f"/portail/suivi/{fini.pk}/").status_code == 404
    assert (
        client.post(f"/portail/suivi/{fini.pk}/reponse/", {"decision": "accepte"}).status_code
        == 404
    )


def test_the_agreement_may_follow_an_acceptance_once(fini, horloge, beneficiaire):
    horloge(1)
    _decider(fini, beneficiaire)
    horloge(30)
    suivi = _decider(fini, beneficiaire, conservation=True)
    assert suivi.accord_conservation and suivi.accord_le is not None
    with pytest.raises(SuiviError) as exc:
        _decider(fini, beneficiaire, conservation=True)
    assert exc.value.code == "deja_accepte"
