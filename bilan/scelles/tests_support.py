"""Helpers for the tests: what pyHanko says of a sealed PDF."""

from __future__ import annotations

from .services import _seal_status


def pdf_valide(pdf: bytes) -> bool:
    """pyHanko: the organisation's seal is intact, valid, trusted and covers the whole file."""
    return _seal_status(pdf) == "ours"
