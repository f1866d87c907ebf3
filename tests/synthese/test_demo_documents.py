"""The demo's end-of-bilan documents: issued for the terminated bilans, idempotent."""

from __future__ import annotations

import pytest

from bilan.scelles.models import DocumentScelle
from synthese.demo import demo_attestations

pytestmark = pytest.mark.django_db


def test_demo_attestations_issues_each_document_once(attestations_bilan) -> None:
    lignes = demo_attestations({})
    assert lignes == [
        "Documents de fin de bilan :",
        f"  {attestations_bilan.reference} : attestations et certificat de réalisation émis",
    ]
    demo_attestations({})
    assert DocumentScelle.objects.filter(bilan=attestations_bilan).count() == 3


def test_demo_attestations_says_nothing_without_a_terminated_bilan(bilan) -> None:
    assert demo_attestations({}) == []
    assert DocumentScelle.objects.count() == 0
