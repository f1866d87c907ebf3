"""The end-of-bilan documents carry no content (domain.md, 9: "neither contains any bilan
content"; Confidentiality: administrative proof keeps no content).

A sentinel is written into every confidential field reachable on the bilan: the entretien
préalable, the session notes, the scheduling reasons, the personal work (instructions and the
beneficiary's account), the synthèse's sections, the action plan, the sealed synthèse. Each
document's text, as pypdf extracts it, is then searched for it. The synthèse itself is the
positive control: the extraction finds the sentinel where it is.
"""

from __future__ import annotations

import datetime

import pytest

from beneficiaires.models import EntretienPrealable
from bilan.scelles.models import TypeDocument
from bilan.scelles.services import document_sceller
from seances.models import NoteSeance, Seance, SeanceEvenement, StatutTravail, TravailPersonnel
from synthese.attestations import SORTES, attestation_emettre
from synthese.models import ActionPrevue, PlanAction, Synthese
from tests.synthese.outils_documents import texte_pdf

pytestmark = pytest.mark.django_db

SENTINELLE = "SENTINELLEQX7"
SECTIONS_SYNTHESE = ("contexte", "competences", "projet", "formation", "etapes")


@pytest.fixture
def bilan_rempli(attestations_bilan, consultant):
    """The terminated bilan with the sentinel in every confidential field (test data, written
    as the services would have: encrypted fields)."""
    bilan = attestations_bilan
    entretien = EntretienPrealable.objects.get(bilan=bilan)
    for champ in ("besoin", "attentes", "situation", "objectifs"):
        setattr(entretien, champ, f"{SENTINELLE} {champ}")
    entretien.save()
    for seance in Seance.objects.filter(bilan=bilan):
        NoteSeance.objects.create(seance=seance, texte=f"{SENTINELLE} note", partagee=True)
        SeanceEvenement.objects.create(
            seance=seance, type=SeanceEvenement.Type.REPORTEE, motif=f"{SENTINELLE} motif"
        )
    TravailPersonnel.objects.create(
        bilan=bilan,
        consignes=f"{SENTINELLE} consignes",
        echeance=datetime.date(2026, 10, 1),
        minutes_prevues=60,
        statut=StatutTravail.VALIDE,
        compte_rendu=f"{SENTINELLE} compte rendu",
        minutes_declarees=60,
        minutes_validees=60,
    )
    Synthese.objects.create(
        bilan=bilan, **{champ: f"{SENTINELLE} {champ}" for champ in SECTIONS_SYNTHESE}
    )
    plan = PlanAction.objects.create(bilan=bilan, projet=f"{SENTINELLE} projet du plan")
    ActionPrevue.objects.create(
        plan=plan,
        horizon="immediat",
        intitule=f"{SENTINELLE} action",
        debut=datetime.date(2026, 10, 1),
        fin=datetime.date(2026, 12, 1),
        obstacles=f"{SENTINELLE} obstacle",
    )
    document_sceller(
        bilan=bilan,
        type_document=TypeDocument.SYNTHESE,
        template_name="bilan/pdf/essai.html",
        context={"texte": f"Synthèse : {SENTINELLE} projet"},
        acteur=consultant,
    )
    return bilan


def test_the_sentinel_is_found_where_it_is(bilan_rempli) -> None:
    synthese = bilan_rempli.documents_scelles.get(type_document=TypeDocument.SYNTHESE)
    assert SENTINELLE in texte_pdf(synthese.fichier.read())


@pytest.mark.parametrize("sorte", list(SORTES))
def test_end_of_bilan_document_carries_no_content(bilan_rempli, consultant, sorte) -> None:
    document = attestation_emettre(bilan=bilan_rempli, slug=sorte, acteur=consultant)
    texte = texte_pdf(document.fichier.read())
    assert "Sophie Durand" in texte  # the extraction works on this document
    assert "1 h" in texte  # the validated personal work counts, as a figure only
    assert SENTINELLE not in texte
