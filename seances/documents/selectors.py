"""Reads of the working documents, scoped to the user (style.md, rule 3; domain.md,
Confidentiality: content for the beneficiary and the assigned consultant only)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from bilan.comptes.models import User
from bilan.permissions import content_visible_to

from .models import Document


def documents_visible_to(user: User | AnonymousUser) -> QuerySet[Document]:
    """The documents ``user`` may read: the object permission and the relation both hold
    (the bilan's consultant, or its beneficiary); nothing for administrators."""
    documents = content_visible_to(user, Document.objects.all(), "documents.view_document")
    if getattr(user, "is_consultant", False):
        return documents.filter(bilan__consultant=user)
    if getattr(user, "is_beneficiaire", False):
        return documents.filter(bilan__beneficiaire__user=user)
    return documents.none()
