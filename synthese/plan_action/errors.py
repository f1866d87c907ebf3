"""The action plan's one exception type (style.md, rule 2)."""

from __future__ import annotations

from bilan.errors import DomainError


class PlanActionError(DomainError):
    """Refusals of the action plan's services: a stable code and a French message."""
