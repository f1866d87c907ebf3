"""The conservation app's one exception: a stable code and a French message."""

from __future__ import annotations


class ConservationError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
