"""Session limits, the MFA obligation and the no-cache rule, applied on every request."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from . import services
from .services import LOGIN_AT_KEY, REGISTERED_KEY, now_timestamp

# Names a consultant or administrator without a second factor may still reach.
MFA_SETUP_URL_NAMES = frozenset(
    {"account_logout", "account_reauthenticate", "mfa_reauthenticate", "mfa_index"}
)


class NoStoreMiddleware:
    """No page of the platform is kept by a browser or a proxy cache, unless its view says so.

    A synthèse, notes or a dossier left in the disk cache of a shared or stolen computer
    would outlive the session (issue 9, point 3). Static files never reach this middleware:
    WhiteNoise answers them before it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


class AbsoluteSessionLimitMiddleware:
    """End a session 12 hours after the login, whatever the activity (issue: foundation)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            login_at = request.session.get(LOGIN_AT_KEY)
            if login_at is None or now_timestamp() - login_at > settings.SESSION_ABSOLUTE_MAX_AGE:
                logout(request)
                messages.info(request, _("Votre session a expiré. Merci de vous reconnecter."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class SessionRegistryMiddleware:
    """Keep the list of a user's sessions true when Django changes the key.

    The key changes at login and when the password changes (update_session_auth_hash);
    ending "all the sessions of a user" relies on this list.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = request.session
        key = session.session_key
        if (
            user is not None
            and user.is_authenticated
            and key
            and session.get(REGISTERED_KEY) != key
        ):
            services.session_register(user=user, session_key=key)
            session[REGISTERED_KEY] = key
        return response


# The idle expiry is renewed by saving the session; once a minute is enough (30 min ± 1).
SESSION_REFRESH_SECONDS = 60
SESSION_SEEN_KEY = "_vue_a"
# Set once the user is known to hold a TOTP: staff cannot remove it (adapter), and a change
# of second factor ends the other sessions; saves one query on every staff request.
TOTP_KNOWN_KEY = "_totp_actif"


class SessionIdleRefreshMiddleware:
    """Renew a logged-in session's idle expiry at most once a minute (domain: 30 min idle).

    Django's SESSION_SAVE_EVERY_REQUEST wrote the session row on every page (an UPDATE and a
    commit); the expiry moves the same, a minute at most behind.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = now_timestamp()
            if now - request.session.get(SESSION_SEEN_KEY, 0) >= SESSION_REFRESH_SECONDS:
                request.session[SESSION_SEEN_KEY] = now  # marks the session to be saved
        return response


class MfaRequiredMiddleware:
    """A consultant or administrator without TOTP reaches nothing but its set-up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.requires_mfa
            and request.session.get(TOTP_KNOWN_KEY) != user.pk
            and not _allowed(request)
        ):
            from allauth.mfa.models import Authenticator

            if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                request.session[TOTP_KNOWN_KEY] = user.pk
            else:
                messages.warning(
                    request,
                    _(
                        "La double authentification est obligatoire pour votre rôle : "
                        "activez-la pour continuer."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)


def _allowed(request: HttpRequest) -> bool:
    if request.path.startswith(settings.STATIC_URL):
        return True
    try:
        name = resolve(request.path_info).url_name or ""
    except Resolver404:
        return True  # the 404 page itself tells nothing
    return name in MFA_SETUP_URL_NAMES or name.startswith("mfa_")
