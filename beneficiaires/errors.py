"""The beneficiaries app's one exception type (style.md, rule 2)."""

from __future__ import annotations

from bilan.errors import DomainError


class BilanError(DomainError):
    """Refusals of the beneficiaries and bilans services."""
