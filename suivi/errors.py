"""The follow-up app's one exception type (style.md, rule 2)."""

from __future__ import annotations

from bilan.errors import DomainError


class SuiviError(DomainError):
    """Refusals of the follow-up services: a stable code and a French message."""
