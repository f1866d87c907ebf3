"""The dossier's next step follows the synthèse: once it is signed and delivered, the bilan in
conclusion is ready to end (domain.md, The life of a bilan, 7)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from beneficiaires.etapes import prochaine_etape
from beneficiaires.models import Bilan
from beneficiaires.selectors import bilans_tableau_page, bilans_with_progress
from beneficiaires.services import bilan_transition
from tests.beneficiaires.factories import seances_tenues

pytestmark = pytest.mark.django_db

AVANT = "Remettre la synthèse au bénéficiaire, puis terminer le bilan."
APRES = "La synthèse est signée et remise au bénéficiaire : terminer le bilan."


def _en_conclusion(bilan: Bilan) -> Bilan:
    seances_tenues(bilan)
    return bilan_transition(bilan=bilan, vers="conclusion", by=bilan.consultant)


def _etapes(bilan: Bilan) -> tuple[str, str]:
    annotated = bilans_with_progress(Bilan.objects.filter(pk=bilan.pk)).get()
    [ligne] = bilans_tableau_page(ids=Bilan.objects.filter(pk=bilan.pk).values("pk"))
    return prochaine_etape(annotated).texte, prochaine_etape(ligne).texte


def test_etape_in_conclusion_asks_for_the_synthese(synthese_finale) -> None:
    bilan = _en_conclusion(synthese_finale.bilan)
    assert _etapes(bilan) == (AVANT, AVANT)


def test_etape_after_delivery_says_to_end_the_bilan(synthese_remise) -> None:
    bilan = _en_conclusion(synthese_remise.bilan)
    assert _etapes(bilan) == (APRES, APRES)
    assert prochaine_etape(bilans_with_progress(Bilan.objects.filter(pk=bilan.pk)).get()).vers == (
        "termine"
    )


def test_bilan_page_shows_the_step_after_delivery(client_de, consultant, synthese_remise):
    bilan = _en_conclusion(synthese_remise.bilan)
    html = client_de(consultant).get(reverse("backoffice:bilan", args=[bilan.pk])).content
    assert APRES in html.decode()
