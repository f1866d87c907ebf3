"""The working documents' screens: upload (bad input refused, nothing stored), download and
preview headers, deletion, the list's queries (issue 11, point 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bilan.audit.models import AuditEvent
from seances.documents.demo import pdf_minimal
from seances.documents.http import content_disposition, nom_fichier
from seances.documents.models import Document
from seances.documents.services import document_deposer
from tests.documents.conftest import PNG, docx, fichiers_stockes

MO = 1024 * 1024


def _envoyer(client, url: str, contenu: bytes, nom: str = "rapport.pdf", **extra):
    donnees = {"titre": "Rapport MBTI", "type": "rapport_test", **extra}
    if contenu is not None:
        donnees["fichier"] = SimpleUploadedFile(nom, contenu, content_type="application/pdf")
    return client.post(url, donnees)


@pytest.fixture
def page_consultant(bilan_en_cours) -> str:
    return reverse("backoffice:document_liste", args=[bilan_en_cours.pk])


@pytest.fixture
def page_portail(bilan_en_cours) -> str:
    return reverse("portail:document_liste", args=[bilan_en_cours.pk])


def _refuse(response, message: str, media: Path) -> None:
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Document.objects.count() == 0
    assert fichiers_stockes(media) == []


def test_upload_by_the_consultant_stores_an_encrypted_pdf(
    client_de, consultant, page_consultant, documents_media
) -> None:
    response = _envoyer(client_de(consultant), page_consultant, pdf_minimal("Profil"))
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.titre, document.type, document.depose_par_id) == (
        "Rapport MBTI",
        "rapport_test",
        consultant.pk,
    )
    [fichier] = fichiers_stockes(documents_media)
    assert b"%PDF" not in fichier.read_bytes()


def test_upload_by_the_beneficiary_links_personal_work(
    client_de, beneficiaire, travail_assigne, page_portail
) -> None:
    response = _envoyer(
        client_de(beneficiaire),
        page_portail,
        docx(),
        nom="bilan-reussites.docx",
        type="livrable",
        travail=travail_assigne.pk,
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.travail_id, document.format, document.depose_par_role) == (
        travail_assigne.pk,
        "docx",
        "beneficiaire",
    )


def test_upload_of_50_mb_is_refused_unread_with_a_french_message(
    client_de, consultant, page_consultant, documents_media, monkeypatch
) -> None:
    def jamais(*args, **kwargs):
        raise AssertionError("a temporary file was written")

    monkeypatch.setattr(TemporaryUploadedFile, "__init__", jamais)
    response = _envoyer(client_de(consultant), page_consultant, b"%PDF-" + b"0" * (50 * MO))
    _refuse(response, "Le fichier dépasse la taille maximale de 10 Mo.", documents_media)
    assert "Le vôtre fait environ 50 Mo." in response.content.decode()


def test_upload_of_an_executable_renamed_pdf_is_refused(
    client_de, consultant, page_consultant, documents_media
) -> None:
    response = _envoyer(client_de(consultant), page_consultant, b"MZ\x90\x00" + b"\x00" * 200)
    _refuse(response, "Ce fichier est un programme, pas un document", documents_media)


def test_upload_of_a_web_page_renamed_pdf_is_refused(
    client_de, beneficiaire, page_portail, documents_media
) -> None:
    html = b"<!doctype html><html><body><script>fetch('/')</script></body></html>"
    response = _envoyer(client_de(beneficiaire), page_portail, html)
    _refuse(
        response, "Les pages web et les images SVG peuvent contenir des scripts", documents_media
    )


def test_upload_of_an_empty_file_is_refused(
    client_de, consultant, page_consultant, documents_media
) -> None:
    response = _envoyer(client_de(consultant), page_consultant, b"")
    _refuse(response, "Le fichier est vide", documents_media)


def test_upload_without_a_file_is_refused(
    client_de, consultant, page_consultant, documents_media
) -> None:
    response = _envoyer(client_de(consultant), page_consultant, None)
    _refuse(response, "Choisissez un fichier à déposer.", documents_media)


def test_upload_form_says_the_accepted_types_and_the_size(
    client_de, consultant, page_consultant
) -> None:
    html = client_de(consultant).get(page_consultant).content.decode()
    assert '<label for="id_fichier">Fichier' in html
    assert "Formats acceptés : PDF, PNG, JPEG, WebP, Word (.docx)" in html
    assert "Taille maximale : 10 Mo." in html
    assert 'enctype="multipart/form-data"' in html
    assert "Aucun document pour l'instant." in html
    assert "js/documents.js" in html


def test_download_headers(client_de, beneficiaire, document_remis) -> None:
    url = reverse("portail:document_telecharger", args=[document_remis.pk])
    response = client_de(beneficiaire).get(url)
    assert response.status_code == 200
    assert response.content == pdf_minimal("Rapport MBTI")
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store, private"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"rapport.pdf\"; filename*=UTF-8''rapport.pdf"
    )
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert (
        AuditEvent.objects.filter(event="document.telecharge", actor_id=beneficiaire.pk).count()
        == 1
    )


def test_preview_of_a_pdf_is_inline_and_locked_down(client_de, consultant, document_remis) -> None:
    url = reverse("backoffice:document_apercu", args=[document_remis.pk])
    response = client_de(consultant).get(url)
    assert response["Content-Disposition"].startswith("inline; ")
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'"
    )
    assert response["Cache-Control"] == "no-store, private"


def test_preview_of_an_image_is_inline_and_sandboxed(
    client_de, beneficiaire, bilan_en_cours
) -> None:
    document = document_deposer(
        bilan=bilan_en_cours,
        auteur=beneficiaire,
        contenu=PNG,
        nom="offre.png",
        titre="Offre",
        type="offre_emploi",
    )
    response = client_de(beneficiaire).get(reverse("portail:document_apercu", args=[document.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline; ")
    assert response["Content-Security-Policy"].startswith("sandbox;")


def test_preview_of_an_office_document_is_a_download(
    client_de, beneficiaire, bilan_en_cours
) -> None:
    document = document_deposer(
        bilan=bilan_en_cours,
        auteur=beneficiaire,
        contenu=docx(),
        nom="cv.docx",
        titre="CV",
        type="cv",
    )
    response = client_de(beneficiaire).get(reverse("portail:document_apercu", args=[document.pk]))
    assert response["Content-Disposition"].startswith("attachment; ")


def test_file_name_is_sanitised_and_takes_the_detected_extension(
    bilan_en_cours, beneficiaire
) -> None:
    document = document_deposer(
        bilan=bilan_en_cours,
        auteur=beneficiaire,
        contenu=pdf_minimal(),
        nom='..\\../Évaluation "finale";\r\n.exe',
        titre="Évaluation",
        type="autre",
    )
    nom = nom_fichier(document)
    assert nom == "Évaluation _finale.pdf"
    assert content_disposition(nom, inline=False) == (
        'attachment; filename="Evaluation _finale.pdf"; '
        "filename*=UTF-8''%C3%89valuation%20_finale.pdf"
    )


def test_another_bilans_document_id_answers_404(
    client_de, autre_consultant, autre_beneficiaire, document_remis
) -> None:
    for client, espace in (
        (client_de(autre_consultant), "backoffice"),
        (client_de(autre_beneficiaire), "portail"),
    ):
        for nom in ("document_telecharger", "document_apercu", "document_supprimer"):
            url = reverse(f"{espace}:{nom}", args=[document_remis.pk])
            assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(event="document.telecharge").exists()


def test_administrators_cannot_read_a_document(client_de, admin, superuser, document_remis) -> None:
    for user in (admin, superuser):
        for espace in ("backoffice", "portail"):
            url = reverse(f"{espace}:document_telecharger", args=[document_remis.pk])
            assert client_de(user).get(url).status_code == 403


def test_download_of_a_missing_file_says_so(client_de, consultant, document_remis) -> None:
    Path(document_remis.fichier.path).unlink()
    client = client_de(consultant)
    url = reverse("backoffice:document_telecharger", args=[document_remis.pk])
    response = client.get(url, follow=True)
    assert "Le fichier de ce document est introuvable sur le serveur." in response.content.decode()


def test_delete_through_the_page_removes_the_file(
    client_de,
    beneficiaire,
    document_beneficiaire,
    documents_media,
    django_capture_on_commit_callbacks,
) -> None:
    url = reverse("portail:document_supprimer", args=[document_beneficiaire.pk])
    client = client_de(beneficiaire)
    assert "supprimés définitivement" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert Document.objects.count() == 0
    assert fichiers_stockes(documents_media) == []


def test_the_beneficiary_cannot_delete_the_consultants_document(
    client_de, beneficiaire, document_remis, documents_media
) -> None:
    url = reverse("portail:document_supprimer", args=[document_remis.pk])
    response = client_de(beneficiaire).post(url, follow=True)
    assert "Seuls la personne qui a déposé ce document et le consultant" in (
        response.content.decode()
    )
    assert Document.objects.count() == 1
    assert len(fichiers_stockes(documents_media)) == 1


def test_hand_over_button_makes_it_visible_in_the_portal(
    client_de, consultant, beneficiaire, document_prive, page_portail
) -> None:
    assert "Rapport MBTI" not in client_de(beneficiaire).get(page_portail).content.decode()
    url = reverse("backoffice:document_remettre", args=[document_prive.pk])
    client_de(consultant).post(url)
    assert "Rapport MBTI" in client_de(beneficiaire).get(page_portail).content.decode()


def _requetes(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("espace", ["backoffice", "portail"])
def test_list_page_queries_do_not_grow_with_documents(
    espace, client_de, consultant, beneficiaire, bilan_en_cours, travail_assigne
) -> None:
    user = consultant if espace == "backoffice" else beneficiaire
    client = client_de(user)
    url = reverse(f"{espace}:document_liste", args=[bilan_en_cours.pk])

    def deposer(n: int) -> None:
        document_deposer(
            bilan=bilan_en_cours,
            auteur=beneficiaire,
            contenu=pdf_minimal(),
            nom=f"cv-{n}.pdf",
            titre=f"CV {n}",
            type="livrable",
            travail=travail_assigne,
        )

    deposer(1)
    client.get(url)  # session and caches warmed
    une = _requetes(client, url)
    deposer(2)
    deposer(3)
    assert _requetes(client, url) == une


def test_bilan_page_and_portal_home_link_to_the_documents(
    client_de, consultant, beneficiaire, bilan_en_cours
) -> None:
    page = client_de(consultant).get(reverse("backoffice:bilan", args=[bilan_en_cours.pk]))
    assert reverse("backoffice:document_liste", args=[bilan_en_cours.pk]) in page.content.decode()
    accueil = client_de(beneficiaire).get(reverse("portail:accueil"))
    assert reverse("portail:document_liste", args=[bilan_en_cours.pk]) in accueil.content.decode()


def test_list_page_shows_sizes_in_french_units(
    client_de, consultant, beneficiaire, bilan_en_cours, travail_assigne
) -> None:
    document = document_deposer(
        bilan=bilan_en_cours,
        auteur=beneficiaire,
        contenu=pdf_minimal(),
        nom="cv.pdf",
        titre="CV",
        type="livrable",
        travail=travail_assigne,
    )
    from bilan.templatetags.tailles import taille

    page = client_de(consultant).get(reverse("backoffice:document_liste", args=[bilan_en_cours.pk]))
    html = page.content.decode()
    assert f" · {taille(document.taille)}</small>" in html
    assert "Kio" not in html
