"""The end-of-bilan documents (domain.md, The life of a bilan, 9; 5: hours from signed
attendance only): sealed, one kept per version, served when due, refused otherwise."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beneficiaires.services import bilan_transition
from bilan.audit.models import AuditEvent
from bilan.scelles.models import DocumentScelle, TypeDocument
from bilan.scelles.tests_support import pdf_valide
from synthese.attestations import attestation_emettre, attestations_disponibles
from synthese.errors import SyntheseError
from tests.beneficiaires.factories import BilanFactory
from tests.synthese.outils_documents import contenu, octet_modifie, texte_pdf

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sorte", "type_document", "titre"),
    [
        ("fin", TypeDocument.ATTESTATION_FIN, "Attestation de fin de bilan"),
        ("presence", TypeDocument.ATTESTATION_PRESENCE, "Attestation de présence"),
        ("certificat", TypeDocument.CERTIFICAT_REALISATION, "Certificat de réalisation"),
    ],
)
def test_attestation_emettre_seals_a_content_free_document(
    attestations_bilan, consultant, sorte, type_document, titre
) -> None:
    document = attestation_emettre(bilan=attestations_bilan, slug=sorte, acteur=consultant)
    data = document.fichier.read()
    assert document.type_document == type_document
    assert document.bilan_id == attestations_bilan.pk
    assert pdf_valide(data)
    assert not pdf_valide(octet_modifie(data))
    texte = texte_pdf(data)
    assert titre in texte
    assert "Sophie Durand" in texte
    assert attestations_bilan.reference in texte
    assert document.reference in texte
    # 8 sessions of 2 h, each signed by both on its day (seances.demo).
    assert "16 h" in texte


def test_attestation_fin_names_the_nature_and_the_phases(attestations_bilan, consultant) -> None:
    texte = texte_pdf(
        attestation_emettre(bilan=attestations_bilan, slug="fin", acteur=consultant).fichier.read()
    )
    assert "L6313-1 3°" in texte
    assert "Phase préliminaire, Phase d'investigation, Phase de conclusion" in texte


def test_certificat_checks_the_bilan_de_competences_box(attestations_bilan, consultant) -> None:
    document = attestation_emettre(bilan=attestations_bilan, slug="certificat", acteur=consultant)
    texte = texte_pdf(document.fichier.read())
    assert "☒ bilan de compétences (3°)" in texte
    assert "Compte personnel de formation (CPF)" in texte


def test_attestation_emettre_keeps_the_version_while_nothing_changed(
    attestations_bilan, consultant, beneficiaire
) -> None:
    premiere = attestation_emettre(bilan=attestations_bilan, slug="fin", acteur=consultant)
    assert (
        attestation_emettre(bilan=attestations_bilan, slug="fin", acteur=beneficiaire) == premiere
    )
    assert DocumentScelle.objects.filter(type_document=TypeDocument.ATTESTATION_FIN).count() == 1


def test_attestation_emettre_seals_a_new_version_after_a_change_of_state(
    attestations_bilan, consultant
) -> None:
    premiere = attestation_emettre(bilan=attestations_bilan, slug="fin", acteur=consultant)
    bilan = bilan_transition(bilan=attestations_bilan, vers="suivi", by=consultant)
    seconde = attestation_emettre(bilan=bilan, slug="fin", acteur=consultant)
    assert seconde.pk != premiere.pk
    assert DocumentScelle.objects.filter(type_document=TypeDocument.ATTESTATION_FIN).count() == 2
    derniere = {d.sorte.slug: d.derniere for d in attestations_disponibles(bilan=bilan)}["fin"]
    assert derniere == seconde


def test_attestation_fin_is_refused_before_the_end(bilan_en_cours, consultant) -> None:
    with pytest.raises(SyntheseError) as exc:
        attestation_emettre(bilan=bilan_en_cours, slug="fin", acteur=consultant)
    assert exc.value.code == "attestation_indisponible"
    assert exc.value.message == (
        "L'attestation de fin de bilan est disponible une fois le bilan terminé."
    )
    assert DocumentScelle.objects.count() == 0


def test_certificat_is_refused_before_the_end(bilan_en_cours, consultant) -> None:
    with pytest.raises(SyntheseError) as exc:
        attestation_emettre(bilan=bilan_en_cours, slug="certificat", acteur=consultant)
    assert exc.value.code == "attestation_indisponible"
    assert exc.value.message == (
        "Le certificat de réalisation est disponible une fois le bilan terminé."
    )
    assert DocumentScelle.objects.count() == 0


def test_attestation_presence_needs_a_session_signed_by_both(emargement_signe, consultant) -> None:
    """One signature of two is not attendance (domain.md, 5): still refused."""
    with pytest.raises(SyntheseError) as exc:
        attestation_emettre(bilan=emargement_signe.seance.bilan, slug="presence", acteur=consultant)
    assert exc.value.code == "attestation_indisponible"
    assert "émargée par le bénéficiaire et le consultant" in exc.value.message
    assert DocumentScelle.objects.count() == 0


def test_attestation_presence_is_due_during_the_bilan(dossier, consultant) -> None:
    from tests.beneficiaires.factories import seances_tenues

    bilan = BilanFactory(beneficiaire=dossier, consultant=consultant, etat="en_cours")
    seances_tenues(bilan)
    document = attestation_emettre(bilan=bilan, slug="presence", acteur=consultant)
    assert "16 h" in texte_pdf(document.fichier.read())


def test_attestation_emettre_refuses_an_unknown_kind(attestations_bilan, consultant) -> None:
    with pytest.raises(SyntheseError) as exc:
        attestation_emettre(bilan=attestations_bilan, slug="diplome", acteur=consultant)
    assert exc.value.code == "attestation_inconnue"
    assert DocumentScelle.objects.count() == 0


# --- Views ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("espace", "persona"),
    [("backoffice", "consultant"), ("portail", "beneficiaire"), ("administration", "admin")],
)
def test_download_is_sealed_uncached_and_audited(
    attestations_bilan, client_de, request, espace, persona
) -> None:
    user = request.getfixturevalue(persona)
    url = reverse(f"{espace}:attestation_telecharger", args=[attestations_bilan.pk, "certificat"])
    response = client_de(user).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/pdf"
    assert pdf_valide(contenu(response))
    event = AuditEvent.objects.get(event="attestation.telechargee")
    assert (event.actor_id, event.target_type) == (user.pk, "scelles.documentscelle")


def test_download_not_yet_due_redirects_with_a_french_message(bilan, consultant, client_de) -> None:
    client = client_de(consultant)
    url = reverse("backoffice:attestation_telecharger", args=[bilan.pk, "fin"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:attestation_liste", args=[bilan.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "L'attestation de fin de bilan est disponible une fois le bilan terminé."
    ]
    assert DocumentScelle.objects.count() == 0


def test_another_consultants_bilan_answers_404(attestations_bilan, autre_consultant, client_de):
    url = reverse("backoffice:attestation_telecharger", args=[attestations_bilan.pk, "fin"])
    assert client_de(autre_consultant).get(url).status_code == 404
    assert DocumentScelle.objects.count() == 0


def test_list_shows_each_kind_and_the_latest_version(
    attestations_bilan, beneficiaire, consultant, client_de
) -> None:
    document = attestation_emettre(bilan=attestations_bilan, slug="fin", acteur=consultant)
    response = client_de(beneficiaire).get(
        reverse("portail:attestation_liste", args=[attestations_bilan.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert document.reference in html
    assert html.count("Télécharger (PDF)") == 3
    assert "pas encore émise" in html


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_versions(
    attestations_bilan, consultant, client_de
) -> None:
    client = client_de(consultant)
    url = reverse("backoffice:attestation_liste", args=[attestations_bilan.pk])
    attestation_emettre(bilan=attestations_bilan, slug="fin", acteur=consultant)
    client.get(url)  # the session's first request does its own bookkeeping
    une = _queries(client, url)
    bilan = bilan_transition(bilan=attestations_bilan, vers="suivi", by=consultant)
    for slug in ("fin", "presence", "certificat"):
        attestation_emettre(bilan=bilan, slug=slug, acteur=consultant)
    assert _queries(client, url) == une


def test_the_bilan_page_and_the_portal_home_link_to_the_documents(
    attestations_bilan, consultant, beneficiaire, client_de
) -> None:
    page = client_de(consultant).get(reverse("backoffice:bilan", args=[attestations_bilan.pk]))
    assert reverse("backoffice:attestation_liste", args=[attestations_bilan.pk]) in (
        page.content.decode()
    )
    accueil = client_de(beneficiaire).get(reverse("portail:accueil")).content.decode()
    assert reverse("portail:attestation_liste", args=[attestations_bilan.pk]) in accueil
    assert reverse("portail:partage_liste", args=[attestations_bilan.pk]) in accueil


def test_no_link_before_the_engagement(bilan, consultant, client_de) -> None:
    page = client_de(consultant).get(reverse("backoffice:bilan", args=[bilan.pk]))
    assert "attestations/" not in page.content.decode()


def test_a_storage_failure_redirects_with_a_french_message(
    attestations_bilan, consultant, client_de, monkeypatch
) -> None:
    from bilan.scelles import services
    from bilan.scelles.errors import ScellementError

    def refus(**kwargs):  # noqa: ANN003, ANN202
        raise ScellementError("stockage")

    monkeypatch.setattr(services, "document_sceller", refus)
    url = reverse("backoffice:attestation_telecharger", args=[attestations_bilan.pk, "fin"])
    response = client_de(consultant).get(url)
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        ScellementError.MESSAGES["stockage"]
    ]
    assert DocumentScelle.objects.count() == 0
