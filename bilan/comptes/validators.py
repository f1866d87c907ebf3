"""Password rule: no composition rules, but the obvious words are refused."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


class ForbiddenWordsValidator:
    """Refuse a password containing "bilan" or the organisation's name (issue: foundation)."""

    def words(self) -> list[str]:
        return [w for w in (_fold("bilan"), _fold(settings.ORGANISATION_NOM)) if w]

    def validate(self, password: str, user: Any = None) -> None:
        folded = _fold(password)
        if any(word in folded for word in self.words()):
            raise ValidationError(
                _("Le mot de passe ne doit contenir ni le mot « bilan » ni le nom de l'organisme."),
                code="password_forbidden_word",
            )

    def get_help_text(self) -> str:
        return _("Votre mot de passe ne doit contenir ni « bilan » ni le nom de l'organisme.")
