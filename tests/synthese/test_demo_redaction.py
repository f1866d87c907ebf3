"""The demo's synthèse: the finished demo bilan's synthèse waits for its beneficiary's
observations; a second run changes nothing."""

from __future__ import annotations

import pytest

from bilan.demo import load_demo
from synthese.models import Synthese

pytestmark = pytest.mark.django_db


def test_demo_finished_bilan_has_its_synthese_submitted() -> None:
    load_demo()
    (synthese,) = Synthese.objects.select_related("bilan__beneficiaire__user")
    assert synthese.bilan.beneficiaire.user.email == "karim.benali@exemple.test"
    assert synthese.etat == "soumise"
    assert synthese.versions.count() == 1


def test_demo_synthese_twice_changes_nothing() -> None:
    load_demo()
    avant = list(Synthese.objects.values_list("pk", "etat", "updated_at"))
    load_demo()
    assert list(Synthese.objects.values_list("pk", "etat", "updated_at")) == avant
