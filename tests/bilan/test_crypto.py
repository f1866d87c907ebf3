"""Encrypted content fields (issue: foundation, point 10; domain.md, Confidentiality)."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.test import override_settings

from bilan import crypto
from tests.exemple.models import Carnet
from tests.factories import TOTP_SECRET

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Je souhaite quitter mon poste de comptable pour devenir ébéniste."


def _raw(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT texte FROM exemple_carnet WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.fixture(autouse=True)
def _fresh_keys():
    crypto.reset_key_cache()
    yield
    crypto.reset_key_cache()


def test_encrypted_field_raw_column_never_shows_the_clear_text(beneficiaire) -> None:
    carnet = Carnet.objects.create(beneficiaire=beneficiaire, texte=SECRET_TEXT)
    raw = _raw(carnet.pk)
    assert raw.startswith("fernet:")
    assert "ébéniste" not in raw and "comptable" not in raw
    assert Carnet.objects.get(pk=carnet.pk).texte == SECRET_TEXT


def test_encrypted_field_same_text_gives_different_ciphertexts(beneficiaire) -> None:
    a = Carnet.objects.create(beneficiaire=beneficiaire, texte=SECRET_TEXT)
    b = Carnet.objects.create(beneficiaire=beneficiaire, texte=SECRET_TEXT)
    assert _raw(a.pk) != _raw(b.pk)


def test_encrypted_field_keeps_empty_text_empty(beneficiaire) -> None:
    carnet = Carnet.objects.create(beneficiaire=beneficiaire, texte="")
    assert _raw(carnet.pk) == ""


def test_encrypted_field_refuses_content_lookups() -> None:
    with pytest.raises(Exception, match="Unsupported lookup 'icontains'"):
        list(Carnet.objects.filter(texte__icontains="ébéniste"))


def test_encryption_key_is_not_derived_from_secret_key(beneficiaire, settings) -> None:
    carnet = Carnet.objects.create(beneficiaire=beneficiaire, texte=SECRET_TEXT)
    settings.SECRET_KEY = "une-toute-autre-clé-secrète-de-django-0123456789abcdefghij"
    crypto.reset_key_cache()
    assert Carnet.objects.get(pk=carnet.pk).texte == SECRET_TEXT


def test_key_rotation_reencrypts_with_the_new_key_and_drops_the_old(
    beneficiaire, consultant, settings
) -> None:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    old_key = settings.CONTENT_ENCRYPTION_KEYS[0]
    codes = RecoveryCodes.activate(consultant).get_unused_codes()
    carnet = Carnet.objects.create(beneficiaire=beneficiaire, texte=SECRET_TEXT)
    before = _raw(carnet.pk)
    new_key = Fernet.generate_key().decode()
    with override_settings(CONTENT_ENCRYPTION_KEYS=[new_key, old_key]):
        crypto.reset_key_cache()
        assert crypto.rotate_all() >= 1
    assert _raw(carnet.pk) != before
    with override_settings(CONTENT_ENCRYPTION_KEYS=[new_key]):
        crypto.reset_key_cache()
        assert Carnet.objects.get(pk=carnet.pk).texte == SECRET_TEXT
        # The second factors were rotated too: their secrets still read.
        from allauth.mfa.models import Authenticator

        auth = Authenticator.objects.get(user=consultant, type=Authenticator.Type.TOTP)
        assert crypto.decrypt_text(auth.data["secret"]) == TOTP_SECRET
        recovery = Authenticator.objects.get(
            user=consultant, type=Authenticator.Type.RECOVERY_CODES
        )
        assert RecoveryCodes(recovery).get_unused_codes() == codes


def test_unknown_key_gives_a_clear_configuration_error(beneficiaire) -> None:
    carnet = Carnet.objects.create(beneficiaire=beneficiaire, texte=SECRET_TEXT)
    with override_settings(CONTENT_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]):
        crypto.reset_key_cache()
        with pytest.raises(Exception, match="aucune des clés"):
            Carnet.objects.get(pk=carnet.pk)


def test_mfa_secret_is_stored_encrypted(consultant) -> None:
    from allauth.mfa.models import Authenticator

    data = Authenticator.objects.get(user=consultant, type=Authenticator.Type.TOTP).data
    assert data["secret"].startswith("fernet:")
