"""The investigation tools' one exception type (style.md, rule 2)."""

from __future__ import annotations

from bilan.errors import DomainError


class OutilsError(DomainError):
    """Refusals of the tools' services: a stable code and a French message."""
