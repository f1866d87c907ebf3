"""How django-axes finds the login of an attempt, whatever form sent it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def username_from_attempt(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The e-mail typed, lower-cased, from the credentials or the allauth login form."""
    credentials = credentials or {}
    login = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not login and request is not None:
        login = request.POST.get("login", "")
    return str(login or "").strip().lower()
