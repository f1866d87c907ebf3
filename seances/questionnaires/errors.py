"""The questionnaires app's one exception type (style.md, rule 2)."""

from __future__ import annotations

from bilan.errors import DomainError


class QuestionnaireError(DomainError):
    """Refusals of the questionnaires services: a stable code and a French message."""
