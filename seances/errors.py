"""The sessions app's one exception type (style.md, rule 2)."""

from __future__ import annotations

from bilan.errors import DomainError


class SeanceError(DomainError):
    """Refusals of the sessions services: a stable code and a French message."""
