"""Reads on users: metadata only (names, roles, dates, statuses)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import Role, User


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


def active_users_per_role() -> dict[str, int]:
    """How many active accounts each role has (the administrators' dashboard)."""
    counts = {role: 0 for role in Role.values}
    rows = User.objects.filter(is_active=True).values("role").annotate(n=Count("id"))
    counts.update({row["role"]: row["n"] for row in rows})
    return counts
