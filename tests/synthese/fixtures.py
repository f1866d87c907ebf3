"""Fixtures of the synthese tests that the permission matrix also uses.

Imported by tests/conftest.py.
"""

from __future__ import annotations

import pytest

# A sentinel that must appear in the sealed synthèse and nowhere else (issue 6, Done when).
SENTINELLE = "Sentinelle-synthese-7Q2X"

TEXTES = {
    "contexte": f"Reconversion envisagée après douze ans en logistique. {SENTINELLE}",
    "competences": "Points d'appui : organisation. Axes de progrès : outils numériques.",
    "projet": "Formatrice d'adultes ; piste alternative : responsable de formation.",
    "formation": "Titre professionnel Formateur professionnel d'adultes.",
    "etapes": "Enquêtes métier, dossier de financement, entrée en formation.",
}


@pytest.fixture
def synthese(bilan_en_cours, consultant):
    """The personas' synthèse, in draft, with its five sections written."""
    from synthese.services import synthese_create, synthese_update_sections

    s = synthese_create(bilan=bilan_en_cours, consultant=consultant)
    s, _ = synthese_update_sections(synthese=s, consultant=consultant, sections=TEXTES)
    return s


@pytest.fixture
def synthese_soumise(synthese, consultant):
    """The same synthèse, submitted to the beneficiary."""
    from synthese.services import synthese_submit

    return synthese_submit(synthese=synthese, consultant=consultant)


@pytest.fixture
def synthese_finale(synthese_soumise, consultant):
    """The same synthèse, final: ready to be signed by both."""
    from synthese.services import synthese_finalise

    return synthese_finalise(synthese=synthese_soumise, consultant=consultant)


def signer(synthese, user):
    """Sign ``synthese`` as ``user`` through the real path: a code issued, then used."""
    from synthese.services import synthese_sign, synthese_sign_code_issue

    code = synthese_sign_code_issue(synthese=synthese, signataire=user, ip="192.0.2.10")
    return synthese_sign(synthese=synthese, signataire=user, code=code.code, ip="192.0.2.10")


@pytest.fixture
def synthese_remise(synthese_finale, beneficiaire, consultant):
    """The same synthèse, signed by both and delivered: its sealed PDF exists."""
    from synthese.models import Synthese

    signer(synthese_finale, beneficiaire)
    signer(synthese_finale, consultant)
    return Synthese.objects.select_related("document").get(pk=synthese_finale.pk)


from tests.synthese.fixtures_documents import *  # noqa: E402, F403
from tests.synthese.fixtures_plan import *  # noqa: E402, F403
