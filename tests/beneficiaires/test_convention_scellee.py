"""The convention's PDF through the sealing service (issue 6, point 3): sealed and stored
once all three parties have signed; before, an unsealed draft marked "projet"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from beneficiaires.convention import (
    convention_document,
    convention_sign_beneficiaire,
    convention_sign_employer,
)
from bilan.scelles.models import DocumentScelle, TypeDocument
from bilan.scelles.tests_support import pdf_valide
from tests.synthese.outils_documents import contenu, octet_modifie, texte_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def convention_signee(lien_employeur, bilan_convention):
    convention_sign_employer(token=lien_employeur, signataire_nom="Marc Rivière")
    convention_sign_beneficiaire(bilan=bilan_convention, user=bilan_convention.beneficiaire.user)
    return bilan_convention


def test_a_convention_signed_by_all_three_is_sealed_once(convention_signee, consultant) -> None:
    document = convention_document(bilan=convention_signee, acteur=consultant)
    data = document.fichier.read()
    assert document.type_document == TypeDocument.CONVENTION
    assert pdf_valide(data)
    assert not pdf_valide(octet_modifie(data))
    texte = texte_pdf(data)
    assert document.reference in texte
    assert "PROJET" not in texte
    assert convention_document(bilan=convention_signee, acteur=consultant) == document
    assert DocumentScelle.objects.filter(type_document=TypeDocument.CONVENTION).count() == 1


@pytest.mark.parametrize(
    ("espace", "persona"),
    [("backoffice", "consultant"), ("portail", "beneficiaire"), ("administration", "admin")],
)
def test_every_space_downloads_the_same_sealed_convention(
    convention_signee, client_de, request, espace, persona
) -> None:
    url = reverse(f"{espace}:convention_pdf", args=[convention_signee.pk])
    response = client_de(request.getfixturevalue(persona)).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert pdf_valide(contenu(response))
    assert DocumentScelle.objects.filter(type_document=TypeDocument.CONVENTION).count() == 1


def test_a_draft_is_rendered_unsealed_and_marked_projet(bilan_convention, client_de, consultant):
    url = reverse("backoffice:convention_pdf", args=[bilan_convention.pk])
    response = client_de(consultant).get(url)
    assert response.status_code == 200
    assert "PROJET" in texte_pdf(response.content)
    assert not pdf_valide(response.content)
    assert convention_document(bilan=bilan_convention, acteur=consultant) is None
    assert DocumentScelle.objects.count() == 0
