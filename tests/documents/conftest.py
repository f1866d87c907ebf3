"""Documents fixtures: every test stores its files in a MEDIA_ROOT of its own."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _media(documents_media: Path) -> Path:
    return documents_media


def fichiers_stockes(media: Path) -> list[Path]:
    """Every file under the storage's root (none when nothing was stored)."""
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def zip_de(entrees: dict[str, bytes]) -> bytes:
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        for nom, contenu in entrees.items():
            archive.writestr(nom, contenu)
    return tampon.getvalue()


def docx() -> bytes:
    return zip_de(
        {
            "[Content_Types].xml": b"<Types/>",
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document/>",
        }
    )


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
