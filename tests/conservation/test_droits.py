"""Data-subject rights (RGPD art. 12, 15, 17, 20; domain.md, Confidentiality and data)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from bilan.audit.models import AuditEvent
from bilan.conservation.errors import ConservationError
from bilan.conservation.models import DemandeDroit, ExportDonnees
from bilan.conservation.services import (
    demande_enregistrer,
    demande_prolonger,
    demande_repondre,
    effacement_executer,
    export_demander,
    export_preparer,
    export_telecharger,
    exports_expirer,
)
from bilan.scelles.models import DocumentScelle
from seances.models import Emargement, NoteSeance

pytestmark = pytest.mark.django_db


# --- The register of requests --------------------------------------------------------------


def test_a_request_is_due_one_month_after_its_receipt(beneficiaire, admin):
    demande = demande_enregistrer(
        personne=beneficiaire, type="acces", recue_le=date(2026, 1, 31), enregistree_par=admin
    )
    assert demande.echeance == date(2026, 2, 28)
    assert AuditEvent.objects.filter(event="rgpd.demande_enregistree", actor_id=admin.pk).exists()


def test_an_extension_adds_two_months_once_with_its_reason(demande_rgpd, admin):
    echeance = demande_rgpd.echeance
    with pytest.raises(ConservationError) as exc:
        demande_prolonger(demande=demande_rgpd, motif="  ", acteur=admin)
    assert exc.value.code == "motif_requis"
    demande = demande_prolonger(demande=demande_rgpd, motif="Plusieurs bilans", acteur=admin)
    assert demande.echeance > echeance + timedelta(days=58)
    with pytest.raises(ConservationError) as exc:
        demande_prolonger(demande=demande, motif="Encore", acteur=admin)
    assert exc.value.code == "deja_prolongee"
    assert DemandeDroit.objects.get(pk=demande.pk).motif_prolongation == "Plusieurs bilans"


def test_an_extension_after_the_deadline_is_refused(demande_rgpd, admin):
    with time_machine.travel(timezone.now() + timedelta(days=40), tick=False):
        with pytest.raises(ConservationError) as exc:
            demande_prolonger(demande=demande_rgpd, motif="Trop tard", acteur=admin)
    assert exc.value.code == "echeance_depassee"
    assert DemandeDroit.objects.get(pk=demande_rgpd.pk).prolongee_le is None


@pytest.mark.parametrize(
    ("champs", "code"),
    [
        ({"recue_le": date(2099, 1, 1)}, "date_future"),
        ({"type": "inconnu"}, "type_invalide"),
    ],
)
def test_a_bad_request_is_refused_and_nothing_is_recorded(beneficiaire, admin, champs, code):
    donnees = {"type": "acces", "recue_le": timezone.localdate(), **champs}
    with pytest.raises(ConservationError) as exc:
        demande_enregistrer(personne=beneficiaire, enregistree_par=admin, **donnees)
    assert exc.value.code == code
    assert not DemandeDroit.objects.exists()


def test_a_request_for_a_consultant_is_refused(consultant, admin):
    with pytest.raises(ConservationError) as exc:
        demande_enregistrer(
            personne=consultant, type="acces", recue_le=timezone.localdate(), enregistree_par=admin
        )
    assert exc.value.code == "personne_invalide"


def test_an_answer_before_the_receipt_or_an_erasure_answered_by_hand_is_refused(
    demande_rgpd, demande_effacement, admin
):
    with pytest.raises(ConservationError) as exc:
        demande_repondre(
            demande=demande_rgpd,
            repondue_le=demande_rgpd.recue_le - timedelta(days=1),
            issue="satisfaite",
            acteur=admin,
        )
    assert exc.value.code == "date_reponse"
    with pytest.raises(ConservationError) as exc:
        demande_repondre(
            demande=demande_effacement,
            repondue_le=timezone.localdate(),
            issue="satisfaite",
            acteur=admin,
        )
    assert exc.value.code == "effacement_a_executer"
    assert not DemandeDroit.objects.filter(repondue_le__isnull=False).exists()


# --- Erasure on request --------------------------------------------------------------------


def test_an_erasure_request_for_someone_else_is_refused(beneficiaire, autre_beneficiaire):
    with pytest.raises(ConservationError) as exc:
        demande_enregistrer(
            personne=autre_beneficiaire,
            type="effacement",
            recue_le=timezone.localdate(),
            enregistree_par=beneficiaire,
        )
    assert exc.value.code == "demande_tiers"
    assert not DemandeDroit.objects.exists()


def test_the_portal_refuses_an_erasure_request_naming_someone_else(
    client_de, beneficiaire, autre_beneficiaire
):
    reponse = client_de(beneficiaire).post(
        reverse("portail:rgpd_effacement_demander"),
        {"personne": autre_beneficiaire.pk},
        follow=True,
    )
    assert "Vous ne pouvez faire une demande que pour vos propres données." in (
        reponse.content.decode()
    )
    assert not DemandeDroit.objects.exists()


def test_erasure_deletes_content_keeps_proof_and_says_why(bilan_termine, admin):
    user = bilan_termine.beneficiaire.user
    demande = demande_enregistrer(
        personne=user, type="effacement", recue_le=timezone.localdate(), enregistree_par=user
    )
    demande = effacement_executer(demande=demande, acteur=admin)

    assert not NoteSeance.objects.filter(seance__bilan=bilan_termine).exists()
    assert not DocumentScelle.objects.filter(bilan=bilan_termine, type_document="synthese")
    assert Emargement.objects.filter(bilan_id=bilan_termine.pk).count() == 16
    assert demande.issue == DemandeDroit.Issue.PARTIELLE
    assert demande.repondue_le == timezone.localdate()
    conserve = {c["categorie"]: c for c in demande.bilan_effacement["conserve"]}
    assert "R6351-17" in conserve["preuve"]["motif"]
    assert conserve["preuve"]["lignes"]["Émargements"] == 16
    assert demande.bilan_effacement["supprime"]["contenu"] > 0
    user.refresh_from_db()
    assert not user.is_active
    assert user.last_name == "Durand"  # the proof kept names the signer
    assert AuditEvent.objects.filter(event="rgpd.effacement", actor_id=admin.pk).exists()


def test_erasure_without_any_proof_anonymises_the_account(demande_effacement, admin):
    demande = effacement_executer(demande=demande_effacement, acteur=admin)
    assert demande.issue == DemandeDroit.Issue.SATISFAITE
    user = demande.personne
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.is_active) == ("Personne", "effacée", False)
    assert user.email == f"efface-{user.pk}@efface.invalid"


def test_erasure_during_a_running_bilan_is_refused_and_changes_nothing(admin):
    from tests.beneficiaires.factories import BilanFactory
    from tests.conservation.conftest import document

    bilan = BilanFactory(etat="en_cours")
    document(bilan, "synthese", 1)
    user = bilan.beneficiaire.user
    demande = demande_enregistrer(
        personne=user, type="effacement", recue_le=timezone.localdate(), enregistree_par=admin
    )
    with pytest.raises(ConservationError) as exc:
        effacement_executer(demande=demande, acteur=admin)
    assert exc.value.code == "bilan_en_cours"
    assert DocumentScelle.objects.filter(bilan=bilan).count() == 1
    user.refresh_from_db()
    assert user.is_active
    assert DemandeDroit.objects.get(pk=demande.pk).repondue_le is None


# --- The data export -----------------------------------------------------------------------


@pytest.fixture
def export_pret(bilan_termine):
    user = bilan_termine.beneficiaire.user
    export, jeton = export_demander(personne=user)
    return export_preparer(export_id=export.pk), jeton, user


def test_the_export_holds_every_row_decrypted_and_the_pdfs(export_pret, bilan_termine):
    export, jeton, user = export_pret
    with export.fichier.open("rb") as fh:
        stocke = fh.read()
    assert not stocke.startswith(b"PK")  # encrypted at rest
    contenu = export_telecharger(personne=user, jeton=jeton)
    archive = zipfile.ZipFile(io.BytesIO(contenu))
    donnees = json.loads(archive.read("donnees.json"))
    assert donnees["compte"]["email"] == user.email
    assert "password" not in donnees["compte"]
    assert donnees["bilans"][0]["reference"] == bilan_termine.reference
    notes = donnees["donnees"]["seances.noteseance"]
    # What the beneficiary reads in the portal: the shared note, not the consultant's own.
    assert [n["texte"] for n in notes] == ["Piste : logistique hospitalière."]
    emargements = donnees["donnees"]["seances.emargement"]
    assert len(emargements) == 16
    # No IP address or browser of the signers (the consultant's are a third party's data).
    assert not {"ip", "user_agent"} & set(emargements[0])
    assert len(donnees["donnees"]["scelles.documentscelle"]) == 2
    pdfs = [n for n in archive.namelist() if n.startswith("documents/scelles.documentscelle/")]
    assert len(pdfs) == 2
    assert archive.read(pdfs[0]) == b"%PDF-test"
    # The request is registered and answered.
    assert export.demande.type == "portabilite"
    assert DemandeDroit.objects.get(pk=export.demande_id).repondue_le == timezone.localdate()


def test_the_link_serves_once_and_the_file_is_deleted(
    export_pret, client_de, django_capture_on_commit_callbacks
):
    export, jeton, user = export_pret
    nom = export.fichier.name
    client = client_de(user)
    url = reverse("portail:rgpd_export_telecharger", kwargs={"jeton": jeton})
    with django_capture_on_commit_callbacks(execute=True):
        premiere = client.get(url)
    assert premiere.status_code == 200
    assert premiere["Content-Type"] == "application/zip"
    assert premiere["Cache-Control"] == "no-store"
    assert not default_storage.exists(nom)
    seconde = client.get(url)
    assert seconde.status_code == 410
    assert "Ce lien a déjà servi" in seconde.content.decode()
    assert ExportDonnees.objects.get(pk=export.pk).statut == "telecharge"
    assert AuditEvent.objects.filter(event="rgpd.export_telecharge", actor_id=user.pk).count() == 1


def test_an_expired_link_is_refused_and_its_file_deleted(export_pret, client_de):
    export, jeton, user = export_pret
    nom = export.fichier.name
    with time_machine.travel(timezone.now() + timedelta(hours=49), tick=False):
        reponse = client_de(user).get(
            reverse("portail:rgpd_export_telecharger", kwargs={"jeton": jeton})
        )
        assert reponse.status_code == 410
        assert "Ce lien a expiré" in reponse.content.decode()
        assert exports_expirer() == []
    assert not default_storage.exists(nom)
    assert ExportDonnees.objects.get(pk=export.pk).statut == "expire"


def test_another_persons_token_is_unknown(export_pret, client_de, autre_beneficiaire):
    _export, jeton, _user = export_pret
    with pytest.raises(ConservationError) as exc:
        export_telecharger(personne=autre_beneficiaire, jeton=jeton)
    assert exc.value.code == "lien_inconnu"
    reponse = client_de(autre_beneficiaire).get(
        reverse("portail:rgpd_export_telecharger", kwargs={"jeton": jeton})
    )
    assert reponse.status_code == 404


def test_only_the_tokens_hash_is_stored(beneficiaire):
    export, jeton = export_demander(personne=beneficiaire)
    assert jeton not in export.jeton_hash
    assert len(export.jeton_hash) == 64
    assert len(jeton) >= 43


def test_the_portal_shows_en_preparation_then_the_link(
    client_de, beneficiaire, django_capture_on_commit_callbacks
):
    client = client_de(beneficiaire)
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        client.post(reverse("portail:rgpd_export_demander"))
    assert len(rappels) == 1
    page = client.get(reverse("portail:rgpd_mes_donnees")).content.decode()
    assert "En préparation" in page
    assert 'hx-trigger="every 2s"' in page
    export = ExportDonnees.objects.get()
    export_preparer(export_id=export.pk)
    jeton = client.session["rgpd_export_jeton"]
    fragment = client.get(
        reverse("portail:rgpd_export_etat", kwargs={"jeton": jeton}), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "hx-trigger" not in fragment
    assert reverse("portail:rgpd_export_telecharger", kwargs={"jeton": jeton}) in fragment


def test_a_second_export_while_one_is_in_preparation_is_refused(beneficiaire):
    export_demander(personne=beneficiaire)
    with pytest.raises(ConservationError) as exc:
        export_demander(personne=beneficiaire)
    assert exc.value.code == "export_en_cours"
    assert ExportDonnees.objects.count() == 1
