"""The sealing service's error, with stable codes (style.md, rule 2)."""

from __future__ import annotations


class ScellementError(Exception):
    MESSAGES = {
        "stockage": "Le document n'a pas pu être enregistré. Réessayez plus tard ; "
        "si le problème persiste, prévenez l'administrateur.",
        "rendu": "Le document n'a pas pu être produit.",
    }

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(self.MESSAGES.get(code, code))
