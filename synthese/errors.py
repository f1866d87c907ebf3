"""The synthèse app's one exception type (style.md, rule 2)."""

from __future__ import annotations

from bilan.errors import DomainError


class SyntheseError(DomainError):
    """Refusals of the synthèse services: a stable code and a French message."""
