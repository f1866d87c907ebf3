"""Reassigning a bilan and planning a new one (domain.md, Confidentiality: "a change of
consultant moves the access"; R6313-5; The people: only an active consultant runs a bilan).

Every refusal: a clear French message, nothing changed."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape

from beneficiaires.models import Bilan
from beneficiaires.selectors import bilans_visible_to, entretiens_visible_to
from bilan.audit.models import AuditEvent
from bilan.comptes.models import User
from tests.beneficiaires.factories import BilanFactory, DossierFactory, entretien_record
from tests.factories import ConsultantFactory

pytestmark = pytest.mark.django_db

CREER = reverse("administration:bilan_creer")
LISTE = reverse("administration:bilans")
CONSULTANT_INVALIDE = escape("Choisissez un consultant actif dans la liste.")


def _url(bilan: Bilan) -> str:
    return reverse("administration:bilan_reassigner", kwargs={"pk": bilan.pk})


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _audit() -> int:
    """Audit rows of the dossiers (the logins the test clients make are not counted)."""
    return AuditEvent.objects.exclude(event__startswith="auth.").count()


def _consultant_id(bilan: Bilan) -> int | None:
    return Bilan.objects.values_list("consultant_id", flat=True).get(pk=bilan.pk)


# --- reassigning ---------------------------------------------------------------------------


def test_bilan_reassigner_page_offers_active_consultants_only(
    client_de, admin, bilan, consultant, autre_consultant
) -> None:
    parti = ConsultantFactory(first_name="Marc", last_name="Parti", is_active=False)
    response = client_de(admin).get(_url(bilan))
    html = response.content.decode()
    assert f'<option value="{autre_consultant.pk}">Julien Bernard</option>' in html
    assert f'<option value="{consultant.pk}">Claire Martin</option>' in html
    assert f'value="{parti.pk}"' not in html
    assert f'value="{admin.pk}"' not in html
    assert '<label for="id_consultant">Nouveau consultant' in html
    assert "<dt>Consultant actuel</dt><dd>Claire Martin</dd>" in html


def test_bilan_reassigner_moves_the_bilan_and_its_access(
    client_de, admin, bilan, consultant, autre_consultant
) -> None:
    entretien = entretien_record(bilan)
    response = client_de(admin).post(
        _url(bilan), {"consultant": autre_consultant.pk}, REMOTE_ADDR="198.51.100.9"
    )
    assert response.status_code == 302
    assert response["Location"] == LISTE
    assert _consultant_id(bilan) == autre_consultant.pk
    assert _messages(response) == [
        f"Le bilan {bilan.reference} est désormais suivi par Julien Bernard."
    ]
    # The old consultant loses the bilan (404 through the content selector), the new one gains it.
    with pytest.raises(Http404):
        get_object_or_404(bilans_visible_to(user=consultant), pk=bilan.pk)
    assert get_object_or_404(bilans_visible_to(user=autre_consultant), pk=bilan.pk) == bilan
    assert list(entretiens_visible_to(user=consultant)) == []
    assert list(entretiens_visible_to(user=autre_consultant)) == [entretien]
    assert list(
        AuditEvent.objects.filter(event="bilan.consultant_changed").values_list(
            "actor_id", "target_id", "ip"
        )
    ) == [(admin.pk, str(bilan.pk), "198.51.100.9")]


def test_bilan_reassigner_to_an_inactive_consultant_is_refused(client_de, admin, bilan) -> None:
    parti = ConsultantFactory(is_active=False)
    audit = _audit()
    response = client_de(admin).post(_url(bilan), {"consultant": parti.pk})
    assert response.status_code == 200
    assert CONSULTANT_INVALIDE in response.content.decode()
    assert _consultant_id(bilan) == bilan.consultant_id
    assert _audit() == audit


@pytest.mark.parametrize("persona", ["beneficiaire", "admin", "superuser"])
def test_bilan_reassigner_to_someone_not_a_consultant_is_refused(
    client_de, admin, bilan, request, persona
) -> None:
    audit = _audit()
    cible = request.getfixturevalue(persona)
    response = client_de(admin).post(_url(bilan), {"consultant": cible.pk})
    assert CONSULTANT_INVALIDE in response.content.decode()
    assert _consultant_id(bilan) == bilan.consultant_id
    assert _audit() == audit


@pytest.mark.parametrize("donnees", [{}, {"consultant": ""}, {"consultant": "abc"}])
def test_bilan_reassigner_without_a_consultant_is_refused(client_de, admin, bilan, donnees):
    response = client_de(admin).post(_url(bilan), donnees)
    assert CONSULTANT_INVALIDE in response.content.decode()
    assert _consultant_id(bilan) == bilan.consultant_id


def test_bilan_reassigner_to_the_same_consultant_is_refused(
    client_de, admin, bilan, consultant
) -> None:
    audit = _audit()
    response = client_de(admin).post(_url(bilan), {"consultant": consultant.pk})
    assert escape("Ce consultant est déjà chargé de ce bilan.") in response.content.decode()
    assert _consultant_id(bilan) == consultant.pk
    assert _audit() == audit


@pytest.mark.parametrize("etat", ["clos", "abandonne", "refuse"])
def test_bilan_reassigner_of_an_ended_bilan_is_refused(
    client_de, admin, dossier, consultant, autre_consultant, etat
) -> None:
    bilan = BilanFactory(beneficiaire=dossier, consultant=consultant, etat=etat)
    audit = _audit()
    response = client_de(admin).post(_url(bilan), {"consultant": autre_consultant.pk})
    assert response.status_code == 200
    assert (
        escape("Le consultant d'un bilan clos, abandonné ou refusé ne peut plus changer.")
        in response.content.decode()
    )
    assert _consultant_id(bilan) == consultant.pk
    assert bilans_visible_to(user=consultant).filter(pk=bilan.pk).exists()
    assert not bilans_visible_to(user=autre_consultant).filter(pk=bilan.pk).exists()
    assert _audit() == audit


def test_bilan_reassigner_of_an_unknown_bilan_answers_404(client_de, admin, autre_consultant):
    response = client_de(admin).post(
        reverse("administration:bilan_reassigner", kwargs={"pk": 999_999}),
        {"consultant": autre_consultant.pk},
    )
    assert response.status_code == 404


# --- planning a bilan ----------------------------------------------------------------------


def test_bilan_creer_page_lists_beneficiaries_and_active_consultants(
    client_de, admin, dossier, consultant
) -> None:
    ConsultantFactory(first_name="Marc", last_name="Parti", is_active=False)
    html = client_de(admin).get(CREER).content.decode()
    email = dossier.user.email
    assert f'<option value="{dossier.pk}">Sophie Durand ({email})</option>' in html
    assert f'<option value="{consultant.pk}">Claire Martin</option>' in html
    assert "Marc Parti" not in html
    assert '<label for="id_beneficiaire">Bénéficiaire' in html


def test_bilan_creer_opens_a_bilan_in_prealable_for_both(
    client_de, admin, dossier, consultant
) -> None:
    response = client_de(admin).post(
        CREER, {"beneficiaire": dossier.pk, "consultant": consultant.pk}, REMOTE_ADDR="192.0.2.4"
    )
    assert response.status_code == 302
    assert response["Location"] == LISTE
    bilan = Bilan.objects.get()
    assert (bilan.beneficiaire, bilan.consultant, bilan.etat, bilan.financement) == (
        dossier,
        consultant,
        "prealable",
        "",
    )
    assert _messages(response) == [
        f"Le bilan {bilan.reference} de Sophie Durand est ouvert, suivi par Claire Martin."
    ]
    assert list(bilans_visible_to(user=consultant)) == [bilan]
    assert list(bilans_visible_to(user=dossier.user)) == [bilan]
    assert list(
        AuditEvent.objects.filter(event="bilan.created").values_list("actor_id", "target_id", "ip")
    ) == [(admin.pk, str(bilan.pk), "192.0.2.4")]


def test_bilan_creer_for_an_employee_of_the_provider_is_refused(client_de, admin, consultant):
    """R6313-5: a provider cannot run the bilan of its own employee."""
    salarie = DossierFactory(employe_par_organisme=True)
    audit = _audit()
    response = client_de(admin).post(
        CREER, {"beneficiaire": salarie.pk, "consultant": consultant.pk}
    )
    assert response.status_code == 200
    assert (
        escape(
            "L'organisme ne peut pas réaliser le bilan de compétences de l'un de ses salariés "
            "(article R6313-5 du Code du travail)."
        )
        in response.content.decode()
    )
    assert not Bilan.objects.exists()
    assert _audit() == audit


def test_bilan_creer_with_an_inactive_consultant_is_refused(client_de, admin, dossier) -> None:
    parti = ConsultantFactory(is_active=False)
    response = client_de(admin).post(CREER, {"beneficiaire": dossier.pk, "consultant": parti.pk})
    assert CONSULTANT_INVALIDE in response.content.decode()
    assert not Bilan.objects.exists()


def test_bilan_creer_with_someone_not_a_consultant_is_refused(
    client_de, admin, dossier, autre_beneficiaire
) -> None:
    response = client_de(admin).post(
        CREER, {"beneficiaire": dossier.pk, "consultant": autre_beneficiaire.pk}
    )
    assert CONSULTANT_INVALIDE in response.content.decode()
    assert not Bilan.objects.exists()


@pytest.mark.parametrize("beneficiaire", ["", "999999", "abc"])
def test_bilan_creer_without_a_known_beneficiary_is_refused(
    client_de, admin, consultant, beneficiaire
) -> None:
    response = client_de(admin).post(
        CREER, {"beneficiaire": beneficiaire, "consultant": consultant.pk}
    )
    assert "Choisissez un bénéficiaire dans la liste." in response.content.decode()
    assert not Bilan.objects.exists()


def test_bilan_creer_for_a_deactivated_beneficiary_is_refused(
    client_de, admin, dossier, consultant
) -> None:
    User.objects.filter(pk=dossier.user_id).update(is_active=False)
    response = client_de(admin).post(
        CREER, {"beneficiaire": dossier.pk, "consultant": consultant.pk}
    )
    assert "Choisissez un bénéficiaire dans la liste." in response.content.decode()
    assert not Bilan.objects.exists()


@pytest.mark.parametrize("persona", ["beneficiaire", "consultant"])
def test_bilan_creer_is_forbidden_to_other_roles(client_de, request, dossier, consultant, persona):
    response = client_de(request.getfixturevalue(persona)).post(
        CREER, {"beneficiaire": dossier.pk, "consultant": consultant.pk}
    )
    assert response.status_code == 403
    assert not Bilan.objects.exists()
