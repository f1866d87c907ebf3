"""allauth adapters: accounts are created by the organisation, MFA secrets are encrypted."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from bilan.crypto import decrypt_text, encrypt_text

from .services import LOGIN_AT_KEY, now_timestamp

# A password typed this recently counts as a fresh one for the mandatory MFA set-up.
FRESH_LOGIN_SECONDS = 5 * 60


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are opened by the organisation (an administrator or a consultant).
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """No second password prompt for the forced MFA set-up just after the login."""
        request = context.request
        if (
            app == "allauth.mfa"
            and request is not None
            and request.user.is_authenticated
            and request.user.requires_mfa
            and not Authenticator.objects.filter(user=request.user).exists()
            and now_timestamp() - request.session.get(LOGIN_AT_KEY, 0) < FRESH_LOGIN_SECONDS
        ):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


class MfaAdapter(DefaultMFAAdapter):
    """TOTP secrets are stored encrypted with the content keys, not in clear."""

    def encrypt(self, text: str) -> str:
        return encrypt_text(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_text(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Consultants and administrators may replace their second factor, never drop it.
        return not authenticator.user.requires_mfa
