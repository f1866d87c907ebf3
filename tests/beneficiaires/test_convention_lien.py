"""The employer's or funder's single-use, expiring signing link (domain.md, The people: "the
employer through a single-use, expiring link that shows only the convention and needs no
account"; Funding: the 10 days run from the transmission)."""

from __future__ import annotations

import datetime
import hashlib
import re
import time
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import override_settings

from beneficiaires.convention import (
    Signe,
    convention_link_issue,
    convention_sign_employer,
    lien_for_token,
)
from beneficiaires.errors import BilanError
from beneficiaires.models import Bilan, Convention, LienSignature, SignatureConvention
from beneficiaires.tasks import convention_lien_send_task
from bilan.audit.models import AuditEvent
from tests.beneficiaires.factories import bilan_engage, convention_record

pytestmark = pytest.mark.django_db

EXPIRE = (
    "Ce lien de signature n'est plus valable. Demandez un nouveau lien à l'organisme qui vous "
    "l'a envoyé."
)
UTILISE = "Ce lien de signature a déjà été utilisé : il ne sert qu'une seule fois."


def _refused(code: str, message: str, call, **kwargs) -> None:
    with pytest.raises(BilanError) as exc:
        call(**kwargs)
    assert (exc.value.code, exc.value.message) == (code, message)


def _colonnes_brutes() -> str:
    """The link rows as the database holds them (the encrypted field decrypts on read)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM beneficiaires_liensignature")
        return str(cursor.fetchall())


def test_convention_link_issue_stores_the_digest_and_the_token_encrypted(
    bilan_convention, consultant
) -> None:
    token = convention_link_issue(bilan=bilan_convention, user=consultant, ip="198.51.100.7")
    lien = LienSignature.objects.get()
    assert len(token) >= 43
    assert lien.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert lien.token_a_envoyer == token  # until its e-mail leaves
    assert token not in _colonnes_brutes()
    assert lien.expires_at - lien.created_at == datetime.timedelta(days=15)
    assert (lien.used_at, lien.revoked_at) == (None, None)
    event = AuditEvent.objects.order_by("pk").last()
    assert (event.event, event.actor_id, event.target_id, event.ip) == (
        "convention.link_issued",
        consultant.pk,
        str(lien.pk),
        "198.51.100.7",
    )


@override_settings(CONVENTION_LIEN_JOURS=3)
def test_convention_link_issue_follows_the_lifetime_setting(bilan_convention, consultant):
    convention_link_issue(bilan=bilan_convention, user=consultant)
    lien = LienSignature.objects.get()
    assert lien.expires_at - lien.created_at == datetime.timedelta(days=3)


def test_convention_link_issue_before_the_provider_signs_is_refused(bilan, consultant) -> None:
    convention_record(bilan_engage(bilan))
    _refused(
        "ordre_signatures",
        "L'organisme doit signer la convention avant l'envoi du lien de signature.",
        convention_link_issue,
        bilan=bilan,
        user=consultant,
    )
    assert LienSignature.objects.count() == 0


def test_convention_link_issue_by_another_consultant_is_refused(
    bilan_convention, autre_consultant
) -> None:
    _refused(
        "not_assigned",
        "Vous n'êtes pas le consultant chargé de ce bilan.",
        convention_link_issue,
        bilan=bilan_convention,
        user=autre_consultant,
    )
    assert LienSignature.objects.count() == 0


def test_a_new_link_revokes_the_previous_one(bilan_convention, consultant) -> None:
    old = convention_link_issue(bilan=bilan_convention, user=consultant)
    new = convention_link_issue(bilan=bilan_convention, user=consultant)
    _refused("lien_expire", EXPIRE, convention_sign_employer, token=old, signataire_nom="M. R.")
    assert SignatureConvention.objects.filter(role="employeur").count() == 0
    assert convention_sign_employer(token=new, signataire_nom="Marc Rivière").role == "employeur"


def test_convention_link_issue_enqueues_the_email_on_commit(
    bilan_convention, consultant, django_capture_on_commit_callbacks
) -> None:
    sent: list[dict] = []
    with (
        mock.patch.object(convention_lien_send_task, "delay", lambda **kw: sent.append(kw)),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        token = convention_link_issue(bilan=bilan_convention, user=consultant)
    assert len(callbacks) == 1
    lien = LienSignature.objects.get()
    assert sent == [{"lien_id": lien.pk}]  # the message carries no token
    assert mail.outbox == []
    assert convention_lien_send_task(**sent[0]) is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rh@transports-riviere.test"]
    assert message.subject == "[Horizon Compétences] Convention de bilan de compétences à signer"
    assert f"http://127.0.0.1:8000/signature/convention/{token}/" in message.body
    assert "Bonjour Marc Rivière," in message.body
    assert "Votre signature vaut transmission de la convention au salarié." in message.body
    html = message.alternatives[0][0]
    assert f'href="http://127.0.0.1:8000/signature/convention/{token}/"' in html


def test_convention_lien_send_skips_a_replaced_link(bilan_convention, consultant) -> None:
    old = convention_link_issue(bilan=bilan_convention, user=consultant)
    convention_link_issue(bilan=bilan_convention, user=consultant)
    old_lien = LienSignature.objects.order_by("pk").first()
    assert old_lien.token_hash == hashlib.sha256(old.encode()).hexdigest()
    assert old_lien.token_a_envoyer is None  # blanked when replaced
    assert convention_lien_send_task(lien_id=old_lien.pk) is False
    assert mail.outbox == []


def test_convention_lien_send_blanks_the_token_once_sent(bilan_convention, consultant) -> None:
    token = convention_link_issue(bilan=bilan_convention, user=consultant)
    lien = LienSignature.objects.get()
    assert convention_lien_send_task(lien_id=lien.pk) is True
    lien.refresh_from_db()
    assert (lien.token_a_envoyer, lien.token_hash) == (
        None,
        hashlib.sha256(token.encode()).hexdigest(),
    )
    assert lien_for_token(token=token).pk == lien.pk  # still found by its digest
    assert convention_lien_send_task(lien_id=lien.pk) is False  # sent once
    assert len(mail.outbox) == 1


def test_convention_lien_send_of_an_expired_link_sends_nothing_and_blanks_it(
    bilan_convention, consultant
) -> None:
    convention_link_issue(bilan=bilan_convention, user=consultant)
    lien = LienSignature.objects.get()
    debut = lien.created_at - datetime.timedelta(days=20)
    LienSignature.objects.filter(pk=lien.pk).update(
        created_at=debut, expires_at=debut + datetime.timedelta(days=15)
    )
    assert convention_lien_send_task(lien_id=lien.pk) is False
    assert mail.outbox == []
    assert LienSignature.objects.get().token_a_envoyer is None


def test_convention_sign_employer_blanks_an_unsent_token(bilan_convention, consultant) -> None:
    token = convention_link_issue(bilan=bilan_convention, user=consultant)
    convention_sign_employer(token=token, signataire_nom="Marc Rivière")
    assert LienSignature.objects.get().token_a_envoyer is None


def test_convention_sign_employer_consumes_the_link_and_transmits(lien_employeur) -> None:
    before = time.time()
    signature = convention_sign_employer(
        token=lien_employeur,
        signataire_nom="  Marc Rivière ",
        signe=Signe(ip="192.0.2.44", user_agent="Edge/130"),
    )
    stored = SignatureConvention.objects.get(pk=signature.pk)
    assert (stored.role, stored.signataire_id, stored.signataire_nom) == (
        "employeur",
        None,
        "Marc Rivière",
    )
    assert (stored.ip, stored.user_agent) == ("192.0.2.44", "Edge/130")
    provider = SignatureConvention.objects.get(role="prestataire")
    assert stored.empreinte == provider.empreinte  # the same convention, unchanged
    lien = LienSignature.objects.get()
    convention = Convention.objects.get()
    assert lien.used_at == convention.transmise_at == stored.signe_at
    assert stored.signe_at.timestamp() >= before
    event = AuditEvent.objects.order_by("pk").last()
    assert (event.event, event.actor_id, event.target_id, event.ip) == (
        "convention.signed",
        None,
        str(stored.pk),
        "192.0.2.44",
    )


def test_an_employer_link_reused_is_refused(lien_employeur) -> None:
    convention_sign_employer(token=lien_employeur, signataire_nom="Marc Rivière")
    before = AuditEvent.objects.count()
    _refused(
        "lien_utilise",
        UTILISE,
        convention_sign_employer,
        token=lien_employeur,
        signataire_nom="Quelqu'un d'autre",
    )
    assert SignatureConvention.objects.filter(role="employeur").count() == 1
    assert AuditEvent.objects.count() == before


def test_an_employer_link_expires_after_15_days(bilan_convention, consultant) -> None:
    with time_machine.travel(time.time(), tick=False) as traveller:
        token = convention_link_issue(bilan=bilan_convention, user=consultant)
        traveller.shift(datetime.timedelta(days=15, seconds=-1))
        assert lien_for_token(token=token).token_hash
        traveller.shift(datetime.timedelta(seconds=1))
        _refused(
            "lien_expire", EXPIRE, convention_sign_employer, token=token, signataire_nom="M. R."
        )
    assert Convention.objects.get().transmise_at is None
    assert LienSignature.objects.get().used_at is None


def test_an_unknown_employer_link_is_refused(lien_employeur) -> None:
    _refused(
        "lien_inconnu",
        "Ce lien de signature n'existe pas.",
        convention_sign_employer,
        token=lien_employeur + "x",
        signataire_nom="Marc Rivière",
    )
    assert SignatureConvention.objects.filter(role="employeur").count() == 0


def test_an_employer_signature_without_a_name_is_refused(lien_employeur) -> None:
    _refused(
        "signataire_requis",
        "Indiquez vos nom et prénom pour signer la convention.",
        convention_sign_employer,
        token=lien_employeur,
        signataire_nom="   ",
    )
    assert LienSignature.objects.get().used_at is None
    assert Convention.objects.get().transmise_at is None


def test_an_ended_bilan_tells_the_employer_only_that_it_was_not_signed(
    lien_employeur, bilan_convention, consultant
) -> None:
    from beneficiaires.services import bilan_transition

    bilan_transition(bilan=bilan_convention, vers="refuse", by=consultant)
    _refused(
        "convention_non_signee",
        "La convention n'a pas été signée.",
        convention_sign_employer,
        token=lien_employeur,
        signataire_nom="Marc Rivière",
    )


def test_convention_audit_log_keeps_neither_the_token_nor_the_name(lien_employeur) -> None:
    convention_sign_employer(token=lien_employeur, signataire_nom="Marc Rivière")
    rows = str(list(AuditEvent.objects.values()))
    assert lien_employeur not in rows
    assert "Marc" not in rows
    assert re.search(r"Rivi", rows) is None
    assert Bilan.objects.count() == 1
