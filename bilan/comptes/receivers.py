"""Authentication events go to the audit log; a credential change ends the other sessions.

Receivers only translate a signal into one service call: no rule lives here.
"""

from __future__ import annotations

from typing import Any

from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.signals import (
    authentication_failed,
    authenticator_added,
    authenticator_removed,
    authenticator_reset,
)
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from bilan.audit.services import audit_record, client_ip

from . import services


@receiver(user_logged_in)
def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None:
        return
    request.session[services.LOGIN_AT_KEY] = services.now_timestamp()
    if request.session.session_key is None:
        request.session.save()
    services.session_register(user=user, session_key=request.session.session_key)
    request.session[services.REGISTERED_KEY] = request.session.session_key
    audit_record(event="auth.login", actor=user, target=user, ip=client_ip(request))


@receiver(user_logged_out)
def on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or user is None:
        return
    if request.session.session_key:
        services.session_forget(session_key=request.session.session_key)
    audit_record(event="auth.logout", actor=user, target=user, ip=client_ip(request))


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The typed login is a value: it is never written; the account, if any, is the target.
    login = credentials.get("email") or credentials.get("username") or ""
    target = get_user_model().objects.filter(email__iexact=str(login)).first()
    audit_record(
        event="auth.login_failed",
        target=target,
        ip=client_ip(request) if request is not None else None,
    )


@receiver(user_locked_out)
def on_locked_out(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    target = get_user_model().objects.filter(email__iexact=username or "").first()
    audit_record(event="auth.lockout", target=target, ip=ip_address)


@receiver([password_changed, password_set, password_reset])
def on_password_changed(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    keep = request.session.session_key if request.user.is_authenticated else None
    services.user_sessions_end(user=user, keep_session_key=keep)
    audit_record(event="auth.password_changed", actor=user, target=user, ip=client_ip(request))


@receiver([authenticator_added, authenticator_removed, authenticator_reset])
def on_mfa_changed(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    services.user_sessions_end(user=user, keep_session_key=request.session.session_key)
    audit_record(event="auth.mfa_changed", actor=user, target=user, ip=client_ip(request))


@receiver(authentication_failed)
def on_mfa_failed(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(event="auth.mfa_failed", target=user, ip=client_ip(request))
