"""Object permissions on confidential content (domain.md, Confidentiality and data).

Content is read only by the beneficiary and the assigned consultant. Every content model
has direct foreign-key permission models (django-guardian), so that the purge leaves no
orphan permission. Permissions are granted and revoked only by the service that assigns
or ends the relation, in its transaction (style.md, rule 4).

Django and guardian give every permission to superusers; content reads never rely on
that: :func:`content_visible_to` returns nothing for administrators and superusers.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import QuerySet
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from bilan.comptes.models import Role, User


def may_read_content(user: User | AnonymousUser) -> bool:
    """Only active beneficiaries and consultants may ever read bilan content."""
    return bool(
        user.is_authenticated
        and user.is_active
        and not user.is_superuser
        and user.role in (Role.BENEFICIAIRE, Role.CONSULTANT)
    )


def content_visible_to(user: User | AnonymousUser, queryset: QuerySet, perm: str) -> QuerySet:
    """The rows of ``queryset`` on which ``user`` holds the object permission ``perm``.

    Nothing for anonymous users, administrators and superusers, whatever their flags;
    global (model-level) permissions are ignored.
    """
    if not may_read_content(user):
        return queryset.none()
    # Guardian is given the model, not ``queryset``: given a queryset, it repeats the
    # queryset's own filters inside the permission subquery (a second scan of the rows, for
    # nothing). Both conditions stay in the one SQL statement, ANDed.
    visible = get_objects_for_user(
        user,
        perm,
        klass=queryset.model,
        with_superuser=False,
        accept_global_perms=False,
        use_groups=False,  # no service manages groups: access is personal
    )
    return queryset & visible


def content_grant(*, user: User, obj: models.Model, perms: Iterable[str]) -> None:
    """Grant object permissions; call it only from the service that links ``user``."""
    for perm in perms:
        assign_perm(perm, user, obj)


def content_revoke(*, user: User, obj: models.Model, perms: Iterable[str]) -> None:
    """Revoke object permissions; call it only from the service that unlinks ``user``."""
    for perm in perms:
        remove_perm(perm, user, obj)
