"""Fixtures of the end-of-bilan documents' and shares' tests that the matrix also uses
(issue 6, points 3 to 5)."""

import pytest

# A text only the synthèse fixture holds: the end-of-bilan documents must never show it.
TEXTE_SYNTHESE_ESSAI = "Synthèse d'essai : projet de reconversion vers la logistique verte."


@pytest.fixture
def attestations_bilan(dossier, consultant):
    """The personas' bilan, terminé: its 8 sessions held and signed by both (seances.demo)."""
    from tests.beneficiaires.factories import BilanFactory

    return BilanFactory(beneficiaire=dossier, consultant=consultant, etat="termine")


@pytest.fixture
def partage_document(attestations_bilan, consultant):
    """A sealed synthèse of the personas' terminated bilan, sealed from a test template
    (the synthèse's own editor is another feature)."""
    from bilan.scelles.models import TypeDocument
    from bilan.scelles.services import document_sceller

    return document_sceller(
        bilan=attestations_bilan,
        type_document=TypeDocument.SYNTHESE,
        template_name="bilan/pdf/essai.html",
        context={"texte": TEXTE_SYNTHESE_ESSAI},
        nom_fichier=f"synthese-{attestations_bilan.reference}.pdf",
        acteur=consultant,
    )


@pytest.fixture
def partage_jeton(partage_document, beneficiaire) -> str:
    """The raw token of a live share link of that synthèse, to a CEP operator."""
    from synthese.models import LienPartage
    from synthese.partage import Destinataire, partage_creer

    partage = partage_creer(
        document=partage_document,
        user=beneficiaire,
        destinataire=Destinataire("cep", "Inès Garnier", "CEP Pays de la Loire", "ines@cep.test"),
        consentement_accepte=True,
    )
    return LienPartage.objects.get(partage=partage).token_a_envoyer
