"""The synthèse's services (domain.md, point 7; seed 004, Document de synthèse): who writes,
the workflow, the co-signature bound to the final text's SHA-256, the delivery as a sealed
PDF, and every refusal: a stable code, a French message, nothing changed."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import time
from io import BytesIO

import pytest
import time_machine
from django.core import mail
from django.db import DatabaseError, IntegrityError, connection, transaction

from bilan.audit.models import AuditEvent
from bilan.scelles.models import TypeDocument
from bilan.scelles.tests_support import pdf_valide
from synthese import services
from synthese.errors import SyntheseError
from synthese.models import Synthese, SyntheseSignature, SyntheseVersion
from synthese.selectors import syntheses_visible_to
from tests.synthese.fixtures import SENTINELLE, TEXTES, signer

pytestmark = pytest.mark.django_db


def _etat(synthese) -> tuple:
    s = Synthese.objects.get(pk=synthese.pk)
    return (
        s.etat,
        s.empreinte_finale,
        tuple(getattr(s, n) for n in TEXTES),
        s.versions.count(),
        s.signatures.count(),
    )


def _refus(attendu: str, fn, **kwargs) -> SyntheseError:
    with pytest.raises(SyntheseError) as exc:
        fn(**kwargs)
    assert exc.value.code == attendu
    assert exc.value.message  # French, for the user
    return exc.value


# --- who reads ----------------------------------------------------------------------------


def test_synthese_visible_to_its_beneficiary_and_consultant_only(
    synthese, beneficiaire, consultant, autre_consultant, autre_beneficiaire, admin, superuser
) -> None:
    """domain.md, point 7: nobody else ever, administrators and superusers included."""
    assert list(syntheses_visible_to(beneficiaire)) == [synthese]
    assert list(syntheses_visible_to(consultant)) == [synthese]
    for autre in (autre_consultant, autre_beneficiaire, admin, superuser):
        assert list(syntheses_visible_to(autre)) == []


def test_synthese_sections_are_encrypted_at_rest(synthese) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT contexte FROM synthese_synthese WHERE id = %s", [synthese.pk])
        (brut,) = cursor.fetchone()
    assert brut.startswith("fernet:")
    assert SENTINELLE not in brut


def test_synthese_consultant_change_moves_the_access(synthese, consultant, autre_consultant):
    from beneficiaires.services import bilan_assign_consultant

    bilan_assign_consultant(bilan=synthese.bilan, consultant=autre_consultant, by=None)
    assert list(syntheses_visible_to(consultant)) == []
    assert list(syntheses_visible_to(autre_consultant)) == [synthese]


# --- creation -----------------------------------------------------------------------------


def test_synthese_create_refuses_another_consultant(bilan_en_cours, autre_consultant) -> None:
    _refus(
        "not_assigned",
        services.synthese_create,
        bilan=bilan_en_cours,
        consultant=autre_consultant,
    )
    assert not Synthese.objects.exists()


def test_synthese_create_refuses_a_bilan_not_started(bilan, consultant) -> None:
    _refus("bilan_not_running", services.synthese_create, bilan=bilan, consultant=consultant)
    assert not Synthese.objects.exists()


def test_synthese_create_refuses_a_second_one(synthese, consultant) -> None:
    _refus("already_exists", services.synthese_create, bilan=synthese.bilan, consultant=consultant)
    assert Synthese.objects.count() == 1


# --- writing ------------------------------------------------------------------------------


def test_synthese_update_unchanged_text_writes_nothing(synthese, consultant) -> None:
    avant = AuditEvent.objects.filter(event="synthese.updated").count()
    _s, change = services.synthese_update_sections(
        synthese=synthese, consultant=consultant, sections={"contexte": TEXTES["contexte"]}
    )
    assert change is False
    assert AuditEvent.objects.filter(event="synthese.updated").count() == avant


def test_synthese_update_refuses_another_consultant(synthese, autre_consultant) -> None:
    avant = _etat(synthese)
    _refus(
        "not_assigned",
        services.synthese_update_sections,
        synthese=synthese,
        consultant=autre_consultant,
        sections={"contexte": "Autre texte"},
    )
    assert _etat(synthese) == avant


def test_synthese_update_refuses_an_unknown_section_or_a_too_long_text(
    synthese, consultant
) -> None:
    avant = _etat(synthese)
    _refus(
        "section_unknown",
        services.synthese_update_sections,
        synthese=synthese,
        consultant=consultant,
        sections={"notes": "x"},
    )
    _refus(
        "section_too_long",
        services.synthese_update_sections,
        synthese=synthese,
        consultant=consultant,
        sections={"contexte": "x" * (services.SECTION_MAX + 1)},
    )
    assert _etat(synthese) == avant


def test_synthese_update_refused_while_submitted(synthese_soumise, consultant) -> None:
    avant = _etat(synthese_soumise)
    _refus(
        "submitted",
        services.synthese_update_sections,
        synthese=synthese_soumise,
        consultant=consultant,
        sections={"contexte": "Autre texte"},
    )
    assert _etat(synthese_soumise) == avant


def test_synthese_update_refused_after_a_signature(synthese_finale, beneficiaire, consultant):
    """domain.md, point 7: any change after a signature voids it: refused."""
    signer(synthese_finale, beneficiaire)
    avant = _etat(synthese_finale)
    erreur = _refus(
        "signed_or_final",
        services.synthese_update_sections,
        synthese=synthese_finale,
        consultant=consultant,
        sections={"contexte": "Texte changé après la signature"},
    )
    assert "ne change plus" in erreur.message
    assert _etat(synthese_finale) == avant


def test_synthese_signed_digest_cannot_change_in_the_database(synthese_finale, beneficiaire):
    """The trigger of migration 0002 refuses what the service refuses, whoever writes."""
    signer(synthese_finale, beneficiaire)
    for changement in ({"empreinte_finale": "0" * 64}, {"etat": "brouillon"}):
        with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
            Synthese.objects.filter(pk=synthese_finale.pk).update(**changement)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        SyntheseSignature.objects.filter(synthese=synthese_finale).update(ip="192.0.2.99")


def test_synthese_text_changed_behind_the_service_is_detected(synthese_finale):
    assert services.synthese_verifier(synthese=synthese_finale) == "intact"
    Synthese.objects.filter(pk=synthese_finale.pk).update(contexte="Texte modifié en base")
    altered = Synthese.objects.get(pk=synthese_finale.pk)
    assert services.synthese_verifier(synthese=altered) == "altere"


# --- workflow -----------------------------------------------------------------------------


def test_synthese_submit_keeps_the_version(synthese, consultant) -> None:
    soumise = services.synthese_submit(synthese=synthese, consultant=consultant)
    assert soumise.etat == "soumise"
    version = SyntheseVersion.objects.get(synthese=synthese)
    assert (version.numero, version.motif, version.contexte) == (
        1,
        "soumission",
        TEXTES["contexte"],
    )


def test_synthese_submit_refuses_an_empty_synthese(bilan_en_cours, consultant) -> None:
    vide = services.synthese_create(bilan=bilan_en_cours, consultant=consultant)
    exc = _refus("empty", services.synthese_submit, synthese=vide, consultant=consultant)
    assert exc.message == (
        "Ces sections sont vides : « Circonstances et contexte du bilan », « Compétences et "
        "aptitudes : points d'appui et axes de progrès », « Projet professionnel et pistes "
        "alternatives », « Étapes détaillées de mise en œuvre ». Rédigez-les avant de soumettre "
        "ou de finaliser la synthèse (seul le projet de formation peut rester vide)."
    )
    assert Synthese.objects.get(pk=vide.pk).etat == "brouillon"
    assert not SyntheseVersion.objects.filter(synthese=vide).exists()


def test_synthese_submit_names_the_one_empty_section(synthese, consultant) -> None:
    """domain.md, point 7: every section but the training project is required."""
    services.synthese_update_sections(
        synthese=synthese, consultant=consultant, sections={"etapes": "  "}
    )
    exc = _refus("empty", services.synthese_submit, synthese=synthese, consultant=consultant)
    assert exc.message == (
        "La section « Étapes détaillées de mise en œuvre » est vide : rédigez-la avant de "
        "soumettre ou de finaliser la synthèse."
    )
    assert Synthese.objects.get(pk=synthese.pk).etat == "brouillon"


def test_synthese_submit_accepts_no_training_project(synthese, consultant) -> None:
    """The training project is written "where relevant" (domain.md, point 7)."""
    services.synthese_update_sections(
        synthese=synthese, consultant=consultant, sections={"formation": ""}
    )
    assert services.synthese_submit(synthese=synthese, consultant=consultant).etat == "soumise"


def test_synthese_observe_then_revise_then_finalise_keeps_every_version(
    synthese_soumise, beneficiaire, consultant
) -> None:
    obs = services.synthese_observe(
        synthese=synthese_soumise, beneficiaire_user=beneficiaire, texte="Préciser le calendrier."
    )
    assert obs.version.numero == 1
    assert Synthese.objects.get(pk=synthese_soumise.pk).etat == "observee"
    services.synthese_update_sections(
        synthese=synthese_soumise, consultant=consultant, sections={"etapes": "Calendrier."}
    )
    services.synthese_submit(synthese=synthese_soumise, consultant=consultant)
    finale = services.synthese_finalise(synthese=synthese_soumise, consultant=consultant)
    versions = list(finale.versions.values_list("numero", "motif", "etapes"))
    assert versions == [
        (1, "soumission", TEXTES["etapes"]),
        (2, "soumission", "Calendrier."),
        (3, "finalisation", "Calendrier."),
    ]
    assert len(finale.empreinte_finale) == 64


def test_synthese_observe_refused_when_not_submitted(synthese, beneficiaire) -> None:
    avant = _etat(synthese)
    erreur = _refus(
        "not_submitted",
        services.synthese_observe,
        synthese=synthese,
        beneficiaire_user=beneficiaire,
        texte="Mes remarques",
    )
    assert "ne vous est pas soumise" in erreur.message
    assert _etat(synthese) == avant


def test_synthese_observe_refused_to_anyone_else(synthese_soumise, autre_beneficiaire) -> None:
    avant = _etat(synthese_soumise)
    _refus(
        "not_beneficiary",
        services.synthese_observe,
        synthese=synthese_soumise,
        beneficiaire_user=autre_beneficiaire,
        texte="Intrusion",
    )
    assert _etat(synthese_soumise) == avant


def test_synthese_observe_refuses_an_empty_text(synthese_soumise, beneficiaire) -> None:
    _refus(
        "observation_empty",
        services.synthese_observe,
        synthese=synthese_soumise,
        beneficiaire_user=beneficiaire,
        texte="   ",
    )
    assert Synthese.objects.get(pk=synthese_soumise.pk).etat == "soumise"


def test_synthese_finalise_refuses_a_draft_never_submitted(synthese, consultant) -> None:
    avant = _etat(synthese)
    _refus(
        "not_submitted_yet", services.synthese_finalise, synthese=synthese, consultant=consultant
    )
    assert _etat(synthese) == avant


# --- signing ------------------------------------------------------------------------------


def test_synthese_signing_a_draft_is_refused(synthese, beneficiaire) -> None:
    avant = _etat(synthese)
    erreur = _refus(
        "not_final",
        services.synthese_sign_code_issue,
        synthese=synthese,
        signataire=beneficiaire,
    )
    assert "Seule la synthèse finale se signe" in erreur.message
    _refus(
        "not_final",
        services.synthese_sign,
        synthese=synthese,
        signataire=beneficiaire,
        code="123456",
    )
    assert _etat(synthese) == avant
    assert mail.outbox == []


def test_synthese_sign_with_a_wrong_code_changes_nothing(synthese_finale, beneficiaire) -> None:
    code = services.synthese_sign_code_issue(synthese=synthese_finale, signataire=beneficiaire)
    faux = "000000" if code.code != "000000" else "111111"
    erreur = _refus(
        "code_wrong",
        services.synthese_sign,
        synthese=synthese_finale,
        signataire=beneficiaire,
        code=faux,
    )
    assert "Code incorrect" in erreur.message
    assert not SyntheseSignature.objects.exists()


def test_synthese_sign_with_an_expired_code_changes_nothing(synthese_finale, beneficiaire):
    code = services.synthese_sign_code_issue(synthese=synthese_finale, signataire=beneficiaire)
    with time_machine.travel(time.time(), tick=False) as t:
        t.shift(datetime.timedelta(minutes=11))
        erreur = _refus(
            "code_expired",
            services.synthese_sign,
            synthese=synthese_finale,
            signataire=beneficiaire,
            code=code.code,
        )
    assert "expiré" in erreur.message
    assert not SyntheseSignature.objects.exists()


def test_synthese_sign_refuses_anyone_but_the_two_signers(
    synthese_finale, autre_consultant, admin
) -> None:
    for intrus in (autre_consultant, admin):
        _refus(
            "not_signer",
            services.synthese_sign_code_issue,
            synthese=synthese_finale,
            signataire=intrus,
        )
    assert not SyntheseSignature.objects.exists()


def test_synthese_sign_twice_is_refused(synthese_finale, beneficiaire) -> None:
    signer(synthese_finale, beneficiaire)
    _refus(
        "already_signed",
        services.synthese_sign_code_issue,
        synthese=synthese_finale,
        signataire=beneficiaire,
    )
    assert SyntheseSignature.objects.count() == 1


def test_synthese_code_mail_holds_the_code_and_no_content(
    synthese_finale, beneficiaire, django_capture_on_commit_callbacks
) -> None:
    from synthese.tasks import synthese_code_send_task

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        code = services.synthese_sign_code_issue(synthese=synthese_finale, signataire=beneficiaire)
    assert len(callbacks) == 1  # enqueued once the code is committed
    assert synthese_code_send_task(code_id=code.pk) is True
    (message,) = mail.outbox
    assert message.to == [beneficiaire.email]
    assert code.code in message.body
    assert SENTINELLE not in message.body and SENTINELLE not in message.alternatives[0][0]


def test_synthese_code_mail_speaks_to_each_signer(synthese_finale, beneficiaire, consultant):
    """The beneficiary reads "votre bilan"; the consultant, whose bilan it is not, reads the
    beneficiary's name (no content either way)."""
    from synthese.tasks import synthese_code_send_task

    for user in (beneficiaire, consultant):
        code = services.synthese_sign_code_issue(synthese=synthese_finale, signataire=user)
        assert synthese_code_send_task(code_id=code.pk) is True
    pour_beneficiaire, pour_consultant = mail.outbox
    assert (
        "Voici votre code pour signer le document de synthèse de votre bilan de compétences :"
        in pour_beneficiaire.body
    )
    attendu = (
        "Voici votre code pour signer, en tant que consultant, le document de synthèse du "
        "bilan de compétences de Sophie Durand :"
    )
    assert attendu in pour_consultant.body
    assert attendu in pour_consultant.alternatives[0][0]
    assert "votre bilan" not in pour_consultant.body


def test_synthese_signatures_bind_the_final_digest(synthese_finale, beneficiaire, consultant):
    premiere = signer(synthese_finale, beneficiaire)
    assert premiere.empreinte == synthese_finale.empreinte_finale
    assert Synthese.objects.get(pk=synthese_finale.pk).etat == "finale"
    seconde = signer(synthese_finale, consultant)
    assert seconde.empreinte == synthese_finale.empreinte_finale
    assert {s.role for s in SyntheseSignature.objects.all()} == {"beneficiaire", "consultant"}


# --- delivery -----------------------------------------------------------------------------


def _texte_pdf(data: bytes) -> str:
    from pypdf import PdfReader

    return "".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages)


def test_synthese_both_signatures_deliver_a_sealed_pdf(synthese_remise) -> None:
    assert synthese_remise.etat == "remise"
    assert synthese_remise.remise_le is not None
    document = synthese_remise.document
    assert document.type_document == TypeDocument.SYNTHESE
    data = document.fichier.read()
    assert pdf_valide(data)
    texte = _texte_pdf(data)
    # The sentinel of the synthèse is in its own PDF, with the signature page.
    assert SENTINELLE in texte
    assert document.reference in texte
    assert synthese_remise.empreinte_finale[:32] in texte.replace("\n", "")
    assert "Sophie Durand" in texte and "Claire Martin" in texte


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils absent")
def test_synthese_sealed_pdf_is_valid_for_pdfsig(synthese_remise, tmp_path) -> None:
    path = tmp_path / "synthese.pdf"
    path.write_bytes(synthese_remise.document.fichier.read())
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    assert "Signature is Valid" in out.stdout, out.stdout


def test_synthese_after_delivery_nothing_changes(synthese_remise, consultant) -> None:
    avant = _etat(synthese_remise)
    _refus(
        "signed_or_final",
        services.synthese_update_sections,
        synthese=synthese_remise,
        consultant=consultant,
        sections={"projet": "Autre projet"},
    )
    _refus(
        "not_submitted_yet",
        services.synthese_finalise,
        synthese=synthese_remise,
        consultant=consultant,
    )
    assert _etat(synthese_remise) == avant


def test_synthese_code_of_a_replaced_code_is_not_sent(synthese_finale, beneficiaire) -> None:
    from synthese.tasks import synthese_code_send_task

    ancien = services.synthese_sign_code_issue(synthese=synthese_finale, signataire=beneficiaire)
    services.synthese_sign_code_issue(synthese=synthese_finale, signataire=beneficiaire)
    assert synthese_code_send_task(code_id=ancien.pk) is False
    assert mail.outbox == []


def test_synthese_reopen_before_any_signature(synthese_finale, consultant) -> None:
    rouverte = services.synthese_reopen(synthese=synthese_finale, consultant=consultant)
    assert (rouverte.etat, rouverte.empreinte_finale, rouverte.finalisee_le) == (
        "observee",
        "",
        None,
    )
    assert rouverte.versions.filter(motif="finalisation").count() == 1  # kept


def test_synthese_reopen_refused_after_a_signature(synthese_finale, beneficiaire, consultant):
    signer(synthese_finale, beneficiaire)
    avant = _etat(synthese_finale)
    _refus(
        "not_reopenable",
        services.synthese_reopen,
        synthese=synthese_finale,
        consultant=consultant,
    )
    assert _etat(synthese_finale) == avant


def test_synthese_failed_sealing_records_no_second_signature(
    synthese_finale, beneficiaire, consultant, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bilan.scelles import services as scelles
    from bilan.scelles.errors import ScellementError

    signer(synthese_finale, beneficiaire)

    def disque_plein(**kwargs):
        raise ScellementError("stockage")

    monkeypatch.setattr(scelles, "document_sceller", disque_plein)
    erreur = _refus("delivery_failed", signer, synthese=synthese_finale, user=consultant)
    assert "Demandez un nouveau code" in erreur.message
    s = Synthese.objects.get(pk=synthese_finale.pk)
    assert (s.etat, s.document_id, s.signatures.count()) == ("finale", None, 1)


def test_synthese_observations_are_encrypted_at_rest(synthese_soumise, beneficiaire) -> None:
    obs = services.synthese_observe(
        synthese=synthese_soumise, beneficiaire_user=beneficiaire, texte="Remarque confidentielle"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT texte FROM synthese_syntheseobservation WHERE id = %s", [obs.pk])
        (brut,) = cursor.fetchone()
    assert brut.startswith("fernet:") and "confidentielle" not in brut


def test_the_finalisation_freezes_the_action_plan_and_the_digest_covers_it(
    synthese_finale, consultant
) -> None:
    """The action plan is printed in the signed document (domain.md, point 7): frozen at the
    finalisation, in the digest both sign, unfrozen only if the synthèse goes back to
    writing before any signature."""
    from synthese.models import PlanAction
    from synthese.plan_action.services import plan_action_canonique

    plan = PlanAction.objects.get(bilan=synthese_finale.bilan)
    assert plan.verrouille
    assert services.synthese_verifier(synthese=synthese_finale) == "intact"
    # A plan changed behind the services no longer matches the digest.
    PlanAction.objects.filter(pk=plan.pk).update(projet="Autre projet")
    assert plan_action_canonique(bilan=synthese_finale.bilan)["projet"] == "Autre projet"
    assert services.synthese_verifier(synthese=synthese_finale) == "altere"
    services.synthese_reopen(synthese=synthese_finale, consultant=consultant)
    assert not PlanAction.objects.get(pk=plan.pk).verrouille
