"""Helpers of the end-of-bilan documents' and shares' tests: a PDF's text, a copy with one
byte changed."""

from __future__ import annotations

import io


def texte_pdf(pdf: bytes) -> str:
    """Every page's text, as pypdf extracts it, spaces collapsed."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def octet_modifie(pdf: bytes) -> bytes:
    """The same file with one byte changed inside its first page's content, far from the
    seal: what a forger changing one figure would do."""
    data = bytearray(pdf)
    position = len(data) // 3
    data[position] ^= 0x01
    return bytes(data)


def contenu(response) -> bytes:  # noqa: ANN001 - a FileResponse or an HttpResponse
    return b"".join(response.streaming_content) if response.streaming else response.content
