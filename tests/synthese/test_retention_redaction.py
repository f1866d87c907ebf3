"""The synthèse is bilan content for the retention engine (R6313-7; domain.md,
Destruction): the synthèse, its versions, observations and signatures."""

from __future__ import annotations

import pytest

from bilan.retention import Categorie, registrations
from synthese.models import Synthese, SyntheseObservation, SyntheseSignature, SyntheseVersion


def test_synthese_models_are_registered_as_content() -> None:
    inscrits = {(r.model, r.categorie, r.bilan_path) for r in registrations()}
    assert {
        (Synthese, Categorie.CONTENU, "bilan"),
        (SyntheseVersion, Categorie.CONTENU, "synthese__bilan"),
        (SyntheseObservation, Categorie.CONTENU, "synthese__bilan"),
        (SyntheseSignature, Categorie.CONTENU, "synthese__bilan"),
    } <= inscrits


@pytest.mark.django_db
def test_synthese_purge_in_either_order_leaves_nothing(synthese_remise) -> None:
    """The purge deletes content rows in the registry's order (the sealed documents come
    first): the delivered synthèse goes with its sealed file, versions and signatures."""
    from bilan.scelles.models import DocumentScelle

    DocumentScelle.objects.filter(pk=synthese_remise.document_id).delete()
    assert not Synthese.objects.exists()
    assert not SyntheseVersion.objects.exists()
    assert not SyntheseSignature.objects.exists()
