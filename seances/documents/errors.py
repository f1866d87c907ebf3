"""The working documents' one exception type (style.md, rule 2)."""

from __future__ import annotations

from bilan.errors import DomainError


class DocumentError(DomainError):
    """Refusals of the documents services: a stable code and a French message."""
