"""Entering the conclusion needs the two earlier phases held and signed (domain.md, The life of
a bilan, 3); closing the bilan needs each phase held and signed and 13 signed hours (4 and 6),
through the dossiers' transition."""

from __future__ import annotations

import pytest

from beneficiaires.errors import BilanError
from beneficiaires.services import bilan_transition
from bilan import retention
from seances import models
from seances.services import seances_cloture_motifs, seances_cloture_possible
from seances.services.cloture import seances_conclusion_motifs
from tests.seances.outils import jour, planifier, seance_n, signer, tenir

pytestmark = pytest.mark.django_db


def test_conclusion_without_held_sessions_is_refused(plan, en_cours, consultant) -> None:
    with pytest.raises(BilanError) as exc:
        bilan_transition(bilan=en_cours, vers="conclusion", by=consultant)
    assert exc.value.code == "conditions_unmet"
    assert exc.value.message == (
        "Le bilan ne peut passer en conclusion qu'après la phase préliminaire et la phase "
        "d'investigation (article R6313-4 du Code du travail). Aucune séance de la phase "
        "préliminaire n'a été tenue et signée par les deux parties. Aucune séance de la phase "
        "d'investigation n'a été tenue et signée par les deux parties."
    )
    en_cours.refresh_from_db()
    assert en_cours.etat == "en_cours"
    assert not en_cours.evenements.filter(vers="conclusion").exists()


def test_conclusion_needs_the_investigation_too(plan, en_cours, horloge) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(7))
    horloge(jour(7), "10:30")
    tenir(seance)
    assert seances_conclusion_motifs(bilan=en_cours) == [
        "Le bilan ne peut passer en conclusion qu'après la phase préliminaire et la phase "
        "d'investigation (article R6313-4 du Code du travail).",
        "Aucune séance de la phase d'investigation n'a été tenue et signée par les deux parties.",
    ]


def test_conclusion_ignores_a_session_signed_by_one_party(plan, en_cours, horloge) -> None:
    """Only attendance signed by both counts (domain.md, Attendance)."""
    for numero in (1, 2):
        seance = planifier(seance_n(en_cours, numero), jour(7 * numero))
        horloge(jour(7 * numero), "10:30")
        if numero == 1:
            tenir(seance)
        else:
            signer(seance, en_cours.beneficiaire.user)
    assert seances_conclusion_motifs(bilan=en_cours)[1:] == [
        "Aucune séance de la phase d'investigation n'a été tenue et signée par les deux parties.",
    ]


def test_conclusion_allowed_after_preliminaire_and_investigation(
    plan, en_cours, consultant, horloge
) -> None:
    for numero in (1, 2):
        seance = planifier(seance_n(en_cours, numero), jour(7 * numero))
        horloge(jour(7 * numero), "10:30")
        tenir(seance)
    assert seances_conclusion_motifs(bilan=en_cours) == []
    assert bilan_transition(bilan=en_cours, vers="conclusion", by=consultant).etat == "conclusion"


def test_closing_without_conclusion_session_is_refused(plan, en_cours, consultant, horloge):
    for numero in (1, 2):
        seance = planifier(seance_n(en_cours, numero), jour(7 * numero))
        horloge(jour(7 * numero), "10:30")
        tenir(seance)
    bilan_transition(bilan=en_cours, vers="conclusion", by=consultant)
    with pytest.raises(BilanError) as exc:
        bilan_transition(bilan=en_cours, vers="termine", by=consultant)
    assert "Aucune séance de la phase de conclusion n'a été tenue" in exc.value.message
    en_cours.refresh_from_db()
    assert en_cours.etat == "conclusion"


def test_cloture_needs_the_conclusion_and_the_floor(plan, en_cours, horloge) -> None:
    for numero in (1, 2):
        seance = planifier(seance_n(en_cours, numero), jour(7 * numero))
        horloge(jour(7 * numero), "10:30")
        tenir(seance)
    assert seances_cloture_motifs(bilan=en_cours) == [
        "Aucune séance de la phase de conclusion n'a été tenue et signée par les deux parties.",
        "Les séances signées totalisent 4 h d'accompagnement : il en faut au moins 13 h pour "
        "clore le bilan.",
    ]


def test_cloture_possible_once_every_session_is_held(plan, en_cours, consultant, horloge):
    for numero in range(1, 9):
        seance = planifier(seance_n(en_cours, numero), jour(7 * numero))
        horloge(jour(7 * numero), "10:30")
        tenir(seance)
    assert seances_cloture_possible(bilan=en_cours) is True
    bilan_transition(bilan=en_cours, vers="conclusion", by=consultant)
    assert bilan_transition(bilan=en_cours, vers="termine", by=consultant).etat == "termine"


def test_sessions_declare_content_and_proof_to_retention() -> None:
    entries = {(r.model, r.categorie) for r in retention.registrations()}
    assert (models.NoteSeance, retention.Categorie.CONTENU) in entries
    assert (models.TravailPersonnel, retention.Categorie.CONTENU) in entries
    assert (models.Emargement, retention.Categorie.PREUVE) in entries
