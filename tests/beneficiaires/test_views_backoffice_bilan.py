"""The consultant's first contact, bilan page and transitions (domain.md, The life of a bilan;
R6313-5; Confidentiality: someone else's bilan answers 404)."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beneficiaires.models import Beneficiaire, Bilan, BilanEvenement
from bilan.audit.models import AuditEvent
from bilan.comptes.models import User
from bilan.comptes.tasks import user_invitation_send_task
from tests.beneficiaires.factories import BilanFactory, consentement_donne, entretien_record

pytestmark = pytest.mark.django_db

CREER = reverse("backoffice:beneficiaire_creer")
PREMIER_CONTACT = {
    "first_name": "Nina",
    "last_name": "Roux",
    "email": "Nina.Roux@exemple.test",
    "telephone": "06 12 34 56 78",
    "statut_professionnel": "salarie",
    "employeur_nom": "Transports Rapides",
}


@pytest.fixture
def client(client_de, consultant):
    return client_de(consultant)


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _nothing_created(users_before: int, audit_before: int) -> None:
    assert User.objects.count() == users_before
    assert Beneficiaire.objects.count() == 0
    assert Bilan.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


# --- First contact -----------------------------------------------------------------------


def test_beneficiaire_creer_opens_account_profile_and_bilan_for_the_consultant(
    client, consultant, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(CREER, PREMIER_CONTACT)
    bilan = Bilan.objects.get()
    assert len(callbacks) == 1  # the invitation is enqueued when the whole creation commits
    user_invitation_send_task(user_id=bilan.beneficiaire.user_id)  # called directly (style.md)
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:bilan", args=[bilan.pk])
    user = bilan.beneficiaire.user
    assert (user.email, user.first_name, user.last_name, user.role) == (
        "nina.roux@exemple.test",
        "Nina",
        "Roux",
        "beneficiaire",
    )
    profil = bilan.beneficiaire
    assert (
        profil.telephone,
        profil.statut_professionnel,
        profil.employeur_nom,
        profil.employe_par_organisme,
    ) == ("06 12 34 56 78", "salarie", "Transports Rapides", False)
    assert (bilan.consultant, bilan.etat) == (consultant, "prealable")
    assert _messages(response) == [
        f"Le bilan {bilan.reference} de Nina Roux est ouvert ; une invitation à choisir un mot "
        "de passe a été envoyée à nina.roux@exemple.test."
    ]
    assert [m.to for m in mail.outbox] == [["nina.roux@exemple.test"]]
    assert list(AuditEvent.objects.order_by("pk").values_list("event", "actor_id"))[-3:] == [
        ("user.created", consultant.pk),
        ("beneficiaire.created", consultant.pk),
        ("bilan.created", consultant.pk),
    ]


def test_beneficiaire_creer_shows_the_form_with_every_field_labelled(client) -> None:
    html = client.get(CREER).content.decode()
    for field, label in [
        ("first_name", "Prénom"),
        ("email", "Adresse e-mail"),
        ("statut_professionnel", "Statut professionnel"),
        ("employeur_nom", "Employeur"),
    ]:
        assert f'<label for="id_{field}">{label}' in html
    # A checkbox sits inside its label (templates/_form_fields.html).
    assert re.search(
        r'<label for="id_employe_par_organisme"><input type="checkbox" [^>]*'
        r'id="id_employe_par_organisme"> Salarié de notre organisme</label>',
        html,
    )


def test_beneficiaire_creer_refuses_the_providers_employee_and_creates_nothing(
    client, django_capture_on_commit_callbacks
) -> None:
    """R6313-5: the provider cannot run the bilan of its own employee; the account goes too."""
    users, audit = User.objects.count(), AuditEvent.objects.count()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(CREER, {**PREMIER_CONTACT, "employe_par_organisme": "on"})
    assert callbacks == []  # no invitation for an account that does not exist
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "L'organisme ne peut pas réaliser le bilan de compétences de l'un de ses salariés "
        "(article R6313-5 du Code du travail)."
    ]
    assert "article R6313-5 du Code du travail).</p>" in response.content.decode()
    _nothing_created(users, audit)


def test_beneficiaire_creer_requires_the_employer_of_an_employee(client) -> None:
    users, audit = User.objects.count(), AuditEvent.objects.count()
    response = client.post(CREER, {**PREMIER_CONTACT, "employeur_nom": " "})
    assert response.context["form"].errors == {
        "employeur_nom": ["Le nom de l'employeur est obligatoire pour un salarié."]
    }
    _nothing_created(users, audit)


def test_beneficiaire_creer_refuses_a_taken_address(client, beneficiaire) -> None:
    users, audit = User.objects.count(), AuditEvent.objects.count()
    response = client.post(CREER, {**PREMIER_CONTACT, "email": beneficiaire.email.upper()})
    assert response.context["form"].errors == {
        "email": ["Un compte existe déjà avec cette adresse e-mail."]
    }
    _nothing_created(users, audit)


def test_beneficiaire_creer_requires_identity_and_status(client) -> None:
    users, audit = User.objects.count(), AuditEvent.objects.count()
    response = client.post(CREER, {"email": "pas-une-adresse"})
    errors = response.context["form"].errors
    assert sorted(errors) == ["email", "first_name", "last_name", "statut_professionnel"]
    assert errors["first_name"] == ["Ce champ est obligatoire."]
    assert errors["email"] == ["Saisissez une adresse de courriel valide."]
    _nothing_created(users, audit)


# --- The bilan page ----------------------------------------------------------------------


def test_bilan_page_shows_summary_next_step_and_transitions(client, bilan) -> None:
    response = client.get(reverse("backoffice:bilan", args=[bilan.pk]))
    html = response.content.decode()
    assert f"Bilan {bilan.reference} : Sophie Durand" in html
    assert "<dd>Demandeur d&#x27;emploi</dd>" in html
    assert "<dd>Sans objet</dd>" in html  # no employer outside employment
    assert response.context["etape"].texte == "Mener et enregistrer l'entretien préalable."
    entretien_url = reverse("backoffice:entretien", args=[bilan.pk])
    assert (
        f'<a href="{entretien_url}" class="bouton">Enregistrer l&#x27;entretien préalable</a>'
        in (html)
    )
    assert [t["vers"] for t in response.context["transitions"]] == [
        "engagement",
        "abandonne",
        "refuse",
    ]
    confirmer = reverse("backoffice:transition_confirmer", args=[bilan.pk])
    assert f'href="{confirmer}?vers=abandonne"' in html
    assert "Aucun changement d'état depuis l'ouverture du bilan" in html


def test_bilan_page_lists_the_timeline(client, consultant) -> None:
    bilan = BilanFactory(consultant=consultant, etat="en_cours")
    response = client.get(reverse("backoffice:bilan", args=[bilan.pk]))
    assert [(e.de, e.vers) for e in response.context["evenements"]] == [
        ("prealable", "engagement"),
        ("engagement", "en_cours"),
    ]
    html = response.content.decode()
    assert ": Préalable → Engagement (par Claire Martin)</li>" in html
    assert ": Engagement → En cours (par Claire Martin)</li>" in html
    assert response.context["etape"].vers == "conclusion"


def test_bilan_page_links_the_convention_only_on_a_convention_path(client, bilan) -> None:
    html = client.get(reverse("backoffice:bilan", args=[bilan.pk])).content.decode()
    assert "Voir la convention" not in html
    assert f'href="{reverse("backoffice:financement", args=[bilan.pk])}"' in html
    Bilan.objects.filter(pk=bilan.pk).update(etat="engagement", financement="autre_financeur")
    html = client.get(reverse("backoffice:bilan", args=[bilan.pk])).content.decode()
    assert f'href="{reverse("backoffice:convention", args=[bilan.pk])}">Voir la convention' in html


def test_bilan_page_of_another_consultant_answers_404(client_de, autre_consultant, bilan) -> None:
    response = client_de(autre_consultant).get(reverse("backoffice:bilan", args=[bilan.pk]))
    assert response.status_code == 404
    assert bilan.reference not in response.content.decode()


def test_bilan_page_of_an_unknown_id_answers_404(client) -> None:
    assert client.get(reverse("backoffice:bilan", args=[999_999])).status_code == 404


def test_bilan_page_needs_the_permission_as_well_as_the_assignment(
    client_de, autre_consultant, bilan
) -> None:
    Bilan.objects.filter(pk=bilan.pk).update(consultant=autre_consultant)  # no grant
    response = client_de(autre_consultant).get(reverse("backoffice:bilan", args=[bilan.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("etat", ["prealable", "en_cours", "suivi"])
def test_bilan_page_costs_the_same_whatever_the_length_of_the_timeline(
    client, consultant, etat
) -> None:
    bilan = BilanFactory(consultant=consultant, etat=etat)
    url = reverse("backoffice:bilan", args=[bilan.pk])
    client.get(url)  # the first request registers the session
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    statements = [q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    # Session, user; the bilan with its progress marks, the timeline, the names of who
    # changed it (none while nothing has changed).
    assert len(statements) == 2 + (2 if etat == "prealable" else 3)


# --- Transitions -------------------------------------------------------------------------


def _transition(client, bilan, **data):
    return client.post(reverse("backoffice:transition", args=[bilan.pk]), data)


def test_transition_moves_the_bilan_and_says_so(client, bilan, consultant) -> None:
    consentement_donne(bilan)
    response = _transition(client, bilan, vers="engagement")
    assert response["Location"] == reverse("backoffice:bilan", args=[bilan.pk])
    assert _messages(response) == ["Le bilan est passé à l'état « Engagement »."]
    bilan.refresh_from_db()
    assert bilan.etat == "engagement"
    assert list(BilanEvenement.objects.values_list("de", "vers", "acteur_id")) == [
        ("prealable", "engagement", consultant.pk)
    ]


def test_transition_with_unmet_conditions_changes_nothing(client, bilan) -> None:
    """L6313-4: no engagement without the entretien préalable and the consent."""
    audit = AuditEvent.objects.count()
    response = _transition(client, bilan, vers="engagement")
    assert _messages(response) == [
        "L'entretien préalable n'est pas encore enregistré. Le bénéficiaire n'a pas donné son "
        "consentement au bilan."
    ]
    bilan.refresh_from_db()
    assert bilan.etat == "prealable"
    assert BilanEvenement.objects.count() == 0
    assert AuditEvent.objects.count() == audit


def test_transition_not_allowed_from_the_state_changes_nothing(client, bilan) -> None:
    response = _transition(client, bilan, vers="termine")
    assert _messages(response) == [
        "Le bilan ne peut pas passer de l'état « Préalable » à l'état « Terminé »."
    ]
    bilan.refresh_from_db()
    assert bilan.etat == "prealable"
    assert BilanEvenement.objects.count() == 0


def test_transition_to_an_unknown_state_changes_nothing(client, bilan) -> None:
    response = _transition(client, bilan, vers="perdu")
    assert _messages(response) == ["Cet état n'existe pas."]
    bilan.refresh_from_db()
    assert bilan.etat == "prealable"


def test_transition_to_abandon_without_confirmation_asks_first(client, bilan) -> None:
    response = _transition(client, bilan, vers="abandonne")
    confirmer = reverse("backoffice:transition_confirmer", args=[bilan.pk])
    assert response["Location"] == f"{confirmer}?vers=abandonne"
    bilan.refresh_from_db()
    assert bilan.etat == "prealable"


def test_transition_confirmer_explains_and_posts_the_confirmation(client, bilan) -> None:
    url = reverse("backoffice:transition_confirmer", args=[bilan.pk])
    html = client.get(url, {"vers": "abandonne"}).content.decode()
    assert "<h1>Abandonner le bilan ?</h1>" in html
    assert (
        f"Le bilan {bilan.reference} de Sophie Durand passera dans un état final : ce "
        "changement ne peut pas être annulé." in html
    )
    assert '<input type="hidden" name="vers" value="abandonne">' in html
    assert '<input type="hidden" name="confirme" value="on">' in html


def test_transition_confirmed_abandons_the_bilan(client, bilan) -> None:
    response = _transition(client, bilan, vers="abandonne", confirme="on")
    assert _messages(response) == ["Le bilan est passé à l'état « Abandonné »."]
    bilan.refresh_from_db()
    assert bilan.etat == "abandonne"


def test_transition_confirmer_for_a_non_final_state_goes_back_to_the_bilan(client, bilan):
    url = reverse("backoffice:transition_confirmer", args=[bilan.pk])
    response = client.get(url, {"vers": "engagement"})
    assert response["Location"] == reverse("backoffice:bilan", args=[bilan.pk])


def test_transition_confirmer_for_an_unknown_state_answers_404(client, bilan) -> None:
    url = reverse("backoffice:transition_confirmer", args=[bilan.pk])
    assert client.get(url, {"vers": "perdu"}).status_code == 404


def test_transition_on_another_consultants_bilan_answers_404(
    client_de, autre_consultant, bilan
) -> None:
    response = _transition(client_de(autre_consultant), bilan, vers="abandonne", confirme="on")
    assert response.status_code == 404
    bilan.refresh_from_db()
    assert bilan.etat == "prealable"


def test_bilan_page_after_the_entretien_waits_for_consent(client, bilan) -> None:
    entretien_record(bilan)
    response = client.get(reverse("backoffice:bilan", args=[bilan.pk]))
    assert response.context["etape"].en_attente
    assert "En attente du consentement du bénéficiaire" in response.content.decode()


def test_bilan_page_links_the_plan_and_the_personal_work(client, bilan) -> None:
    html = client.get(reverse("backoffice:bilan", args=[bilan.pk])).content.decode()
    assert f'href="{reverse("backoffice:plan", args=[bilan.pk])}"' in html
    assert f'href="{reverse("backoffice:travail_liste", args=[bilan.pk])}"' in html


def test_transition_to_conclusion_asks_first(client, consultant) -> None:
    """The next step's button and the state buttons lead to the confirmation page first."""
    bilan = BilanFactory(consultant=consultant, etat="en_cours")
    response = _transition(client, bilan, vers="conclusion")
    confirmer = reverse("backoffice:transition_confirmer", args=[bilan.pk])
    assert response["Location"] == f"{confirmer}?vers=conclusion"
    bilan.refresh_from_db()
    assert bilan.etat == "en_cours"


def test_transition_confirmer_conclusion_lists_what_is_missing(client, consultant) -> None:
    """domain.md, The life of a bilan, 3: no conclusion before the two earlier phases."""
    bilan = BilanFactory(consultant=consultant, etat="en_cours")
    url = reverse("backoffice:transition_confirmer", args=[bilan.pk])
    html = client.get(url, {"vers": "conclusion"}).content.decode()
    assert "<h1>Passer en conclusion ?</h1>" in html
    assert "passera en phase de conclusion" in html
    assert "passera dans un état final" not in html
    assert "<li>Aucune séance de la phase préliminaire n&#x27;a été tenue" in html
    assert 'name="confirme"' not in html


def test_transition_confirmed_conclusion_without_sessions_is_refused(client, consultant):
    bilan = BilanFactory(consultant=consultant, etat="en_cours")
    response = _transition(client, bilan, vers="conclusion", confirme="on")
    [message] = _messages(response)
    assert message.startswith("Le bilan ne peut passer en conclusion qu'après la phase")
    bilan.refresh_from_db()
    assert bilan.etat == "en_cours"
    assert not BilanEvenement.objects.filter(bilan=bilan, vers="conclusion").exists()


def test_transition_confirmed_conclusion_after_held_sessions(client, consultant) -> None:
    from tests.beneficiaires.factories import seances_tenues

    bilan = BilanFactory(consultant=consultant, etat="en_cours")
    seances_tenues(bilan)
    url = reverse("backoffice:transition_confirmer", args=[bilan.pk])
    html = client.get(url, {"vers": "conclusion"}).content.decode()
    assert '<input type="hidden" name="confirme" value="on">' in html
    response = _transition(client, bilan, vers="conclusion", confirme="on")
    assert _messages(response) == ["Le bilan est passé à l'état « Conclusion »."]
    bilan.refresh_from_db()
    assert bilan.etat == "conclusion"
