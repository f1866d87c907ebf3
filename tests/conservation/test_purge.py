"""The purge (domain.md, Confidentiality and data; R6313-7; R6351-17)."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from beneficiaires.models import BilanUserObjectPermission, EntretienPrealable
from bilan.conservation.models import Destruction, Execution
from bilan.conservation.services import conservation_purger
from bilan.scelles.models import DocumentScelle, TypeDocument
from seances.models import Emargement, NoteSeance, Plan, Seance, SeanceEvenement, TravailPersonnel

pytestmark = pytest.mark.django_db

CONTENU = (EntretienPrealable, NoteSeance, TravailPersonnel, SeanceEvenement)


def test_purge_at_the_end_destroys_content_rows_and_files_and_keeps_proof(bilan_termine):
    synthese = DocumentScelle.objects.get(bilan=bilan_termine, type_document=TypeDocument.SYNTHESE)
    attestation = DocumentScelle.objects.get(
        bilan=bilan_termine, type_document=TypeDocument.ATTESTATION_FIN
    )
    assert default_storage.exists(synthese.fichier.name)

    execution = conservation_purger()

    for model in CONTENU:
        assert not model.objects.filter(**_du_bilan(model, bilan_termine)).exists(), model
    assert not DocumentScelle.objects.filter(pk=synthese.pk).exists()
    assert not default_storage.exists(synthese.fichier.name)
    assert default_storage.exists(attestation.fichier.name)
    assert Emargement.objects.filter(bilan_id=bilan_termine.pk).count() == 16
    assert Seance.objects.filter(bilan=bilan_termine).count() == 8
    assert execution.statut == Execution.Statut.TERMINEE
    record = Destruction.objects.get(bilan_id=bilan_termine.pk)
    assert record.categorie == "contenu"
    assert record.reference == bilan_termine.reference
    assert record.fichiers == 1
    assert record.detail["scelles.documentscelle"] == 1
    assert record.detail["seances.noteseance"] == 1


def test_purge_after_four_years_destroys_proof_immutable_signatures_included(
    bilan_termine, plus_tard
):
    conservation_purger(maintenant=plus_tard(days=4 * 365))
    assert Emargement.objects.filter(bilan_id=bilan_termine.pk).count() == 16

    conservation_purger(maintenant=plus_tard(days=4 * 365 + 2))

    assert not Emargement.objects.filter(bilan_id=bilan_termine.pk).exists()
    assert not Seance.objects.filter(bilan=bilan_termine).exists()
    assert not Plan.objects.filter(bilan=bilan_termine).exists()
    assert not DocumentScelle.objects.filter(bilan=bilan_termine).exists()
    categories = set(
        Destruction.objects.filter(bilan_id=bilan_termine.pk).values_list("categorie", flat=True)
    )
    assert categories == {"contenu", "preuve"}
    # The bilan itself (reference, state) stays: the register names it.
    assert BilanUserObjectPermission.objects.filter(content_object=bilan_termine).exists()


def test_purge_twice_changes_nothing_the_second_time(bilan_termine):
    conservation_purger()
    record = Destruction.objects.get(bilan_id=bilan_termine.pk)
    second = conservation_purger()
    assert second.lignes == 0
    assert Destruction.objects.get(pk=record.pk).lignes == record.lignes


def _du_bilan(model, bilan):
    if model in (NoteSeance, SeanceEvenement):
        return {"seance__bilan": bilan}
    return {"bilan": bilan}
