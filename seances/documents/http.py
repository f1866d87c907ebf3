"""The HTTP response of a working document: never cached, never sniffed, a safe file name.

Preview (``apercu``): PDFs and images are shown by the browser (``inline``), office
documents are always downloaded. Images, and every download, carry
``Content-Security-Policy: sandbox`` (no script, no same-origin access, whatever the
bytes). An inline PDF does not: Chromium and Safari refuse to start their PDF viewer in a
sandboxed document (crbug.com/413851: no sandbox token re-enables it), so a sandboxed
preview is a blank page. Its policy forbids framing, forms and any load instead; the
bytes were checked to start as a PDF and are served as such, with ``nosniff``.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

from .models import Document

CSP_SANDBOX = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
CSP_PDF = "default-src 'none'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'"
_INTERDITS = re.compile(r'[\x00-\x1f\x7f"\\/;:*?<>|%]+')
_NON_ASCII_SUR = re.compile(r"[^A-Za-z0-9._ -]+")
NOM_MAX = 100


def nom_fichier(document: Document) -> str:
    """The original name's stem (no path, no control or quoting character), with the
    extension of the format found in the bytes, never the one given."""
    base = re.split(r"[/\\]", document.nom_original or "")[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.strip(".") else base
    stem = _INTERDITS.sub("_", unicodedata.normalize("NFC", stem)).strip(" ._")[:NOM_MAX]
    return f"{stem or 'document'}.{document.format_info.extension}"


def content_disposition(nom: str, *, inline: bool) -> str:
    """RFC 6266 with an ASCII fallback and the UTF-8 name in RFC 5987 form."""
    stem, extension = nom.rsplit(".", 1)
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    ascii_nom = f"{_NON_ASCII_SUR.sub('_', ascii_stem).strip(' ._') or 'document'}.{extension}"
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{ascii_nom}\"; filename*=UTF-8''{quote(nom, safe='')}"


def document_reponse(*, document: Document, contenu: bytes, apercu: bool) -> HttpResponse:
    fmt = document.format_info
    inline = apercu and fmt.apercu
    response = HttpResponse(contenu, content_type=fmt.mime)
    response["Content-Disposition"] = content_disposition(nom_fichier(document), inline=inline)
    response["Content-Length"] = str(len(contenu))
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Content-Security-Policy"] = CSP_PDF if inline and fmt.code == "pdf" else CSP_SANDBOX
    return response
