"""The working documents' services (issue 11, point 6; domain.md, Confidentiality and data:
content for the beneficiary and the assigned consultant only, encrypted at rest, audited,
destroyed with the files)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.db import connection

from beneficiaires.services import bilan_assign_consultant
from bilan import retention
from bilan.audit.models import AuditEvent
from seances.documents import services
from seances.documents.demo import pdf_minimal
from seances.documents.errors import DocumentError
from seances.documents.models import Document
from seances.documents.selectors import documents_visible_to
from seances.outils.remise import remises
from tests.beneficiaires.factories import BilanFactory
from tests.documents.conftest import fichiers_stockes


def _deposer(bilan, auteur, **kwargs) -> Document:
    valeurs = {
        "contenu": pdf_minimal("Rapport"),
        "nom": "rapport-mbti.pdf",
        "titre": "Rapport MBTI",
        "type": "rapport_test",
    }
    return services.document_deposer(bilan=bilan, auteur=auteur, **{**valeurs, **kwargs})


def test_document_deposer_stores_the_file_encrypted_under_a_random_name(
    bilan_en_cours, consultant, documents_media: Path
) -> None:
    contenu = pdf_minimal("Rapport")
    document = _deposer(bilan_en_cours, consultant, commentaire="Profil ENFP")
    [fichier] = fichiers_stockes(documents_media)
    stocke = fichier.read_bytes()
    assert b"%PDF" not in stocke
    assert b"Rapport" not in stocke
    assert fichier.name == Path(document.fichier.name).name
    assert "." not in fichier.name and "mbti" not in fichier.name
    assert document.empreinte == hashlib.sha256(contenu).hexdigest()
    assert (document.taille, document.format, document.depose_par_role) == (
        len(contenu),
        "pdf",
        "consultant",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nom_original, commentaire FROM documents_document WHERE id = %s",
            [document.pk],
        )
        nom, commentaire = cursor.fetchone()
    assert nom.startswith("fernet:") and "mbti" not in nom
    assert commentaire.startswith("fernet:") and "ENFP" not in commentaire
    assert AuditEvent.objects.filter(event="document.depose", target_id=str(document.pk)).exists()


def test_document_lire_returns_the_plaintext_and_audits_the_read(
    document_remis, beneficiaire
) -> None:
    contenu = services.document_lire(document=document_remis, lecteur=beneficiaire, ip="192.0.2.1")
    assert contenu == pdf_minimal("Rapport MBTI")
    event = AuditEvent.objects.get(event="document.telecharge")
    assert (event.actor_id, event.target_id, event.ip) == (
        beneficiaire.pk,
        str(document_remis.pk),
        "192.0.2.1",
    )


def test_document_lire_refuses_an_altered_file(document_remis, consultant) -> None:
    chemin = Path(document_remis.fichier.path)
    chemin.write_bytes(chemin.read_bytes()[:-4] + b"AAAA")
    with pytest.raises(DocumentError) as exc:
        services.document_lire(document=document_remis, lecteur=consultant)
    assert exc.value.code == "fichier_altere"
    assert not AuditEvent.objects.filter(event="document.telecharge").exists()


def test_document_lire_says_when_the_file_is_missing(document_remis, consultant) -> None:
    Path(document_remis.fichier.path).unlink()
    with pytest.raises(DocumentError) as exc:
        services.document_lire(document=document_remis, lecteur=consultant)
    assert exc.value.code == "fichier_absent"
    assert "introuvable" in exc.value.message


def test_consultant_upload_is_private_until_handed_over(
    document_prive, beneficiaire, consultant
) -> None:
    assert list(documents_visible_to(consultant)) == [document_prive]
    assert list(documents_visible_to(beneficiaire)) == []
    services.document_remettre(document=document_prive, consultant=consultant)
    assert list(documents_visible_to(beneficiaire)) == [document_prive]


def test_beneficiary_upload_is_visible_to_both_at_once(
    document_beneficiaire, beneficiaire, consultant
) -> None:
    assert list(documents_visible_to(beneficiaire)) == [document_beneficiaire]
    assert list(documents_visible_to(consultant)) == [document_beneficiaire]


def test_documents_visible_to_gives_nothing_to_administrators_and_outsiders(
    document_remis, admin, superuser, autre_consultant, autre_beneficiaire
) -> None:
    for user in (admin, superuser, autre_consultant, autre_beneficiaire):
        assert list(documents_visible_to(user)) == []


def test_documents_remettre_is_registered_and_hands_over_everything_once(
    document_prive, document_beneficiaire, bilan_en_cours, consultant, beneficiaire
) -> None:
    [remise] = [r for r in remises() if r.libelle == "Documents de travail"]
    assert remise.remettre(bilan_en_cours, consultant) == 1
    assert remise.remettre(bilan_en_cours, consultant) == 0
    assert set(documents_visible_to(beneficiaire)) == {document_prive, document_beneficiaire}
    assert AuditEvent.objects.filter(event="document.remis").count() == 1


def test_document_remettre_refuses_twice(document_remis, consultant) -> None:
    with pytest.raises(DocumentError) as exc:
        services.document_remettre(document=document_remis, consultant=consultant)
    assert exc.value.code == "deja_remis"


def test_document_deposer_refuses_someone_outside_the_bilan(
    bilan_en_cours, autre_consultant, autre_beneficiaire, admin, documents_media
) -> None:
    for user in (autre_consultant, autre_beneficiaire, admin):
        with pytest.raises(DocumentError) as exc:
            _deposer(bilan_en_cours, user)
        assert exc.value.code == "not_allowed"
    assert Document.objects.count() == 0
    assert fichiers_stockes(documents_media) == []


def test_document_deposer_refuses_once_the_bilan_has_ended(
    dossier, consultant, documents_media
) -> None:
    bilan = BilanFactory(beneficiaire=dossier, consultant=consultant, etat="termine")
    with pytest.raises(DocumentError) as exc:
        _deposer(bilan, consultant)
    assert exc.value.code == "bilan_not_running"
    assert fichiers_stockes(documents_media) == []


def test_document_deposer_refuses_a_file_over_the_limit(
    bilan_en_cours, consultant, settings, documents_media
) -> None:
    settings.DOCUMENTS_TAILLE_MAX = 1024
    with pytest.raises(DocumentError) as exc:
        _deposer(bilan_en_cours, consultant, contenu=b"%PDF-" + b"0" * 2000)
    assert exc.value.code == "trop_volumineux"
    assert "1 Ko" in exc.value.message
    assert fichiers_stockes(documents_media) == []


def test_document_deposer_refuses_a_missing_title_and_an_unknown_type(
    bilan_en_cours, consultant
) -> None:
    with pytest.raises(DocumentError) as exc:
        _deposer(bilan_en_cours, consultant, titre="  ")
    assert exc.value.code == "titre_required"
    with pytest.raises(DocumentError) as exc:
        _deposer(bilan_en_cours, consultant, type="bulletin_de_salaire")
    assert exc.value.code == "type_invalid"


def test_document_deposer_refuses_another_bilans_personal_work(
    travail_assigne, autre_beneficiaire, autre_consultant, documents_media
) -> None:
    from tests.beneficiaires.factories import DossierFactory

    autre = BilanFactory(
        beneficiaire=DossierFactory(user=autre_beneficiaire),
        consultant=autre_consultant,
        etat="en_cours",
    )
    with pytest.raises(DocumentError) as exc:
        _deposer(autre, autre_consultant, travail=travail_assigne)
    assert exc.value.code == "travail_other_bilan"
    assert fichiers_stockes(documents_media) == []


def test_document_deposer_leaves_no_file_when_the_row_fails(
    bilan_en_cours, consultant, documents_media, monkeypatch
) -> None:
    def echec(**kwargs):
        raise RuntimeError("base indisponible")

    monkeypatch.setattr(services, "audit_record", echec)
    with pytest.raises(RuntimeError):
        _deposer(bilan_en_cours, consultant)
    assert Document.objects.count() == 0
    assert fichiers_stockes(documents_media) == []


def test_document_supprimer_removes_the_file_on_commit(
    document_beneficiaire, beneficiaire, documents_media, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.document_supprimer(document=document_beneficiaire, acteur=beneficiaire)
    assert Document.objects.count() == 0
    assert fichiers_stockes(documents_media) == []
    assert AuditEvent.objects.filter(event="document.supprime").count() == 1


def test_document_supprimer_by_the_consultant_of_a_beneficiary_upload(
    document_beneficiaire, consultant, documents_media, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.document_supprimer(document=document_beneficiaire, acteur=consultant)
    assert fichiers_stockes(documents_media) == []


def test_document_supprimer_refuses_the_beneficiary_on_a_consultant_upload(
    document_remis, beneficiaire, documents_media
) -> None:
    with pytest.raises(DocumentError) as exc:
        services.document_supprimer(document=document_remis, acteur=beneficiaire)
    assert exc.value.code == "not_uploader"
    assert Document.objects.count() == 1
    assert len(fichiers_stockes(documents_media)) == 1


def test_documents_purger_removes_rows_and_files_and_runs_twice(
    document_remis,
    document_beneficiaire,
    bilan_en_cours,
    documents_media,
    django_capture_on_commit_callbacks,
) -> None:
    assert len(fichiers_stockes(documents_media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert services.documents_purger(bilan=bilan_en_cours) == 2
    assert Document.objects.count() == 0
    assert fichiers_stockes(documents_media) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert services.documents_purger(bilan=bilan_en_cours) == 0


def test_documents_are_registered_as_content_for_the_retention_engine() -> None:
    [entree] = [r for r in retention.registrations() if r.model is Document]
    assert (entree.categorie, entree.bilan_path, entree.filtre) == (
        retention.Categorie.CONTENU,
        "bilan",
        None,
    )


def test_the_engines_generic_path_deletes_the_files_with_the_rows(
    document_remis, bilan_en_cours, documents_media
) -> None:
    """What the engine does with a registered model: every FileField, then the row."""
    [entree] = [r for r in retention.registrations() if r.model is Document]
    lignes = entree.model.objects.filter(**{entree.bilan_path: bilan_en_cours})
    champs = [f.name for f in Document._meta.fields if f.get_internal_type() == "FileField"]
    for ligne in lignes:
        for champ in champs:
            getattr(ligne, champ).delete(save=False)
        ligne.delete()
    assert fichiers_stockes(documents_media) == []


def test_a_change_of_consultant_moves_the_access(
    document_prive, bilan_en_cours, consultant, autre_consultant, admin
) -> None:
    bilan_assign_consultant(bilan=bilan_en_cours, consultant=autre_consultant, by=admin)
    assert list(documents_visible_to(consultant)) == []
    assert list(documents_visible_to(autre_consultant)) == [document_prive]


def test_documents_rotate_keys_re_encrypts_with_the_new_first_key(
    document_remis, consultant, settings, documents_media, django_capture_on_commit_callbacks
) -> None:
    from cryptography.fernet import Fernet

    from bilan.crypto import reset_key_cache

    ancienne = list(settings.CONTENT_ENCRYPTION_KEYS)
    settings.CONTENT_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *ancienne]
    reset_key_cache()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert services.documents_rotate_keys() == 1
        [fichier] = fichiers_stockes(documents_media)
        document_remis.refresh_from_db()
        assert Path(document_remis.fichier.path) == fichier
        settings.CONTENT_ENCRYPTION_KEYS = settings.CONTENT_ENCRYPTION_KEYS[:1]
        reset_key_cache()
        contenu = services.document_lire(document=document_remis, lecteur=consultant)
        assert contenu == pdf_minimal("Rapport MBTI")
    finally:
        settings.CONTENT_ENCRYPTION_KEYS = ancienne
        reset_key_cache()


def test_document_deposer_on_a_full_disk_keeps_nothing(
    bilan_en_cours, consultant, documents_media, monkeypatch
) -> None:
    import errno

    from django.core.files.storage import FileSystemStorage

    def disque_plein(self, name, content):
        chemin = Path(self.path(name))
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_bytes(b"moit")  # half-written, as on ENOSPC
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disque_plein)
    with pytest.raises(DocumentError) as exc:
        _deposer(bilan_en_cours, consultant)
    assert exc.value.code == "stockage"
    assert "rien n'a été conservé" in exc.value.message
    assert Document.objects.count() == 0
    assert fichiers_stockes(documents_media) == []


def test_rotate_content_keys_also_re_encrypts_the_files() -> None:
    from bilan import crypto
    from seances.documents.services import documents_rotate_keys

    assert documents_rotate_keys in crypto._file_rotations
