"""Reads on users: metadata only (names, roles, dates, statuses)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import User


def users_for_administration(
    *, role: str = "", search: str = "", active: str = ""
) -> QuerySet[User]:
    """The users list of the administrators' area; never any bilan content."""
    users = User.objects.only(
        "id",
        "email",
        "first_name",
        "last_name",
        "role",
        "is_active",
        "is_superuser",
        "date_joined",
        "last_login",
    ).order_by("last_name", "first_name", "id")
    if role:
        users = users.filter(role=role)
    if active in {"oui", "non"}:
        users = users.filter(is_active=(active == "oui"))
    if search:
        users = users.filter(
            Q(email__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
        )
    return users
