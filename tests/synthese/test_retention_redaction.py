"""The synthèse is bilan content for the retention engine (R6313-7; domain.md,
Destruction): the synthèse, its versions, observations and signatures."""

from __future__ import annotations

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
