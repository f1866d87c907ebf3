"""Signing attendance on screen (domain.md, Attendance: the session's own day, a one-time
code, immutable, verifiable; Code civil 1366-1367). Each refusal is a French message next to
the code and nothing is signed."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from bilan.signatures.models import CodeUnique
from seances.models import Emargement, Seance
from tests.seances.outils import Connecte, jour, planifier, seance_n

pytestmark = pytest.mark.django_db


@pytest.fixture
def seance1(plan, en_cours, horloge) -> Seance:
    seance = planifier(seance_n(en_cours, 1), jour(1))
    horloge(jour(1), "10:00")
    return seance


@pytest.fixture
def c(consultant, horloge) -> Connecte:
    return Connecte(consultant)


@pytest.fixture
def b(beneficiaire, horloge) -> Connecte:
    return Connecte(beneficiaire)


def _code(user) -> str:
    return CodeUnique.objects.filter(user=user, used_at__isnull=True).latest("created_at").code


def _demander(client, seance, espace="backoffice", demi="matin"):
    return client.post(
        reverse(f"{espace}:emargement_code", args=[seance.pk]), {"demi_journee": demi}
    )


def _signer(client, seance, code, espace="backoffice", demi="matin"):
    return client.post(
        reverse(f"{espace}:emargement", args=[seance.pk]), {"demi_journee": demi, "code": code}
    )


def test_emargement_page_has_the_code_input_for_one_time_codes(c, seance1) -> None:
    texte = c.get(reverse("backoffice:emargement", args=[seance1.pk])).content.decode()
    assert 'autocomplete="one-time-code"' in texte
    assert 'inputmode="numeric"' in texte
    assert '<label for="id_matin_code">Code reçu par e-mail (6 chiffres)</label>' in texte


def test_emargement_consultant_asks_a_code_then_signs(c, seance1, consultant) -> None:
    response = _demander(c, seance1)
    assert response["Location"] == reverse("backoffice:emargement", args=[seance1.pk])
    response = _signer(c, seance1, _code(consultant))
    assert response["Location"] == reverse("backoffice:seance", args=[seance1.pk])
    signature = Emargement.objects.get()
    assert (signature.role, signature.demi_journee, signature.signataire) == (
        "consultant",
        "matin",
        consultant,
    )
    texte = c.get(reverse("backoffice:seance", args=[seance1.pk])).content.decode()
    assert "Consultant (matin) : Claire Martin, signé le 02/12/2026 à 10:00" in texte


def test_emargement_beneficiary_signs_on_the_portal(b, seance1, beneficiaire) -> None:
    _demander(b, seance1, "portail")
    response = _signer(b, seance1, _code(beneficiaire), "portail")
    assert response["Location"] == reverse("portail:seance_liste")
    assert Emargement.objects.get().role == "beneficiaire"


def test_emargement_wrong_code_is_refused_with_the_tries_left(c, seance1, consultant) -> None:
    _demander(c, seance1)
    bon = _code(consultant)
    faux = "000000" if bon != "000000" else "111111"
    response = _signer(c, seance1, faux)
    assert response.status_code == 200
    assert "Code incorrect. Il vous reste 4 essai(s)." in response.content.decode()
    assert not Emargement.objects.exists()


def test_emargement_sixth_try_is_refused_even_with_the_right_code(c, seance1, consultant) -> None:
    _demander(c, seance1)
    bon = _code(consultant)
    faux = "000000" if bon != "000000" else "111111"
    for _ in range(5):
        _signer(c, seance1, faux)
    response = _signer(c, seance1, bon)
    assert "Trop d&#x27;essais : ce code est bloqué, demandez un nouveau code." in (
        response.content.decode()
    )
    assert not Emargement.objects.exists()


def test_emargement_expired_code_is_refused(c, seance1, consultant, horloge) -> None:
    _demander(c, seance1)
    code = _code(consultant)
    horloge(jour(1), "10:11")
    response = _signer(c, seance1, code)
    assert "Ce code a expiré (10 minutes) : demandez un nouveau code." in response.content.decode()
    assert not Emargement.objects.exists()


def test_emargement_code_used_once_cannot_sign_the_afternoon(
    c, plan, en_cours, consultant, horloge
):
    seance = planifier(seance_n(en_cours, 1), jour(1), "11:00", "14:00")
    horloge(jour(1), "13:05")  # both half-days have begun
    _demander(c, seance)
    code = _code(consultant)
    _signer(c, seance, code)
    response = _signer(c, seance, code, demi="apres_midi")
    assert "Ce code a déjà été utilisé : demandez un nouveau code." in response.content.decode()
    assert Emargement.objects.count() == 1


def test_emargement_without_a_code_asked_is_refused(c, seance1) -> None:
    response = _signer(c, seance1, "123456")
    assert "Aucun code n&#x27;a été demandé : demandez un code." in response.content.decode()


def test_emargement_code_not_six_digits_is_refused(c, seance1) -> None:
    response = _signer(c, seance1, "12ab")
    assert "Le code se compose de 6 chiffres." in response.content.decode()


def test_emargement_code_before_the_day_is_refused(c, plan, en_cours) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(3))
    response = _demander(c, seance)
    assert response.status_code == 200
    assert "L&#x27;émargement n&#x27;est possible que le jour de la séance, le 04/12/2026." in (
        response.content.decode()
    )
    assert not CodeUnique.objects.exists()


def test_emargement_code_after_the_day_is_refused(c, seance1, horloge) -> None:
    horloge(jour(2), "09:00")
    response = _demander(c, seance1)
    assert (
        "Le jour de la séance (02/12/2026) est passé : l&#x27;émargement ne peut plus être signé "
        "après coup." in response.content.decode()
    )
    assert not CodeUnique.objects.exists()


def test_emargement_signed_once_shows_no_form_again(c, seance1, consultant) -> None:
    _demander(c, seance1)
    _signer(c, seance1, _code(consultant))
    texte = c.get(reverse("backoffice:emargement", args=[seance1.pk])).content.decode()
    assert "Vous avez signé le 02/12/2026 à 10:00." in texte
    assert 'name="code"' not in texte
    response = _demander(c, seance1)
    assert "Cet émargement est déjà signé" in response.content.decode()


def test_emargement_verifier_says_intacte_then_alteree(c, seance1, consultant) -> None:
    _demander(c, seance1)
    _signer(c, seance1, _code(consultant))
    signature = Emargement.objects.get()
    url = reverse("backoffice:emargement_verifier", args=[signature.pk])
    assert "Signature intacte" in c.get(url).content.decode()
    Seance.objects.filter(pk=seance1.pk).update(debut=datetime.time(8, 30))
    assert "Signature altérée" in c.get(url).content.decode()
