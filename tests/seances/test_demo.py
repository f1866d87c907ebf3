"""The demo's sessions (make run): the finished bilan has every session held and signed, the
bilan in progress has its plan, its first sessions held and signed by both and the next one
scheduled (domain.md, The life of a bilan, 3 to 5); a second run changes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from beneficiaires.models import Bilan, EntretienPrealable
from bilan.demo import load_demo
from seances.models import Emargement, Seance
from seances.services import seances_tenues

pytestmark = pytest.mark.django_db

SOPHIE = "sophie.durand@exemple.test"


def test_demo_bilan_in_progress_has_a_plan_with_sessions_held() -> None:
    lines = load_demo()
    sophie = Bilan.objects.get(beneficiaire__user__email=SOPHIE)
    tenues = list(seances_tenues(sophie.pk).order_by("numero").values_list("numero", "phase"))
    assert tenues == [(1, "preliminaire"), (2, "investigation")]
    prochaine = Seance.objects.get(bilan=sophie, numero=3)
    assert (prochaine.statut, prochaine.modalite) == ("planifiee", "distanciel")
    assert prochaine.date > timezone.localdate()
    assert {s.statut for s in Seance.objects.filter(bilan=sophie, numero__gt=3)} == {"a_planifier"}
    # The history reads in order: the entretien préalable before the first session.
    premiere = Seance.objects.get(bilan=sophie, numero=1).date
    assert EntretienPrealable.objects.get(bilan=sophie).tenu_le < premiere
    assert (
        f"  {sophie.reference} : plan des séances, 2 séances tenues et émargées, la suivante "
        "planifiée" in lines
    )


def test_demo_sessions_twice_change_nothing() -> None:
    first = load_demo()
    avant = (Seance.objects.count(), Emargement.objects.count())
    assert load_demo() == first
    assert (Seance.objects.count(), Emargement.objects.count()) == avant
