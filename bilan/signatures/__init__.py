"""Signatures as authenticated acts bound to what was signed (domain.md, Attendance: Code civil
1366-1367).

A signed document or row is reduced to a canonical serialisation whose SHA-256 is stored with
the signature; recomputing it later tells "intact" from "altered".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping


def empreinte(donnees: Mapping[str, object]) -> str:
    """The SHA-256 (hex) of the canonical JSON of ``donnees``: sorted keys, no spaces, UTF-8.

    Dates, decimals and other values are serialised with ``str``; the same data always gives
    the same digest, and any change of a value or a key changes it.
    """
    canonique = json.dumps(
        donnees, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonique.encode("utf-8")).hexdigest()
