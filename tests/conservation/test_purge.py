"""The purge (domain.md, Confidentiality and data; R6313-7; R6351-17)."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from beneficiaires.models import BilanUserObjectPermission, EntretienPrealable
from bilan.conservation.models import Destruction, Execution
from bilan.conservation.services import conservation_purger
from bilan.scelles.models import DocumentScelle, TypeDocument
from seances.models import Emargement, NoteSeance, Plan, Seance, SeanceEvenement, TravailPersonnel

pytestmark = pytest.mark.django_db

CONTENU = (EntretienPrealable, NoteSeance, TravailPersonnel, SeanceEvenement)


def test_purge_at_the_end_destroys_content_rows_and_files_and_keeps_proof(bilan_termine):
    synthese = DocumentScelle.objects.get(bilan=bilan_termine, type_document=TypeDocument.SYNTHESE)
    attestation = DocumentScelle.objects.get(
        bilan=bilan_termine, type_document=TypeDocument.ATTESTATION_FIN
    )
    assert default_storage.exists(synthese.fichier.name)

    execution = conservation_purger()

    for model in CONTENU:
        assert not model.objects.filter(**_du_bilan(model, bilan_termine)).exists(), model
    assert not DocumentScelle.objects.filter(pk=synthese.pk).exists()
    assert not default_storage.exists(synthese.fichier.name)
    assert default_storage.exists(attestation.fichier.name)
    assert Emargement.objects.filter(bilan_id=bilan_termine.pk).count() == 16
    assert Seance.objects.filter(bilan=bilan_termine).count() == 8
    assert execution.statut == Execution.Statut.TERMINEE
    record = Destruction.objects.avec_totaux().get(bilan_id=bilan_termine.pk)
    assert record.categorie == "contenu"
    assert record.reference == bilan_termine.reference
    assert record.fichiers == 1
    assert record.detail["scelles.documentscelle"] == 1
    assert record.detail["seances.noteseance"] == 2


def test_purge_after_four_years_destroys_proof_immutable_signatures_included(
    bilan_termine, plus_tard
):
    conservation_purger(maintenant=plus_tard(days=4 * 365))
    assert Emargement.objects.filter(bilan_id=bilan_termine.pk).count() == 16

    conservation_purger(maintenant=plus_tard(days=4 * 365 + 2))

    assert not Emargement.objects.filter(bilan_id=bilan_termine.pk).exists()
    assert not Seance.objects.filter(bilan=bilan_termine).exists()
    assert not Plan.objects.filter(bilan=bilan_termine).exists()
    assert not DocumentScelle.objects.filter(bilan=bilan_termine).exists()
    categories = set(
        Destruction.objects.filter(bilan_id=bilan_termine.pk).values_list("categorie", flat=True)
    )
    assert categories == {"contenu", "preuve"}
    # The bilan itself (reference, state) stays: the register names it.
    assert BilanUserObjectPermission.objects.filter(content_object=bilan_termine).exists()


def test_purge_twice_changes_nothing_the_second_time(bilan_termine):
    conservation_purger()
    record = Destruction.objects.avec_totaux().get(bilan_id=bilan_termine.pk)
    second = conservation_purger()
    assert second.lignes == 0
    assert Destruction.objects.avec_totaux().get(pk=record.pk).lignes == record.lignes


def _du_bilan(model, bilan):
    if model in (NoteSeance, SeanceEvenement):
        return {"seance__bilan": bilan}
    return {"bilan": bilan}


# --- Done when: the clock past the end, with and without each exception ------------------


def _synthese(bilan):
    return DocumentScelle.objects.filter(bilan=bilan, type_document=TypeDocument.SYNTHESE)


def _contenu_restant(bilan) -> int:
    return sum(model.objects.filter(**_du_bilan(model, bilan)).count() for model in CONTENU)


def test_without_agreement_the_exception_goes_with_the_content(
    bilan_termine, synthese_envoyee_au_cep
):
    conservation_purger()
    assert _contenu_restant(bilan_termine) == 0
    assert not _synthese(bilan_termine).exists()
    categories = sorted(
        Destruction.objects.filter(bilan_id=bilan_termine.pk).values_list("categorie", flat=True)
    )
    assert categories == ["contenu", "exception_suivi"]


def test_with_an_agreement_the_exception_stays_until_its_end(
    bilan_termine, synthese_envoyee_au_cep, plus_tard
):
    from datetime import timedelta

    fin_accord = bilan_termine.etat_changed_at.date() + timedelta(days=365)
    synthese_envoyee_au_cep.register_prolongation(lambda bilan: fin_accord)
    fichier = _synthese(bilan_termine).get().fichier.name

    conservation_purger(maintenant=plus_tard(days=300))
    assert _contenu_restant(bilan_termine) == 0
    assert _synthese(bilan_termine).count() == 1
    assert default_storage.exists(fichier)

    conservation_purger(maintenant=plus_tard(days=367))
    assert not _synthese(bilan_termine).exists()
    assert not default_storage.exists(fichier)
    # The administrative proof is still there, one record per category.
    assert Emargement.objects.filter(bilan_id=bilan_termine.pk).count() == 16
    assert DocumentScelle.objects.filter(bilan=bilan_termine).count() == 1
    assert Destruction.objects.filter(bilan_id=bilan_termine.pk).count() == 2


def test_an_agreement_past_three_years_is_held_to_three_years(
    bilan_termine, synthese_envoyee_au_cep, plus_tard
):
    from datetime import timedelta

    trop_loin = bilan_termine.etat_changed_at.date() + timedelta(days=10 * 365)
    synthese_envoyee_au_cep.register_prolongation(lambda bilan: trop_loin)
    synthese_envoyee_au_cep.register_prolongation(lambda bilan: None)

    conservation_purger(maintenant=plus_tard(days=1090))
    assert _synthese(bilan_termine).count() == 1
    conservation_purger(maintenant=plus_tard(days=1098))
    assert not _synthese(bilan_termine).exists()


def test_a_running_bilan_keeps_everything(bilan_termine, plus_tard):
    from tests.beneficiaires.factories import BilanFactory

    en_cours = BilanFactory(etat="en_cours")
    from tests.conservation.conftest import document

    document(en_cours, TypeDocument.SYNTHESE, 1)
    conservation_purger(maintenant=plus_tard(days=20 * 365))
    assert _synthese(en_cours).count() == 1
    assert not Destruction.objects.filter(bilan_id=en_cours.pk).exists()


# --- Permissions: direct foreign keys cascade, generic rows go too -------------------------


def test_object_permissions_go_with_their_rows_and_leave_no_orphan(
    bilan_termine, registre, consultant
):
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import UserObjectPermission
    from guardian.shortcuts import assign_perm

    from bilan.retention import Categorie
    from tests.exemple.models import Carnet, CarnetUserObjectPermission

    registre.register(
        model=Carnet, categorie=Categorie.CONTENU, bilan_path="beneficiaire__beneficiaire__bilans"
    )
    carnet = Carnet.objects.create(
        beneficiaire=bilan_termine.beneficiaire.user, texte="Mes valeurs : autonomie."
    )
    assign_perm("exemple.view_carnet", consultant, carnet)
    assert CarnetUserObjectPermission.objects.filter(content_object=carnet).count() == 1
    note = NoteSeance.objects.filter(seance__bilan=bilan_termine).first()
    ct = ContentType.objects.get_for_model(NoteSeance)
    UserObjectPermission.objects.create(
        user=consultant,
        permission=ct.permission_set.first() or _permission(ct),
        content_type=ct,
        object_pk=str(note.pk),
    )

    conservation_purger()

    assert not Carnet.objects.exists()
    assert CarnetUserObjectPermission.objects.count() == 0
    assert not UserObjectPermission.objects.filter(content_type=ct).exists()
    assert Destruction.objects.get(bilan_id=bilan_termine.pk).detail["exemple.carnet"] == 1


def _permission(ct):
    from django.contrib.auth.models import Permission

    return Permission.objects.create(content_type=ct, codename="view_noteseance", name="voir")


# --- Immutable rows: only the engine deletes them ------------------------------------------


def test_signatures_refuse_a_delete_outside_the_engine(bilan_termine, plus_tard):
    from django.db import DatabaseError, transaction

    from seances.models import EmargementPurgePermit

    with pytest.raises(DatabaseError), transaction.atomic():
        Emargement.objects.filter(bilan_id=bilan_termine.pk).delete()
    conservation_purger(maintenant=plus_tard(days=1462))
    assert not Emargement.objects.filter(bilan_id=bilan_termine.pk).exists()
    assert not EmargementPurgePermit.objects.exists()


# --- Reliability: killed between two batches, resumed by the next run ----------------------


class _Tue(BaseException):
    """Stands for the process killed (not an Exception: nothing catches it)."""


def test_a_run_killed_between_batches_resumes_and_finishes(bilan_termine, monkeypatch, plus_tard):
    from bilan.conservation.models import FichierASupprimer
    from bilan.conservation.services import purge
    from tests.beneficiaires.factories import BilanFactory
    from tests.conservation.conftest import avec_contenu

    autres = [avec_contenu(BilanFactory(etat="termine")) for _ in range(2)]
    bilans = [bilan_termine, *autres]
    attendu = {b.pk: Emargement.objects.filter(bilan_id=b.pk).count() for b in bilans}
    monkeypatch.setattr(purge, "LOT", 5)
    lots = iter(range(1000))

    def tuer_au_troisieme() -> None:
        if next(lots) == 2:
            raise _Tue

    monkeypatch.setattr(purge, "_apres_lot", tuer_au_troisieme)
    maintenant = plus_tard(days=1462)
    with pytest.raises(_Tue):
        conservation_purger(maintenant=maintenant)
    interrompue = Execution.objects.get()
    assert interrompue.statut == Execution.Statut.EN_COURS
    assert interrompue.lignes > 0

    monkeypatch.setattr(purge, "_apres_lot", lambda: None)
    conservation_purger(maintenant=maintenant)

    for b in bilans:
        assert not Emargement.objects.filter(bilan_id=b.pk).exists()
        assert _contenu_restant(b) == 0
        assert not DocumentScelle.objects.filter(bilan=b).exists()
        preuve = Destruction.objects.avec_totaux().get(bilan_id=b.pk, categorie="preuve")
        assert preuve.detail["seances.emargement"] == attendu[b.pk]
        assert preuve.fichiers == 1
        contenu = Destruction.objects.avec_totaux().get(bilan_id=b.pk, categorie="contenu")
        assert contenu.fichiers == 1
    assert not FichierASupprimer.objects.exists()
    total = sum(Execution.objects.values_list("lignes", flat=True))
    assert total == sum(Destruction.objects.avec_totaux().values_list("lignes", flat=True))


# --- Files: "row gone, file remains" is written down and finished later -------------------


def test_a_file_the_storage_fails_to_delete_is_an_error_retried_next_run(
    bilan_termine, monkeypatch
):
    from django.core.files.storage import FileSystemStorage

    from bilan.conservation.models import FichierASupprimer

    synthese = _synthese(bilan_termine).get()
    nom = synthese.fichier.name

    def panne(self, name):
        raise OSError("disque en lecture seule")

    with monkeypatch.context() as m:
        m.setattr(FileSystemStorage, "delete", panne)
        premiere = conservation_purger()
    assert premiere.statut == Execution.Statut.ERREURS
    assert premiere.erreurs == [f"fichier {nom} : OSError"]
    assert not DocumentScelle.objects.filter(pk=synthese.pk).exists()
    attente = FichierASupprimer.objects.get()
    assert (attente.nom, attente.tentatives, attente.derniere_erreur) == (nom, 1, "OSError")
    assert default_storage.exists(nom)

    seconde = conservation_purger()
    assert seconde.statut == Execution.Statut.TERMINEE
    assert not default_storage.exists(nom)
    assert not FichierASupprimer.objects.exists()


def test_the_purge_is_audited_and_purges_the_old_audit_events(bilan_termine, plus_tard):
    from bilan.audit.models import AuditEvent

    execution = conservation_purger(maintenant=plus_tard(days=400))
    assert execution.evenements_audit > 0
    assert AuditEvent.objects.filter(
        event="conservation.purge", target_id=str(execution.pk)
    ).exists()


@pytest.mark.parametrize("etat", ["abandonne", "refuse"])
def test_an_abandoned_or_refused_bilan_loses_its_content_at_once(etat):
    from tests.beneficiaires.factories import BilanFactory, entretien_record
    from tests.conservation.conftest import document

    bilan = BilanFactory(etat="prealable")
    entretien_record(bilan)
    document(bilan, TypeDocument.SYNTHESE, 1)
    from beneficiaires.services import bilan_transition

    bilan = bilan_transition(bilan=bilan, vers=etat, by=bilan.consultant)
    conservation_purger()
    assert not EntretienPrealable.objects.filter(bilan=bilan).exists()
    assert not _synthese(bilan).exists()
    assert Destruction.objects.get(bilan_id=bilan.pk).categorie == "contenu"
