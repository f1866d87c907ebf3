"""Writes on users: creation, deactivation, and the end of their sessions."""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bilan.audit.services import audit_record
from bilan.errors import DomainError

from .models import Role, User, UserSession

LOGIN_AT_KEY = "bilan_login_at"
REGISTERED_KEY = "bilan_session_registered"


class ComptesError(DomainError):
    """Refusals of the accounts services."""


def now_timestamp() -> float:
    return timezone.now().timestamp()


def user_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    created_by: User | None = None,
    ip: str | None = None,
    send_invitation: bool = True,
) -> User:
    """Create an account with no password; the person sets it from an e-mailed link."""
    email = email.strip().lower()
    if role not in Role.values:
        raise ComptesError("role_invalid", _("Ce rôle n'existe pas."))
    try:
        validate_email(email)  # before any query: PostgreSQL refuses a NUL byte even there
    except ValidationError:
        raise ComptesError("email_invalid", _("Cette adresse e-mail n'est pas valide.")) from None
    if User.objects.filter(email__iexact=email).exists():
        raise ComptesError("email_taken", _("Un compte existe déjà avec cette adresse e-mail."))
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email, first_name=first_name.strip(), last_name=last_name.strip(), role=role
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            audit_record(event="user.created", actor=created_by, target=user, ip=ip)
    except IntegrityError as exc:  # the same address submitted twice at once
        raise ComptesError(
            "email_taken", _("Un compte existe déjà avec cette adresse e-mail.")
        ) from exc
    if send_invitation:
        from .tasks import user_invitation_send_task

        transaction.on_commit(lambda: user_invitation_send_task.delay(user_id=user.pk))
    return user


def user_invitation_send(*, user_id: int) -> None:
    """E-mail a new account its one-hour, single-use link to choose a password."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password():
        return  # gone, or already set up: nothing to send twice
    key = default_token_generator.make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    context = {
        "user": user,
        "lien": settings.BILAN_BASE_URL.rstrip("/") + path,
        "organisation": settings.ORGANISATION_NOM,
    }
    send_mail(
        subject=_("[%(org)s] Votre compte a été créé") % {"org": settings.ORGANISATION_NOM},
        message=render_to_string("comptes/email/invitation.txt", context),
        html_message=render_to_string("comptes/email/invitation.html", context),
        from_email=None,
        recipient_list=[user.email],
    )


def user_sessions_end(*, user: User, keep_session_key: str | None = None) -> int:
    """End every open session of ``user`` (but ``keep_session_key``); return how many."""
    rows = UserSession.objects.filter(user=user)
    if keep_session_key:
        rows = rows.exclude(session_key=keep_session_key)
    keys = list(rows.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    rows.delete()
    return len(keys)


def user_deactivate(*, user: User, by: User, ip: str | None = None) -> None:
    """Deactivate an account: every session of it ends at once (issue: foundation)."""
    if user.pk == by.pk:
        raise ComptesError(
            "self_deactivation", _("Vous ne pouvez pas désactiver votre propre compte.")
        )
    if not user.is_active:
        raise ComptesError("already_inactive", _("Ce compte est déjà désactivé."))
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        user_sessions_end(user=user)
        audit_record(event="user.deactivated", actor=by, target=user, ip=ip)


def user_reactivate(*, user: User, by: User, ip: str | None = None) -> None:
    """Reactivate an account; the person logs in again."""
    if user.is_active:
        raise ComptesError("already_active", _("Ce compte est déjà actif."))
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(event="user.reactivated", actor=by, target=user, ip=ip)


def session_register(*, user: User, session_key: str) -> None:
    """Remember that ``session_key`` belongs to ``user`` (called at login)."""
    UserSession.objects.update_or_create(session_key=session_key, defaults={"user": user})


def session_forget(*, session_key: str) -> None:
    UserSession.objects.filter(session_key=session_key).delete()


def sessions_clear_expired() -> int:
    """Delete expired sessions and the links to them; return how many links went."""
    Session.objects.filter(expire_date__lt=timezone.now()).delete()
    live = Session.objects.values("session_key")
    deleted, _unused = UserSession.objects.exclude(session_key__in=live).delete()
    return deleted
