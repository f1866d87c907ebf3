"""The beneficiary's sessions, shared notes and personal work (domain.md, Confidentiality:
a note reaches the beneficiary only when shared)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seances.models import StatutTravail
from seances.services import (
    note_seance_set,
    seance_remove,
    travail_assign,
    travail_report,
    travail_validate,
)
from tests.seances.outils import Connecte, jour, planifier, seance_n, signer, tenir

pytestmark = pytest.mark.django_db


@pytest.fixture
def b(beneficiaire, horloge) -> Connecte:
    return Connecte(beneficiaire)


def test_seance_liste_upcoming_and_past_with_shared_notes_only(
    b, plan, en_cours, consultant, horloge
) -> None:
    s1 = planifier(seance_n(en_cours, 1), jour(1))
    s2 = planifier(seance_n(en_cours, 2), jour(2))
    planifier(seance_n(en_cours, 3), jour(9))
    horloge(jour(1), "10:00")
    tenir(s1)
    horloge(jour(2), "10:00")
    tenir(s2)
    note_seance_set(seance=s1, consultant=consultant, texte="Note partagée", partagee=True)
    note_seance_set(seance=s2, consultant=consultant, texte="Note privée", partagee=False)
    horloge(jour(5), "10:00")
    texte = b.get(reverse("portail:seance_liste")).content.decode()
    a_venir, passees = texte.split('id="titre-passees"')
    assert "Séance 3 – Compétences clés et aptitudes" in a_venir
    assert "Séance 1 –" in passees and "Séance 2 –" in passees
    assert "Note partagée" in passees
    assert "Note privée" not in texte
    assert reverse("portail:seance_ics", args=[seance_n(en_cours, 3).pk]) in a_venir


def test_seance_liste_empty_says_so(b) -> None:
    texte = b.get(reverse("portail:seance_liste")).content.decode()
    assert "Aucune séance à venir n&#x27;est planifiée." in texte or (
        "Aucune séance à venir n'est planifiée." in texte
    )


def test_seance_liste_offers_signing_on_the_day(b, plan, en_cours, horloge) -> None:
    s1 = planifier(seance_n(en_cours, 1), jour(1))
    assert (
        reverse("portail:emargement", args=[s1.pk])
        not in b.get(reverse("portail:seance_liste")).content.decode()
    )
    horloge(jour(1), "09:30")
    assert (
        reverse("portail:emargement", args=[s1.pk])
        in b.get(reverse("portail:seance_liste")).content.decode()
    )


def test_seance_liste_stops_offering_signing_once_signed(b, plan, en_cours, horloge) -> None:
    """A signature is made once (domain.md, Attendance): no link to sign again."""
    s1 = planifier(seance_n(en_cours, 1), jour(1))
    horloge(jour(1), "09:30")
    signer(s1, en_cours.beneficiaire.user)
    texte = b.get(reverse("portail:seance_liste")).content.decode()
    assert reverse("portail:emargement", args=[s1.pk]) not in texte
    assert "émargement signé (émargée par le bénéficiaire, en attente du consultant)" in texte


def test_seance_liste_past_session_held_by_both(b, plan, en_cours, horloge) -> None:
    s1 = planifier(seance_n(en_cours, 1), jour(1))
    horloge(jour(1), "10:00")
    tenir(s1)
    horloge(jour(3), "10:00")
    texte = b.get(reverse("portail:seance_liste")).content.decode()
    _a_venir, passees = texte.split('id="titre-passees"')
    assert f"{s1.intitule} · Tenue, émargée par les deux parties" in passees
    assert "Planifiée" not in passees


@pytest.mark.parametrize("garder", [1, 3, 8])
def test_seance_liste_queries_do_not_grow(
    client_de, plan, en_cours, consultant, beneficiaire, garder
):
    for numero in range(8, garder, -1):
        seance_remove(seance=seance_n(en_cours, numero), consultant=consultant)
    for numero in range(1, garder + 1):
        planifier(seance_n(en_cours, numero), jour(numero))
    client = client_de(beneficiaire)
    client.get(reverse("portail:seance_liste"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("portail:seance_liste"))
    assert len(queries) == PORTAIL_QUERIES


# Session, user, the shared notes, the sessions, their signatures.
PORTAIL_QUERIES = 5


def test_seance_ics_of_their_own_session(b, plan, en_cours) -> None:
    s1 = planifier(seance_n(en_cours, 1), jour(1))
    response = b.get(reverse("portail:seance_ics", args=[s1.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "LOCATION:12 rue des Lilas\\, Nantes" in response.content.decode()


def test_travail_rendre_then_validated_status(b, plan, en_cours, consultant) -> None:
    travail = travail_assign(
        bilan=en_cours,
        consultant=consultant,
        consignes="Lire",
        echeance=jour(7),
        minutes_prevues=60,
    )
    response = b.post(
        reverse("portail:travail_rendre", args=[travail.pk]),
        {"compte_rendu": "J'ai lu deux fiches", "minutes": 50},
    )
    assert response["Location"] == reverse("portail:travail_liste")
    travail.refresh_from_db()
    assert (travail.statut, travail.minutes_declarees) == (StatutTravail.RENDU, 50)
    travail_validate(travail=travail, consultant=consultant)
    texte = b.get(reverse("portail:travail_liste")).content.decode()
    assert "Validé : 50 min" not in texte
    assert "Validé" in texte and "0 h 50 validées par votre consultant" in texte


def test_travail_rendre_without_account_is_refused(b, plan, en_cours, consultant) -> None:
    travail = travail_assign(
        bilan=en_cours,
        consultant=consultant,
        consignes="Lire",
        echeance=jour(7),
        minutes_prevues=60,
    )
    response = b.post(reverse("portail:travail_rendre", args=[travail.pk]), {"minutes": 50})
    assert "Ce champ est obligatoire." in response.content.decode()
    travail.refresh_from_db()
    assert travail.statut == StatutTravail.ASSIGNE


def test_travail_rendre_once_validated_is_refused(b, plan, en_cours, consultant, beneficiaire):
    travail = travail_assign(
        bilan=en_cours,
        consultant=consultant,
        consignes="Lire",
        echeance=jour(7),
        minutes_prevues=60,
    )
    travail_report(travail=travail, beneficiaire_user=beneficiaire, compte_rendu="Lu", minutes=30)
    travail_validate(travail=travail, consultant=consultant)
    response = b.post(
        reverse("portail:travail_rendre", args=[travail.pk]),
        {"compte_rendu": "Plus", "minutes": 90},
    )
    assert "Ce travail a déjà été validé." in response.content.decode()
    travail.refresh_from_db()
    assert travail.minutes_declarees == 30
