"""allauth adapters: accounts are created by the organisation, MFA secrets are encrypted."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from bilan.crypto import decrypt_text, encrypt_text


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are opened by the organisation (an administrator or a consultant).
        return False


class MfaAdapter(DefaultMFAAdapter):
    """TOTP secrets are stored encrypted with the content keys, not in clear."""

    def encrypt(self, text: str) -> str:
        return encrypt_text(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_text(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Consultants and administrators may replace their second factor, never drop it.
        return not authenticator.user.requires_mfa
