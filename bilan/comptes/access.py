"""Role checks for views: anonymous users go to the login page, other roles get 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import Role, User


def has_role(user: User, roles: tuple[str, ...]) -> bool:
    """A superuser counts as an administrator and as nothing else (domain.md, The people)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_administrateur:
        return Role.ADMINISTRATEUR in roles
    return user.role in roles


def role_required(
    *roles: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


consultant_required = role_required(Role.CONSULTANT)
beneficiaire_required = role_required(Role.BENEFICIAIRE)
administrateur_required = role_required(Role.ADMINISTRATEUR)
