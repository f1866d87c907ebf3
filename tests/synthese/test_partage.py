"""Sharing the synthèse (L6313-4; domain.md, The people: per document, per recipient,
revocable; Confidentiality: every share, download and revocation logged)."""

from __future__ import annotations

import datetime
import hashlib
import time
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bilan import gunicorn_conf
from bilan.audit.models import AuditEvent
from bilan.scelles.tests_support import pdf_valide
from synthese.attestations import attestation_emettre
from synthese.errors import SyntheseError
from synthese.models import LienPartage, Partage
from synthese.partage import (
    Destinataire,
    partage_creer,
    partage_lien_envoyer,
    partage_lien_utiliser,
    partage_revoquer,
)
from synthese.tasks import partage_lien_envoyer_task
from tests.synthese.outils_documents import contenu

pytestmark = pytest.mark.django_db

CEP = Destinataire("cep", "Inès Garnier", "CEP Pays de la Loire", "ines@cep.test")


def _url(token: str) -> str:
    return reverse("partage:partage_lien", kwargs={"token": token})


def _refus(code: str, fn, **kwargs) -> None:  # noqa: ANN001
    with pytest.raises(SyntheseError) as exc:
        fn(**kwargs)
    assert exc.value.code == code


# --- Consent -------------------------------------------------------------------------------


def test_partage_creer_keeps_the_written_consent(
    partage_document, beneficiaire, django_capture_on_commit_callbacks
) -> None:
    sent: list[dict] = []
    with (
        mock.patch.object(partage_lien_envoyer_task, "delay", lambda **kw: sent.append(kw)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        partage = partage_creer(
            document=partage_document,
            user=beneficiaire,
            destinataire=CEP,
            consentement_accepte=True,
            ip="203.0.113.5",
        )
    assert partage.bilan_id == partage_document.bilan_id
    assert partage.consenti_le is not None and partage.ip == "203.0.113.5"
    assert partage.consentement_texte.startswith("J'autorise Horizon Compétences à transmettre")
    for fragment in (partage_document.reference, "Inès Garnier (CEP Pays de la Loire)"):
        assert fragment in partage.consentement_texte
    lien = LienPartage.objects.get(partage=partage)
    assert sent == [{"lien_id": lien.pk}]  # the message carries no token
    assert lien.expires_at - lien.created_at == datetime.timedelta(days=7)
    events = list(AuditEvent.objects.order_by("pk").values_list("event", "actor_id"))
    assert ("partage.created", beneficiaire.pk) in events
    assert ("partage.link_issued", beneficiaire.pk) in events


def test_the_link_is_mailed_then_only_its_hash_is_kept(partage_jeton) -> None:
    lien = LienPartage.objects.get()
    assert lien.token_hash == hashlib.sha256(partage_jeton.encode()).hexdigest()
    assert partage_lien_envoyer_task(lien_id=lien.pk) is True
    message = mail.outbox[0]
    assert message.to == ["ines@cep.test"]
    assert message.subject == "[Horizon Compétences] Un document de synthèse vous est transmis"
    assert f"http://127.0.0.1:8000/partage/{partage_jeton}/" in message.body
    assert "Sophie Durand vous transmet" in message.body
    lien.refresh_from_db()
    assert lien.token_a_envoyer is None and lien.envoye_le is not None
    assert partage_lien_envoyer(lien_id=lien.pk) is False  # sent once
    assert len(mail.outbox) == 1


def test_partage_creer_needs_the_consent_ticked(partage_document, beneficiaire) -> None:
    _refus(
        "consentement_requis",
        partage_creer,
        document=partage_document,
        user=beneficiaire,
        destinataire=CEP,
        consentement_accepte=False,
    )
    assert Partage.objects.count() == LienPartage.objects.count() == 0


@pytest.mark.parametrize(
    ("destinataire", "code"),
    [
        (Destinataire("cep", "Inès Garnier", "", "ines@cep.test"), "destinataire_organisation"),
        (Destinataire("tiers", "  ", "", "a@b.test"), "destinataire_nom"),
        (Destinataire("tiers", "Paul", "", "pas-une-adresse"), "destinataire_email"),
        (Destinataire("employeur", "Paul", "", "a@b.test"), "destinataire_type"),
    ],
)
def test_partage_creer_refuses_an_incomplete_recipient(
    partage_document, beneficiaire, destinataire, code
) -> None:
    _refus(
        code,
        partage_creer,
        document=partage_document,
        user=beneficiaire,
        destinataire=destinataire,
        consentement_accepte=True,
    )
    assert Partage.objects.count() == 0


@pytest.mark.parametrize("persona", ["autre_beneficiaire", "consultant", "admin", "superuser"])
def test_only_the_owner_shares_the_synthese(partage_document, request, persona) -> None:
    _refus(
        "document_non_partageable",
        partage_creer,
        document=partage_document,
        user=request.getfixturevalue(persona),
        destinataire=CEP,
        consentement_accepte=True,
    )
    assert Partage.objects.count() == 0


def test_only_a_synthese_can_be_shared(attestations_bilan, consultant, beneficiaire) -> None:
    attestation = attestation_emettre(bilan=attestations_bilan, slug="fin", acteur=consultant)
    _refus(
        "document_non_partageable",
        partage_creer,
        document=attestation,
        user=beneficiaire,
        destinataire=CEP,
        consentement_accepte=True,
    )


# --- The recipient's link --------------------------------------------------------------------


def test_the_link_shows_the_page_then_serves_one_download(partage_jeton) -> None:
    client = Client()
    page = client.get(_url(partage_jeton))
    assert page.status_code == 200
    assert "Un document de synthèse vous est transmis" in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"
    assert page["Cache-Control"] == "no-store"
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    response = client.post(_url(partage_jeton))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert pdf_valide(contenu(response))
    events = set(AuditEvent.objects.values_list("event", "actor_id"))
    assert {("partage.link_used", None), ("partage.downloaded", None)} <= events


def test_a_used_link_is_refused_the_second_time(partage_jeton) -> None:
    client = Client()
    assert client.post(_url(partage_jeton)).status_code == 200
    second = client.post(_url(partage_jeton))
    assert second.status_code == 410
    assert "Lien déjà utilisé" in second.content.decode()
    assert client.get(_url(partage_jeton)).status_code == 410
    assert AuditEvent.objects.filter(event="partage.downloaded").count() == 1


def test_a_revoked_link_gives_a_clear_refusal(partage_jeton, beneficiaire) -> None:
    partage = partage_revoquer(partage=Partage.objects.get(), user=beneficiaire)
    assert partage.revoque_le is not None
    lien = LienPartage.objects.get()
    assert lien.revoked_at is not None and lien.token_a_envoyer is None
    response = Client().post(_url(partage_jeton))
    html = response.content.decode()
    assert response.status_code == 410
    assert "Partage révoqué" in html
    assert "a retiré son accord" in html
    assert partage_lien_envoyer(lien_id=lien.pk) is False
    assert ("partage.revoked", beneficiaire.pk) in set(
        AuditEvent.objects.values_list("event", "actor_id")
    )


def test_a_revocation_is_refused_twice_and_to_others(
    partage_jeton, beneficiaire, autre_beneficiaire
) -> None:
    partage = Partage.objects.get()
    _refus("partage_inconnu", partage_revoquer, partage=partage, user=autre_beneficiaire)
    assert Partage.objects.get().revoque_le is None
    partage_revoquer(partage=partage, user=beneficiaire)
    _refus("deja_revoque", partage_revoquer, partage=partage, user=beneficiaire)


def test_an_expired_link_is_refused(partage_jeton) -> None:
    with time_machine.travel(time.time(), tick=False) as traveller:
        traveller.shift(datetime.timedelta(days=7, minutes=1))
        response = Client().get(_url(partage_jeton))
        assert response.status_code == 410
        assert "Lien expiré" in response.content.decode()
        _refus("lien_expire", partage_lien_utiliser, token=partage_jeton)
    assert LienPartage.objects.get().used_at is None


def test_an_unknown_link_answers_404() -> None:
    response = Client().post(_url("x" * 43))
    assert response.status_code == 404
    assert "Lien introuvable" in response.content.decode()


def test_the_access_log_never_prints_a_share_token(partage_jeton) -> None:
    line = f'"GET /partage/{partage_jeton}/ HTTP/1.1" 200'
    assert gunicorn_conf.redact(line) == '"GET /partage/…/ HTTP/1.1" 200'


# --- Portal screens ------------------------------------------------------------------------


def test_the_consent_shown_is_the_consent_kept(partage_document, beneficiaire, client_de) -> None:
    client = client_de(beneficiaire)
    url = reverse("portail:partage_creer", args=[partage_document.pk])
    donnees = {
        "type_destinataire": "tiers",
        "destinataire_nom": "Paul Lefèvre",
        "destinataire_organisation": "",
        "destinataire_email": "paul@exemple.test",
    }
    etape2 = client.post(url, donnees)
    assert etape2.status_code == 200
    assert Partage.objects.count() == 0
    texte = etape2.context["texte"]
    assert "Paul Lefèvre" in texte
    refus = client.post(url, {**donnees, "etape": "confirmer"})
    assert refus.status_code == 400
    assert "Cochez la case d&#x27;accord" in refus.content.decode()
    assert Partage.objects.count() == 0
    response = client.post(url, {**donnees, "etape": "confirmer", "accepte": "on"})
    assert response.status_code == 302
    assert Partage.objects.get().consentement_texte == texte


def test_the_form_refuses_a_bad_email(partage_document, beneficiaire, client_de) -> None:
    url = reverse("portail:partage_creer", args=[partage_document.pk])
    response = client_de(beneficiaire).post(
        url, {"type_destinataire": "tiers", "destinataire_nom": "P", "destinataire_email": "x"}
    )
    assert response.status_code == 400
    assert "Indiquez une adresse e-mail valide" in response.content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_for_one_and_three_shares(
    partage_document, beneficiaire, client_de
) -> None:
    client = client_de(beneficiaire)
    url = reverse("portail:partage_liste", args=[partage_document.bilan_id])
    partage_creer(
        document=partage_document, user=beneficiaire, destinataire=CEP, consentement_accepte=True
    )
    client.get(url)
    une = _queries(client, url)
    for _n in range(2):
        partage_creer(
            document=partage_document,
            user=beneficiaire,
            destinataire=CEP,
            consentement_accepte=True,
        )
    partage_revoquer(partage=Partage.objects.first(), user=beneficiaire)
    assert _queries(client, url) == une
    assert client.get(url).content.decode().count("Inès Garnier") >= 3


def test_a_destroyed_file_refuses_the_link_without_spending_it(partage_jeton) -> None:
    document = Partage.objects.get().document
    document.fichier.delete(save=True)  # as the purge does (R6313-7)
    response = Client().post(_url(partage_jeton))
    assert response.status_code == 410
    assert "n&#x27;est plus conservé" in response.content.decode()
    assert LienPartage.objects.get().used_at is None


def test_shares_are_registered_as_proof_for_the_retention_engine() -> None:
    from bilan import retention

    inscrits = {(r.model, r.categorie, r.bilan_path) for r in retention.registrations()}
    assert (Partage, retention.Categorie.PREUVE, "bilan") in inscrits
    assert (LienPartage, retention.Categorie.PREUVE, "partage__bilan") in inscrits


def test_the_purge_of_the_synthese_keeps_the_consent_and_closes_the_link(
    partage_jeton, partage_document
) -> None:
    """The consent is proof (4 years), the synthèse content: the purge takes the file and
    leaves the written consent with the document's reference; the link then answers 410."""
    from django.utils import timezone

    from beneficiaires.models import Bilan
    from bilan.conservation.services.purge import conservation_purger

    reference = partage_document.reference
    Bilan.objects.filter(pk=partage_document.bilan_id).update(
        etat="abandonne", etat_changed_at=timezone.now()
    )
    conservation_purger(maintenant=timezone.now() + datetime.timedelta(days=1))

    partage = Partage.objects.get()
    assert partage.document is None
    assert partage.document_reference == reference
    assert partage.consentement_texte
    assert LienPartage.objects.filter(partage=partage).exists()
    reponse = Client().post(_url(partage_jeton))
    assert reponse.status_code == 410
    assert LienPartage.objects.get(partage=partage).used_at is None


def test_a_missing_file_does_not_spend_the_link(partage_jeton, partage_document) -> None:
    partage_document.fichier.storage.delete(partage_document.fichier.name)
    assert Client().post(_url(partage_jeton)).status_code == 410
    assert LienPartage.objects.get().used_at is None
