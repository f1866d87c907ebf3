"""What a working document is, read from its bytes (issue 11, point 6: type checked by
content), never from its name nor from the MIME type the browser sends.

Accepted: PDF, PNG, JPEG, WebP, Office Open XML (.docx, .xlsx, .pptx) and OpenDocument
(.odt, .ods, .odp). Refused with a reason: programs (Windows, Linux, macOS headers), web
pages and SVG images (they carry scripts), legacy Office files (OLE containers: macros
hide there and nothing cheap tells them apart), Office files with macros, anything else.
ZIP containers are only listed and one small entry read (``mimetype``): nothing is
extracted, so a compressed bomb costs nothing.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .errors import DocumentError


@dataclass(frozen=True)
class Format:
    code: str
    libelle: str
    mime: str
    extension: str
    apercu: bool  # shown in the browser (PDF, images); office documents are downloaded


PDF = Format("pdf", "PDF", "application/pdf", "pdf", True)
PNG = Format("png", "image PNG", "image/png", "png", True)
JPEG = Format("jpeg", "image JPEG", "image/jpeg", "jpg", True)
WEBP = Format("webp", "image WebP", "image/webp", "webp", True)
_OOXML = "application/vnd.openxmlformats-officedocument."
DOCX = Format("docx", "Word", _OOXML + "wordprocessingml.document", "docx", False)
XLSX = Format("xlsx", "Excel", _OOXML + "spreadsheetml.sheet", "xlsx", False)
PPTX = Format("pptx", "PowerPoint", _OOXML + "presentationml.presentation", "pptx", False)
_ODF = "application/vnd.oasis.opendocument."
ODT = Format("odt", "OpenDocument texte", _ODF + "text", "odt", False)
ODS = Format("ods", "OpenDocument classeur", _ODF + "spreadsheet", "ods", False)
ODP = Format("odp", "OpenDocument présentation", _ODF + "presentation", "odp", False)

FORMATS: dict[str, Format] = {
    f.code: f for f in (PDF, PNG, JPEG, WEBP, DOCX, XLSX, PPTX, ODT, ODS, ODP)
}
ACCEPTES = "PDF, PNG, JPEG, WebP, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument"

_OOXML_DOSSIERS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
_ODF_MIMES = {ODT.mime: ODT, ODS.mime: ODS, ODP.mime: ODP}
_EXECUTABLES = (
    b"MZ",  # Windows (PE)
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # Mach-O, both byte orders, 32 and 64 bits, and fat binaries
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",  # scripts
)
_BALISAGE = re.compile(rb"<\s*(!doctype\s+html|html|svg|script|\?xml|body|head|iframe)", re.I)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENTREES_MAX = 10_000  # more entries than any real office document: refused unread


def format_detecte(contenu: bytes) -> Format:
    """The format of ``contenu``, or :class:`DocumentError` with the reason of the refusal."""
    if not contenu:
        raise DocumentError("fichier_vide", _("Le fichier est vide : choisissez un autre fichier."))
    tete = contenu[:16]
    if tete.startswith(b"%PDF-"):
        return PDF
    if tete.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if tete.startswith(b"\xff\xd8\xff"):
        return JPEG
    if tete[:4] == b"RIFF" and tete[8:12] == b"WEBP":
        return WEBP
    if tete.startswith(b"PK\x03\x04"):
        return _bureautique(contenu)
    if tete.startswith(_EXECUTABLES):
        raise DocumentError(
            "executable",
            _(
                "Ce fichier est un programme, pas un document : il est refusé, quel que soit "
                "son nom."
            ),
        )
    if tete.startswith(_OLE):
        raise DocumentError(
            "ancien_format_office",
            _(
                "Les anciens formats Office (.doc, .xls, .ppt) ne sont pas acceptés : "
                "enregistrez le document en .docx, .xlsx, .pptx ou en PDF."
            ),
        )
    if _BALISAGE.search(contenu[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")[:512]):
        raise DocumentError(
            "page_web",
            _(
                "Les pages web et les images SVG peuvent contenir des scripts : elles sont "
                "refusées. Enregistrez le document en PDF."
            ),
        )
    raise DocumentError(
        "format_refuse",
        _("Ce type de fichier n'est pas accepté (%(formats)s).") % {"formats": ACCEPTES},
    )


def _bureautique(contenu: bytes) -> Format:
    """An Office Open XML or OpenDocument file, told by its entries (no extraction)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(contenu))
        infos = archive.infolist()
        if len(infos) > _ENTREES_MAX:
            raise zipfile.BadZipFile
        noms = {i.filename for i in infos}
        if "mimetype" in noms:
            info = archive.getinfo("mimetype")
            mime = (
                archive.read(info).decode("ascii", "replace").strip()
                if info.file_size < 100
                else ""
            )
            if mime in _ODF_MIMES:
                return _ODF_MIMES[mime]
        if "[Content_Types].xml" in noms:
            if any(n.lower().endswith("vbaproject.bin") for n in noms):
                raise DocumentError(
                    "macros",
                    _(
                        "Ce document contient des macros : il est refusé. Enregistrez-le "
                        "sans macros (.docx, .xlsx, .pptx) ou en PDF."
                    ),
                )
            for dossier, fmt in _OOXML_DOSSIERS:
                if any(n.startswith(dossier) for n in noms):
                    return fmt
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, RuntimeError, ValueError):
        pass
    raise DocumentError(
        "archive_refusee",
        _(
            "Ce fichier compressé n'est pas un document Office ou OpenDocument : il est "
            "refusé (%(formats)s)."
        )
        % {"formats": ACCEPTES},
    )
