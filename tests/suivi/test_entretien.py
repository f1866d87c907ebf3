"""Scheduling the follow-up interview (outside the 24 h) and its record: confidential,
encrypted, read by the beneficiary and the assigned consultant only (domain.md, 10)."""

from __future__ import annotations

import datetime
import html

import pytest
from django.db import connection
from django.utils import timezone

from beneficiaires.services import bilan_assign_consultant
from seances.models import Seance
from suivi import services
from suivi.errors import SuiviError
from suivi.models import EntretienSuivi
from suivi.selectors import entretiens_visible_to
from tests.beneficiaires.factories import BilanFactory
from tests.seances.outils import paris
from tests.suivi.conftest import jour


def _a(n: int, heure: str = "10:00") -> datetime.datetime:
    return datetime.datetime.fromtimestamp(paris(jour(n), heure), tz=datetime.UTC)


@pytest.fixture
def creneau(fini, horloge, consultant):
    horloge(150, "09:00")
    return services.creneau_proposer(
        consultant=consultant, debut=_a(170), duree_minutes=60, modalite="presentiel"
    )


def _reserver(bilan, user, creneau):
    return services.entretien_reserver(bilan=bilan, beneficiaire_user=user, creneau_id=creneau.pk)


def test_booking_a_slot_is_outside_the_24_hours(fini, creneau, beneficiaire):
    seances = Seance.objects.filter(bilan=fini).count()
    entretien = _reserver(fini, beneficiaire, creneau)
    assert entretien.debut == creneau.debut
    assert Seance.objects.filter(bilan=fini).count() == seances  # never a session of the plan


def test_a_taken_slot_is_refused(fini, creneau, beneficiaire, consultant, suivi_seed):
    _reserver(fini, beneficiaire, creneau)
    second = BilanFactory(consultant=consultant, etat="termine")
    with pytest.raises(SuiviError) as exc:
        _reserver(second, second.beneficiaire.user, creneau)
    assert exc.value.code == "creneau_pris"
    assert not EntretienSuivi.objects.filter(bilan=second).exists()


def test_a_past_slot_is_refused(fini, creneau, horloge, beneficiaire):
    horloge(171)
    with pytest.raises(SuiviError) as exc:
        _reserver(fini, beneficiaire, creneau)
    assert exc.value.code == "creneau_passe"
    assert not EntretienSuivi.objects.exists()


def test_another_consultants_slot_is_refused(fini, horloge, beneficiaire, autre_consultant):
    horloge(150)
    ailleurs = services.creneau_proposer(
        consultant=autre_consultant, debut=_a(171), duree_minutes=60, modalite="presentiel"
    )
    with pytest.raises(SuiviError) as exc:
        _reserver(fini, beneficiaire, ailleurs)
    assert exc.value.code == "creneau_inconnu"


def test_the_portal_refuses_a_taken_slot_with_a_french_message(
    fini, creneau, beneficiaire, client_de, consultant
):
    second = BilanFactory(consultant=consultant, etat="termine")
    _reserver(second, second.beneficiaire.user, creneau)
    r = client_de(beneficiaire).post(f"/portail/suivi/{fini.pk}/reserver/", {"creneau": creneau.pk})
    assert r.status_code == 200
    assert "vient d'être réservé" in html.unescape(r.content.decode())
    assert not EntretienSuivi.objects.filter(bilan=fini).exists()


def test_the_consultant_schedules_directly_but_not_in_the_past(fini, horloge, consultant):
    horloge(100)
    with pytest.raises(SuiviError):
        services.entretien_planifier(
            bilan=fini, consultant=consultant, debut=_a(99), duree_minutes=60, modalite="telephone"
        )
    entretien = services.entretien_planifier(
        bilan=fini, consultant=consultant, debut=_a(180), duree_minutes=45, modalite="telephone"
    )
    with pytest.raises(SuiviError) as exc:
        services.entretien_planifier(
            bilan=fini, consultant=consultant, debut=_a(181), duree_minutes=45, modalite="telephone"
        )
    assert exc.value.code == "deja_planifie"
    assert entretien.duree_minutes == 45


def test_the_record_is_encrypted_and_read_by_the_two_only(
    fini, creneau, horloge, beneficiaire, consultant, admin, superuser, autre_consultant
):
    entretien = _reserver(fini, beneficiaire, creneau)
    with pytest.raises(SuiviError) as exc:
        services.entretien_rediger(
            entretien=entretien,
            consultant=consultant,
            avancement="x",
            obstacles="",
            ajustements="",
            suites="",
        )
    assert exc.value.code == "pas_encore_tenu"
    horloge(170, "11:00")
    with pytest.raises(SuiviError) as exc:
        services.entretien_rediger(
            entretien=entretien,
            consultant=consultant,
            avancement=" ",
            obstacles="",
            ajustements="",
            suites="",
        )
    assert exc.value.code == "vide"
    services.entretien_rediger(
        entretien=entretien,
        consultant=consultant,
        avancement="Formation commencée.",
        obstacles="Financement.",
        ajustements="OPCO.",
        suites="Point dans trois mois.",
    )
    with connection.cursor() as c:
        c.execute("SELECT avancement FROM suivi_entretiensuivi WHERE id = %s", [entretien.pk])
        assert c.fetchone()[0].startswith("fernet:")
    assert list(entretiens_visible_to(consultant)) == [entretien]
    assert list(entretiens_visible_to(beneficiaire)) == [entretien]
    for autre in (admin, superuser, autre_consultant):
        assert not entretiens_visible_to(autre).exists()


def test_a_change_of_consultant_moves_the_record(
    fini, creneau, beneficiaire, consultant, autre_consultant, admin
):
    entretien = _reserver(fini, beneficiaire, creneau)
    bilan_assign_consultant(bilan=fini, consultant=autre_consultant, by=admin)
    assert list(entretiens_visible_to(autre_consultant)) == [entretien]
    assert not entretiens_visible_to(consultant).exists()


def test_another_consultant_gets_404_on_the_record(
    fini, creneau, beneficiaire, autre_consultant, client_de
):
    _reserver(fini, beneficiaire, creneau)
    client = client_de(autre_consultant)
    assert client.get(f"/espace/bilans/{fini.pk}/suivi/compte-rendu/").status_code == 404
    assert client.get(f"/espace/bilans/{fini.pk}/suivi/").status_code == 404


def test_the_beneficiary_reads_the_record_in_the_portal(
    fini, creneau, horloge, beneficiaire, consultant, client_de
):
    entretien = _reserver(fini, beneficiaire, creneau)
    horloge(170, "11:00")
    services.entretien_rediger(
        entretien=entretien,
        consultant=consultant,
        avancement="Formation commencée.",
        obstacles="",
        ajustements="",
        suites="Point dans trois mois.",
    )
    page = client_de(beneficiaire).get(f"/portail/suivi/{fini.pk}/").content.decode()
    assert "Formation commencée." in page and "Point dans trois mois." in page
    assert timezone.localdate() == jour(170)


def test_the_slots_page_queries_do_not_grow_with_the_slots(
    fini, horloge, consultant, beneficiaire, client_de
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    horloge(150, "09:00")
    client = client_de(consultant)
    premier = services.creneau_proposer(
        consultant=consultant, debut=_a(170), duree_minutes=60, modalite="presentiel"
    )
    _reserver(fini, beneficiaire, premier)
    client.get("/espace/suivi/creneaux/")  # the session's first request loads more
    with CaptureQueriesContext(connection) as un:
        assert client.get("/espace/suivi/creneaux/").status_code == 200
    for n in (171, 172):
        services.creneau_proposer(
            consultant=consultant, debut=_a(n), duree_minutes=60, modalite="presentiel"
        )
    with CaptureQueriesContext(connection) as trois:
        page = client.get("/espace/suivi/creneaux/")
    assert len(trois) == len(un)
    assert page.content.decode().count("Retirer") == 2


def test_a_booked_slot_cannot_be_withdrawn(fini, creneau, beneficiaire, consultant) -> None:
    _reserver(fini, beneficiaire, creneau)
    with pytest.raises(SuiviError) as exc:
        services.creneau_retirer(creneau=creneau, consultant=consultant)
    assert exc.value.code == "creneau_reserve"


def test_the_record_shows_the_plans_actions_as_ticked_by_the_beneficiary(
    fini, creneau, horloge, beneficiaire, consultant, client_de
) -> None:
    """domain.md, 8 and 10: the action plan is revisited at follow-up."""
    from synthese.models.plan_action import ActionPrevue, Horizon
    from synthese.plan_action.services import _plan_ensure, plan_action_cocher

    plan = _plan_ensure(bilan=fini, acteur=None)
    faite, a_faire = (
        ActionPrevue.objects.create(
            plan=plan,
            horizon=Horizon.values[0],
            intitule=intitule,
            debut=jour(1),
            fin=jour(60),
        )
        for intitule in ("S'inscrire à la formation", "Contacter l'OPCO")
    )
    entretien = _reserver(fini, beneficiaire, creneau)
    horloge(100)
    plan_action_cocher(action=faite, beneficiaire_user=beneficiaire, fait=True)
    horloge(170, "11:00")
    page = html.unescape(
        client_de(consultant).get(f"/espace/bilans/{fini.pk}/suivi/compte-rendu/").content.decode()
    )
    assert "S'inscrire à la formation · faite le " + jour(100).strftime("%d/%m/%Y") in page
    assert "Contacter l'OPCO · à faire" in page
    assert entretien.pk
