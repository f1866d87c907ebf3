"""The consent page (L6313-4; domain.md, The life of a bilan, 1): the explanation of the
bilan, its phases, the follow-up and the guarantees, then two answers. A refusal is
confirmed, asks for no reason and "is never misconduct"; "where a rule says refuse, the
platform refuses with a clear French message and changes nothing"."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import escape

from beneficiaires.models import Bilan, Consentement
from beneficiaires.services import bilan_transition
from bilan.audit.models import AuditEvent
from tests.beneficiaires.factories import consentement_donne, entretien_record

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 3, 9, 30, tzinfo=datetime.UTC)  # 10:30 in Paris
BOUTONS = (
    '<button type="submit" name="decision" value="donne">',
    '<button type="submit" name="decision" value="refuse" class="secondary outline">',
)


def _url(bilan: Bilan) -> str:
    return reverse("portail:consentement", kwargs={"pk": bilan.pk})


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _etat(bilan: Bilan) -> str:
    return Bilan.objects.values_list("etat", flat=True).get(pk=bilan.pk)


def _audit() -> int:
    """Audit rows of the dossiers (the logins the test clients make are not counted)."""
    return AuditEvent.objects.exclude(event__startswith="auth.").count()


def _rien_ne_change(bilan: Bilan, *, consentements: int, audit: int, etat: str) -> None:
    assert Consentement.objects.filter(bilan=bilan).count() == consentements
    assert _audit() == audit
    assert _etat(bilan) == etat


# --- the page ------------------------------------------------------------------------------


def test_consentement_page_explains_the_bilan_its_phases_and_the_guarantees(
    client_de, beneficiaire, bilan
) -> None:
    entretien_record(bilan)
    html = client_de(beneficiaire).get(_url(bilan)).content.decode()
    for texte in (
        "Souhaitez-vous faire ce bilan de compétences ?",
        "Il dure au plus 24 heures",
        "Phase préliminaire",
        "Phase d'investigation",
        "Phase de conclusion",
        "un entretien de suivi vous est proposé, en principe six mois après la fin du bilan",
        "Le bilan est volontaire",
        "seuls vous et votre consultant y avez accès",
        "lien direct et nécessaire",
        "Le document de synthèse vous est remis à vous seul.",
        "Refuser ne demande aucune justification et n'est jamais une faute.",
    ):
        assert texte in html, texte
    assert all(bouton in html for bouton in BOUTONS)


def test_consentement_page_before_the_entretien_offers_no_answer(
    client_de, beneficiaire, bilan
) -> None:
    html = client_de(beneficiaire).get(_url(bilan)).content.decode()
    assert "Votre réponse pourra être recueillie après l'entretien préalable" in html
    assert not any(bouton in html for bouton in BOUTONS)


def test_consentement_page_after_an_answer_shows_it_without_buttons(
    client_de, beneficiaire, bilan
) -> None:
    with time_machine.travel(NOW, tick=False):
        consentement_donne(bilan)
    html = client_de(beneficiaire).get(_url(bilan)).content.decode()
    assert "Vous avez donné votre accord le 03/11/2026 à 10:30." in html
    assert not any(bouton in html for bouton in BOUTONS)


# --- giving and refusing -------------------------------------------------------------------


def test_consentement_given_is_recorded_with_time_and_ip(client_de, beneficiaire, bilan) -> None:
    entretien_record(bilan)
    with time_machine.travel(NOW, tick=False):
        response = client_de(beneficiaire).post(
            _url(bilan), {"decision": "donne"}, REMOTE_ADDR="198.51.100.7"
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("portail:accueil")
    consentement = Consentement.objects.get(bilan=bilan)
    assert (consentement.decision, consentement.at, consentement.ip) == (
        "donne",
        NOW,
        "198.51.100.7",
    )
    assert _etat(bilan) == "prealable"
    assert _messages(response) == [
        "Merci, votre accord est enregistré. Votre consultant vous contactera pour la suite."
    ]
    assert (
        AuditEvent.objects.filter(
            event="consentement.given", actor_id=beneficiaire.pk, ip="198.51.100.7"
        ).count()
        == 1
    )


def test_consentement_refusal_first_asks_for_confirmation_and_changes_nothing(
    client_de, beneficiaire, bilan
) -> None:
    entretien_record(bilan)
    audit = _audit()
    response = client_de(beneficiaire).post(_url(bilan), {"decision": "refuse"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Confirmez-vous votre refus ?" in html
    assert "Vous n'avez pas à vous justifier. Refuser le bilan n'est jamais une faute" in html
    assert '<input type="hidden" name="confirme" value="on">' in html
    assert "<textarea" not in html  # no reason is asked
    _rien_ne_change(bilan, consentements=0, audit=audit, etat="prealable")


def test_consentement_refusal_confirmed_ends_the_bilan_without_reason(
    client_de, beneficiaire, bilan
) -> None:
    entretien_record(bilan)
    response = client_de(beneficiaire).post(_url(bilan), {"decision": "refuse", "confirme": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portail:accueil")
    assert Consentement.objects.get(bilan=bilan).decision == "refuse"
    assert _etat(bilan) == "refuse"
    assert _messages(response) == [
        "Votre refus est enregistré. C'est votre droit : ce choix ne vous sera jamais reproché."
    ]


# --- refusals: a French message, nothing changed ------------------------------------------


def test_consentement_given_twice_is_refused(client_de, beneficiaire, bilan) -> None:
    with time_machine.travel(NOW, tick=False):
        consentement_donne(bilan)
    audit = _audit()
    response = client_de(beneficiaire).post(_url(bilan), {"decision": "donne"})
    assert response.status_code == 200
    assert escape("Votre réponse a déjà été enregistrée le 03/11/2026 à 10:30.") in (
        response.content.decode()
    )
    _rien_ne_change(bilan, consentements=1, audit=audit, etat="prealable")


def test_consentement_refusal_after_consent_is_refused(client_de, beneficiaire, bilan) -> None:
    with time_machine.travel(NOW, tick=False):
        consentement_donne(bilan)
    audit = _audit()
    response = client_de(beneficiaire).post(_url(bilan), {"decision": "refuse", "confirme": "on"})
    assert escape("Votre réponse a déjà été enregistrée le 03/11/2026 à 10:30.") in (
        response.content.decode()
    )
    _rien_ne_change(bilan, consentements=1, audit=audit, etat="prealable")
    assert Consentement.objects.get(bilan=bilan).decision == "donne"


def test_consentement_before_the_entretien_is_refused(client_de, beneficiaire, bilan) -> None:
    audit = _audit()
    response = client_de(beneficiaire).post(_url(bilan), {"decision": "donne"})
    assert response.status_code == 200
    assert escape("Votre consentement pourra être recueilli après l'entretien préalable.") in (
        response.content.decode()
    )
    _rien_ne_change(bilan, consentements=0, audit=audit, etat="prealable")


def test_consentement_unconfirmed_refusal_before_the_entretien_changes_nothing(
    client_de, beneficiaire, bilan
) -> None:
    audit = _audit()
    response = client_de(beneficiaire).post(_url(bilan), {"decision": "refuse"})
    html = response.content.decode()
    assert "Confirmez-vous votre refus ?" not in html
    assert "Votre réponse pourra être recueillie après l'entretien préalable" in html
    assert response.context["form"].non_field_errors() == [
        "Votre consentement pourra être recueilli après l'entretien préalable."
    ]
    assert escape("Votre consentement pourra être recueilli après l'entretien préalable.") in html
    _rien_ne_change(bilan, consentements=0, audit=audit, etat="prealable")


def test_consentement_unconfirmed_refusal_after_consent_says_why(
    client_de, beneficiaire, bilan
) -> None:
    with time_machine.travel(NOW, tick=False):
        consentement_donne(bilan)
    audit = _audit()
    response = client_de(beneficiaire).post(_url(bilan), {"decision": "refuse"})
    assert response.status_code == 200
    assert "Confirmez-vous votre refus ?" not in response.content.decode()
    assert response.context["form"].non_field_errors() == [
        "Votre réponse a déjà été enregistrée le 03/11/2026 à 10:30."
    ]
    _rien_ne_change(bilan, consentements=1, audit=audit, etat="prealable")
    assert Consentement.objects.get(bilan=bilan).decision == "donne"


def test_consentement_unconfirmed_refusal_of_an_abandoned_bilan_says_why(
    client_de, beneficiaire, bilan, consultant
) -> None:
    entretien_record(bilan)
    bilan_transition(bilan=bilan, vers="abandonne", by=consultant)
    audit = _audit()
    response = client_de(beneficiaire).post(_url(bilan), {"decision": "refuse"})
    assert response.context["form"].non_field_errors() == [
        "Ce bilan n'attend plus votre consentement."
    ]
    assert escape("Ce bilan n'attend plus votre consentement.") in response.content.decode()
    _rien_ne_change(bilan, consentements=0, audit=audit, etat="abandonne")


def test_consentement_on_an_abandoned_bilan_is_refused(
    client_de, beneficiaire, bilan, consultant
) -> None:
    entretien_record(bilan)
    bilan_transition(bilan=bilan, vers="abandonne", by=consultant)
    audit = _audit()
    response = client_de(beneficiaire).post(_url(bilan), {"decision": "donne"})
    assert escape("Ce bilan n'attend plus votre consentement.") in response.content.decode()
    _rien_ne_change(bilan, consentements=0, audit=audit, etat="abandonne")


def test_consentement_on_someone_elses_bilan_answers_404(
    client_de, autre_beneficiaire, bilan
) -> None:
    entretien_record(bilan)
    audit = _audit()
    client = client_de(autre_beneficiaire)
    assert client.get(_url(bilan)).status_code == 404
    assert client.post(_url(bilan), {"decision": "donne"}).status_code == 404
    assert client.post(_url(bilan), {"decision": "refuse", "confirme": "on"}).status_code == 404
    _rien_ne_change(bilan, consentements=0, audit=audit, etat="prealable")


@pytest.mark.parametrize("donnees", [{}, {"decision": "peut-etre"}, {"decision": ""}])
def test_consentement_without_a_valid_answer_is_refused(
    client_de, beneficiaire, bilan, donnees
) -> None:
    entretien_record(bilan)
    audit = _audit()
    response = client_de(beneficiaire).post(_url(bilan), donnees)
    assert response.status_code == 200
    assert "Choisissez de donner ou de refuser votre accord." in response.content.decode()
    _rien_ne_change(bilan, consentements=0, audit=audit, etat="prealable")


@pytest.mark.parametrize("persona", ["consultant", "admin", "superuser"])
def test_consentement_is_forbidden_to_other_roles(client_de, request, bilan, persona) -> None:
    entretien_record(bilan)
    client = client_de(request.getfixturevalue(persona))
    assert client.post(_url(bilan), {"decision": "donne"}).status_code == 403
    assert not Consentement.objects.filter(bilan=bilan).exists()
