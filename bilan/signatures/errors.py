"""The signatures module's one exception type (style.md, rule 2)."""

from __future__ import annotations

from bilan.errors import DomainError


class SignatureError(DomainError):
    """Refusals of the one-time codes; apps re-raise them as their own error, same code."""
