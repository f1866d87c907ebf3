"""The demo's synthèse: the finished demo bilan's synthèse went through the whole workflow
(domain.md, point 7: submitted, commented, final, co-signed, delivered with its sealed PDF),
so that sharing and the export have something to work on; a second run changes nothing."""

from __future__ import annotations

import pytest

from bilan.demo import load_demo
from synthese.models import Synthese

pytestmark = pytest.mark.django_db


def test_demo_finished_bilan_has_its_synthese_delivered() -> None:
    load_demo()
    (synthese,) = Synthese.objects.select_related("bilan__beneficiaire__user", "document")
    assert synthese.bilan.beneficiaire.user.email == "karim.benali@exemple.test"
    assert synthese.etat == "remise"
    assert list(synthese.versions.values_list("motif", flat=True).order_by("numero")) == [
        "soumission",
        "finalisation",
    ]
    assert synthese.observations.count() == 1
    assert sorted(synthese.signatures.values_list("role", flat=True)) == [
        "beneficiaire",
        "consultant",
    ]
    assert synthese.document is not None
    assert synthese.document.fichier.read(5) == b"%PDF-"


def test_demo_synthese_twice_changes_nothing() -> None:
    load_demo()
    avant = list(Synthese.objects.values_list("pk", "etat", "updated_at", "document"))
    load_demo()
    assert list(Synthese.objects.values_list("pk", "etat", "updated_at", "document")) == avant
