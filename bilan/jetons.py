"""The tokens of the single-use links (employer's signature, share, 360° survey, à-froid
survey, data export, agenda feed): only their SHA-256 is stored, so a database copy opens
no link (domain.md, Confidentiality and data)."""

from __future__ import annotations

import hashlib


def token_hash(token: str) -> str:
    """The stored form of a link's token (hex SHA-256); an empty token hashes too."""
    return hashlib.sha256((token or "").encode("utf-8")).hexdigest()
