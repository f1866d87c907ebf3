"""A reassignment is never unseen by the beneficiary (domain.md, Confidentiality: "a change
of consultant moves the access"; administrators see metadata only).

An administrator may create a consultant account with a mailbox they hold and move a bilan
to it: both are their job, so neither is refused. What the platform proves here is that the
beneficiary is told at once, by e-mail, who now reads her bilan, since when and by whose
decision, and that the previous consultant is told the access is gone; never on a first
assignment, never when the reassignment is refused, and never with the bilan's content.
"""

from __future__ import annotations

from datetime import UTC, datetime
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beneficiaires import services
from beneficiaires.errors import BilanError
from beneficiaires.models import Bilan
from beneficiaires.reassignation import consultant_change_notify
from beneficiaires.tasks import consultant_change_mails_task
from bilan.comptes.models import User
from tests.beneficiaires.factories import BilanFactory, DossierFactory, entretien_record
from tests.factories import ConsultantFactory

pytestmark = pytest.mark.django_db

LE = datetime(2026, 3, 9, 13, 30, tzinfo=UTC)  # 14:30 in Paris


def _reassigner(bilan: Bilan) -> str:
    return reverse("administration:bilan_reassigner", kwargs={"pk": bilan.pk})


@pytest.fixture
def envoyes():
    """The tasks enqueued on commit (run by hand afterwards: tasks are called directly)."""
    sent: list[dict] = []
    with mock.patch.object(consultant_change_mails_task, "delay", lambda **kw: sent.append(kw)):
        yield sent


def _run(sent: list[dict]) -> None:
    for kwargs in sent:
        consultant_change_mails_task(**kwargs)


def _par_destinataire() -> dict[str, mail.EmailMessage]:
    return {m.to[0]: m for m in mail.outbox}


def test_an_admin_made_consultant_is_named_to_the_beneficiary(
    client_de, admin, bilan, beneficiaire, consultant, envoyes, django_capture_on_commit_callbacks
) -> None:
    """The whole path of the review: account created by the administrator, bilan moved to
    it; the beneficiary and Claire Martin each get one mail naming the new account."""
    client = client_de(admin)
    client.post(
        reverse("administration:utilisateur_creer"),
        {
            "email": "boite@admin.test",
            "first_name": "Paul",
            "last_name": "Leroy",
            "role": "consultant",
        },
    )
    paul = User.objects.get(email="boite@admin.test")
    entretien_record(bilan)
    mail.outbox.clear()
    with (
        mock.patch("beneficiaires.reassignation.timezone.now", return_value=LE),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(_reassigner(bilan), {"consultant": paul.pk})
    assert response.status_code == 302
    assert envoyes == [
        {
            "bilan_id": bilan.pk,
            "ancien_id": consultant.pk,
            "nouveau_id": paul.pk,
            "le": LE.isoformat(),
        }
    ]
    _run(envoyes)
    recus = _par_destinataire()
    assert sorted(recus) == sorted([beneficiaire.email, consultant.email])  # not Paul's box

    a_elle = recus[beneficiaire.email]
    assert a_elle.subject == "[Horizon Compétences] Votre bilan de compétences change de consultant"
    assert a_elle.body.startswith("Bonjour Sophie,\n")
    assert (
        f"Depuis le 09/03/2026 à 14:30, votre bilan de compétences {bilan.reference} est suivi "
        "par Paul Leroy, à la place de Claire Martin. Ce changement a été fait par l'organisme, "
        "Horizon Compétences." in a_elle.body
    )
    assert (
        "Paul Leroy peut désormais lire les documents de votre bilan ; Claire Martin n'y a plus "
        "accès." in a_elle.body
    )
    assert (
        "Si vous n'attendiez pas ce changement, contactez Horizon Compétences ou votre précédent "
        f"consultant, Claire Martin ({consultant.email})." in a_elle.body
    )
    assert "\nhttp://127.0.0.1:8000/portail/\n" in a_elle.body
    assert "Paul Leroy peut désormais lire" in a_elle.alternatives[0][0]

    au_precedent = recus[consultant.email]
    assert au_precedent.subject == "[Horizon Compétences] Un bilan ne vous est plus confié"
    assert au_precedent.body.startswith("Bonjour Claire,\n")
    assert (
        f"Depuis le 09/03/2026 à 14:30, le bilan {bilan.reference} de Sophie Durand est suivi "
        "par Paul Leroy, sur décision de l'organisme, Horizon Compétences. Vous n'avez plus accès "
        "à son contenu." in au_precedent.body
    )


def test_the_mails_hold_names_and_a_date_never_the_content(
    bilan, consultant, autre_consultant, envoyes, django_capture_on_commit_callbacks
) -> None:
    entretien = entretien_record(bilan)
    with django_capture_on_commit_callbacks(execute=True):
        services.bilan_assign_consultant(bilan=bilan, consultant=autre_consultant, by=None)
    _run(envoyes)
    assert len(mail.outbox) == 2
    secrets = [
        str(value)
        for field, value in vars(entretien).items()
        if not field.startswith("_") and isinstance(value, str) and len(value) > 12
    ]
    assert secrets  # the entretien has text to leak
    for message in mail.outbox:
        for texte in (message.subject, message.body, message.alternatives[0][0]):
            for secret in secrets:
                assert secret not in texte


def test_one_mail_each_per_change_and_each_change_told(
    bilan, beneficiaire, consultant, autre_consultant, envoyes, django_capture_on_commit_callbacks
) -> None:
    """Moved away and back: two changes, two mails to her; undoing does not hide the first."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.bilan_assign_consultant(bilan=bilan, consultant=autre_consultant, by=None)
        services.bilan_assign_consultant(bilan=bilan, consultant=consultant, by=None)
    assert len(callbacks) == 2
    _run(envoyes)
    a_elle = [m for m in mail.outbox if m.to == [beneficiaire.email]]
    assert len(a_elle) == 2
    assert "suivi par Julien Bernard, à la place de Claire Martin" in a_elle[0].body
    assert "suivi par Claire Martin, à la place de Julien Bernard" in a_elle[1].body
    assert [m.to for m in mail.outbox].count([consultant.email]) == 1
    assert [m.to for m in mail.outbox].count([autre_consultant.email]) == 1


def test_no_mail_on_a_first_assignment(
    client_de, admin, dossier, consultant, envoyes, django_capture_on_commit_callbacks
) -> None:
    """Planning a bilan (bilan_create) and the hook's first assignment (ancien None) tell
    nobody of a change: there was none."""
    with django_capture_on_commit_callbacks(execute=True):
        client_de(admin).post(
            reverse("administration:bilan_creer"),
            {"beneficiaire": dossier.pk, "consultant": consultant.pk},
        )
    assert Bilan.objects.get(beneficiaire=dossier).consultant_id == consultant.pk
    assert envoyes == []
    # The hooks' contract: ``ancien`` is None for a first assignment; nothing to tell.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        consultant_change_notify(bilan=Bilan.objects.get(), ancien=None, nouveau=consultant)
    assert callbacks == [] and envoyes == []
    assert mail.outbox == [] or all("consultant" not in m.subject for m in mail.outbox)


@pytest.mark.parametrize("cas", ["meme", "clos", "inactif"])
def test_no_mail_when_the_reassignment_is_refused(
    client_de,
    admin,
    dossier,
    consultant,
    autre_consultant,
    cas,
    envoyes,
    django_capture_on_commit_callbacks,
) -> None:
    bilan = BilanFactory(
        beneficiaire=dossier, consultant=consultant, etat="clos" if cas == "clos" else "prealable"
    )
    cible = {
        "meme": consultant,
        "clos": autre_consultant,
        "inactif": ConsultantFactory(is_active=False),
    }[cas]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_de(admin).post(_reassigner(bilan), {"consultant": cible.pk})
    assert response.status_code == 200
    assert envoyes == []


def test_a_hook_that_cancels_the_reassignment_sends_nothing(
    bilan, autre_consultant, envoyes, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    def refuse(**kwargs) -> None:
        raise BilanError("non", "Refusé.")

    monkeypatch.setattr(services, "_consultant_changes", [*services._consultant_changes, refuse])
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(BilanError):
        services.bilan_assign_consultant(bilan=bilan, consultant=autre_consultant, by=None)
    assert envoyes == []


def test_names_are_escaped_in_the_html_and_stay_out_of_the_subject(
    bilan, dossier, consultant, envoyes, django_capture_on_commit_callbacks
) -> None:
    piege = ConsultantFactory(first_name="<b>Éve</b>", last_name="O'Neil & Cie")
    with django_capture_on_commit_callbacks(execute=True):
        services.bilan_assign_consultant(bilan=bilan, consultant=piege, by=None)
    _run(envoyes)
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert "<b>Éve</b>" not in html
        assert "&lt;b&gt;Éve&lt;/b&gt; O&#x27;Neil &amp; Cie" in html
        assert "<b>Éve</b> O'Neil & Cie" in message.body  # plain text is not HTML
        assert "Éve" not in message.subject and "\n" not in message.subject


def test_the_task_of_a_deleted_bilan_sends_nothing(bilan, consultant, autre_consultant) -> None:
    assert (
        consultant_change_mails_task(
            bilan_id=999_999,
            ancien_id=consultant.pk,
            nouveau_id=autre_consultant.pk,
            le=LE.isoformat(),
        )
        == 0
    )
    assert mail.outbox == []


def test_the_reassignment_view_makes_no_more_queries_for_the_mails(
    client_de, admin, consultant, autre_consultant, envoyes
) -> None:
    """The mails cost the view nothing: one callback on commit, the task's queries elsewhere
    (same count with the notification switched off)."""
    client = client_de(admin)
    client.get(reverse("administration:bilans"))  # the session is warm

    def compter(bilan: Bilan) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.post(_reassigner(bilan), {"consultant": autre_consultant.pk}).status_code
                == 302
            )
        return len(queries)

    avec = compter(BilanFactory(beneficiaire=DossierFactory(), consultant=consultant))
    with mock.patch("beneficiaires.services.consultant_change_notify"):
        sans = compter(BilanFactory(beneficiaire=DossierFactory(), consultant=consultant))
    assert avec == sans


def test_the_portal_home_names_the_new_consultant(
    client_de, bilan, beneficiaire, autre_consultant
) -> None:
    """Her home page, the next time she opens it, names whoever reads her bilan now."""
    services.bilan_assign_consultant(bilan=bilan, consultant=autre_consultant, by=None)
    html = client_de(beneficiaire).get(reverse("portail:accueil")).content.decode()
    assert "Votre consultant : Julien Bernard" in html
    assert "Claire Martin" not in html
