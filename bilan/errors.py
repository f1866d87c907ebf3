"""The base of every app's domain exception: a stable code and a French message."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused an action; nothing was changed.

    ``code`` is stable (tests and logs rely on it); ``message`` is French, for the user.
    Each app subclasses it once (``ComptesError``, ``BilanError``...).
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
