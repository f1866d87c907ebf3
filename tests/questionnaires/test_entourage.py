"""The 360° image survey (issue 11, point 5; seed 004, séances 2-5): invitations by e-mail
through single-use expiring links, answers as bilan content, anonymity held in the database.
Every refusal: a stable code, a French message, nothing stored."""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from seances.questionnaires.errors import QuestionnaireError
from seances.questionnaires.models import Enquete360, Invitation360, Reponse360
from seances.questionnaires.selectors import enquete_resultats, enquetes_visible_to
from seances.questionnaires.services import (
    enquete_ouvrir,
    invitation_creer,
    invitation_envoyer,
    invitation_pour_jeton,
    reponse360_enregistrer,
)
from tests.questionnaires.conftest import brut
from tests.questionnaires.fixtures import NOTES_360

pytestmark = pytest.mark.django_db


def _inviter(enquete, email="ami@exemple.test", nom=""):
    return invitation_creer(
        enquete=enquete, beneficiaire_user=enquete.bilan.beneficiaire.user, email=email, nom=nom
    )


def test_enquete_ouvrir_twice_is_refused(enquete_360, beneficiaire) -> None:
    with pytest.raises(QuestionnaireError) as exc:
        enquete_ouvrir(bilan=enquete_360.bilan, beneficiaire_user=beneficiaire, anonyme=False)
    assert exc.value.code == "enquete_existe"
    assert Enquete360.objects.get().anonyme is True


def test_enquete_ouvrir_by_someone_else_is_refused(bilan_en_cours, autre_beneficiaire) -> None:
    with pytest.raises(QuestionnaireError) as exc:
        enquete_ouvrir(bilan=bilan_en_cours, beneficiaire_user=autre_beneficiaire, anonyme=True)
    assert exc.value.code == "not_owner"
    assert not Enquete360.objects.exists()


def test_enquetes_visible_to_the_two_of_them_only(
    enquete_360, beneficiaire, consultant, autre_consultant, autre_beneficiaire, admin, superuser
) -> None:
    assert list(enquetes_visible_to(beneficiaire)) == [enquete_360]
    assert list(enquetes_visible_to(consultant)) == [enquete_360]
    for user in (autre_consultant, autre_beneficiaire, admin, superuser):
        assert list(enquetes_visible_to(user)) == []


def test_invitation_creer_stores_only_the_hash_and_sends_once(
    enquete_360, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    from seances.questionnaires import tasks

    envoyes = []
    monkeypatch.setattr(
        tasks.entourage_invitation_send_task, "delay", lambda **kw: envoyes.append(kw)
    )
    with django_capture_on_commit_callbacks(execute=True):
        token = _inviter(enquete_360, nom="Marie Voisine")
    invitation = Invitation360.objects.get()
    assert envoyes == [{"invitation_id": invitation.pk}]
    assert len(token) >= 43
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert brut(Invitation360, invitation.pk, "email").startswith("fernet:")
    assert brut(Invitation360, invitation.pk, "token_a_envoyer").startswith("fernet:")
    assert invitation_envoyer(invitation_id=invitation.pk) is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ami@exemple.test"]
    assert reverse("entourage:entourage_repondre", kwargs={"token": token}) in message.body
    assert "anonymes" in message.body
    invitation.refresh_from_db()
    assert invitation.token_a_envoyer is None and invitation.envoye_le is not None
    # The task run twice sends nothing more.
    assert invitation_envoyer(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("email", ["", "pas-une-adresse", "a@", "@exemple.test", "a b@exemple.fr"])
def test_invitation_creer_invalid_email_is_refused(enquete_360, email) -> None:
    with pytest.raises(QuestionnaireError) as exc:
        _inviter(enquete_360, email=email)
    assert exc.value.code == "email_invalide"
    assert "adresse e-mail valide" in exc.value.message
    assert not Invitation360.objects.exists()


def test_invitation_creer_more_than_ten_is_refused(enquete_360) -> None:
    for n in range(10):
        _inviter(enquete_360, email=f"personne{n}@exemple.test")
    with pytest.raises(QuestionnaireError) as exc:
        _inviter(enquete_360, email="onzieme@exemple.test")
    assert exc.value.code == "trop_d_invitations"
    assert "10 personnes" in exc.value.message
    assert Invitation360.objects.count() == 10


def test_invitation_creer_same_email_twice_is_refused(enquete_360) -> None:
    _inviter(enquete_360, email="Ami@Exemple.test")
    with pytest.raises(QuestionnaireError) as exc:
        _inviter(enquete_360, email="ami@exemple.test")
    assert exc.value.code == "email_deja_invite"
    assert Invitation360.objects.count() == 1


def test_invitation_creer_by_someone_else_is_refused(enquete_360, autre_beneficiaire) -> None:
    with pytest.raises(QuestionnaireError) as exc:
        invitation_creer(
            enquete=enquete_360, beneficiaire_user=autre_beneficiaire, email="x@exemple.test"
        )
    assert exc.value.code == "not_owner"
    assert not Invitation360.objects.exists()


def test_reponse360_anonymous_is_not_linked_to_its_invitation(jeton_360) -> None:
    reponse = reponse360_enregistrer(
        token=jeton_360, notes=NOTES_360, textes={"forces": "Très fiable", "progres": ""}
    )
    assert reponse.invitation_id is None
    assert brut(Reponse360, reponse.pk, "notes").startswith("fernet:")
    assert brut(Reponse360, reponse.pk, "textes").startswith("fernet:")
    invitation = Invitation360.objects.get()
    assert invitation.used_at is not None and invitation.token_a_envoyer is None


def test_reponse360_reused_link_is_refused(jeton_360_utilise) -> None:
    with pytest.raises(QuestionnaireError) as exc:
        reponse360_enregistrer(token=jeton_360_utilise, notes=NOTES_360, textes={})
    assert exc.value.code == "lien_utilise"
    assert Reponse360.objects.count() == 1


def test_reponse360_expired_link_is_refused(jeton_360) -> None:
    with time_machine.travel(time.time(), tick=False) as t:
        t.shift(timedelta(days=21, minutes=1))
        with pytest.raises(QuestionnaireError) as exc:
            reponse360_enregistrer(token=jeton_360, notes=NOTES_360, textes={})
    assert exc.value.code == "lien_expire"
    assert not Reponse360.objects.exists()


def test_invitation_pour_jeton_unknown_is_refused(db) -> None:
    with pytest.raises(QuestionnaireError) as exc:
        invitation_pour_jeton(token="inconnu")
    assert exc.value.code == "lien_inconnu"


def test_reponse360_missing_or_out_of_range_is_refused(jeton_360) -> None:
    incomplet = dict(NOTES_360)
    incomplet.pop("initiative")
    for notes, code in (
        (incomplet, "reponse_manquante"),
        ({**NOTES_360, "initiative": 5}, "reponse_hors_echelle"),
        ({**NOTES_360, "initiative": "x"}, "reponse_hors_echelle"),
    ):
        with pytest.raises(QuestionnaireError) as exc:
            reponse360_enregistrer(token=jeton_360, notes=notes, textes={})
        assert exc.value.code == code
    with pytest.raises(QuestionnaireError) as exc:
        reponse360_enregistrer(token=jeton_360, notes=NOTES_360, textes={"libre": "x" * 2001})
    assert exc.value.code == "texte_trop_long"
    assert not Reponse360.objects.exists()
    assert Invitation360.objects.get().used_at is None


def test_enquete_resultats_anonymous_aggregates_and_hides_authors(enquete_360) -> None:
    for n, (note, texte) in enumerate(((4, "Rigoureuse"), (2, "Patiente"), (3, ""))):
        token = _inviter(enquete_360, email=f"p{n}@exemple.test", nom=f"Personne {n}")
        reponse360_enregistrer(
            token=token, notes={**NOTES_360, "organisation": note}, textes={"forces": texte}
        )
    resultats = enquete_resultats(enquete=enquete_360)
    assert resultats.nombre == 3
    assert resultats.qualites[0].moyenne == 3.0
    assert resultats.qualites[0].repartition == (0, 1, 1, 1)
    assert sorted(resultats.textes[0][1]) == ["Patiente", "Rigoureuse"]
    assert resultats.repondants == []


def test_enquete_resultats_named_shows_each_person(bilan_en_cours, beneficiaire) -> None:
    enquete = enquete_ouvrir(bilan=bilan_en_cours, beneficiaire_user=beneficiaire, anonyme=False)
    token = _inviter(enquete, nom="Paul")
    reponse360_enregistrer(token=token, notes=NOTES_360, textes={"forces": "Curieuse"})
    (repondant,) = enquete_resultats(enquete=enquete).repondants
    assert repondant.nom == "Paul"
    assert repondant.textes["forces"] == "Curieuse"
