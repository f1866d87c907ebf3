"""The type of a working document is read from its bytes (issue 11, point 6), never from
its name: programs, web pages, SVG and legacy Office files are refused with a reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seances.documents.demo import pdf_minimal
from seances.documents.errors import DocumentError
from seances.documents.formats import format_detecte
from seances.documents.http import NOM_MAX, content_disposition, nom_fichier
from seances.documents.models import Document
from tests.documents.conftest import PNG, docx, zip_de

ODT = zip_de({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
ACCEPTES = [
    (pdf_minimal(), "pdf"),
    (PNG, "png"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 32, "jpeg"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32, "webp"),
    (docx(), "docx"),
    (zip_de({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}), "xlsx"),
    (zip_de({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}), "pptx"),
    (ODT, "odt"),
]
REFUSES = [
    (b"MZ\x90\x00" + b"\x00" * 60, "executable"),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "executable"),
    (b"\xcf\xfa\xed\xfe" + b"\x00" * 60, "executable"),
    (b"#!/bin/sh\nrm -rf /\n", "executable"),
    (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "page_web"),
    (b"\xef\xbb\xbf  <html><body>x</body></html>", "page_web"),
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "page_web"),
    (b"<svg onload='alert(1)'/>", "page_web"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60, "ancien_format_office"),
    (zip_de({"a.txt": b"x"}), "archive_refusee"),
    (b"PK\x03\x04 not really a zip", "archive_refusee"),
    (
        zip_de(
            {
                "[Content_Types].xml": b"<Types/>",
                "word/document.xml": b"<w/>",
                "word/vbaProject.bin": b"\x00",
            }
        ),
        "macros",
    ),
    (b"Juste du texte.", "format_refuse"),
    (b"", "fichier_vide"),
]


@pytest.mark.parametrize(("contenu", "code"), ACCEPTES, ids=[c for _, c in ACCEPTES])
def test_format_detecte_accepts_by_content(contenu: bytes, code: str) -> None:
    assert format_detecte(contenu).code == code


@pytest.mark.parametrize(("contenu", "code"), REFUSES, ids=[c for _, c in REFUSES])
def test_format_detecte_refuses_with_a_french_reason(contenu: bytes, code: str) -> None:
    with pytest.raises(DocumentError) as exc:
        format_detecte(contenu)
    assert exc.value.code == code
    assert exc.value.message


def test_format_detecte_ignores_a_zip_mimetype_that_is_not_opendocument() -> None:
    contenu = zip_de({"mimetype": b"text/html", "index.html": b"<html/>"})
    with pytest.raises(DocumentError) as exc:
        format_detecte(contenu)
    assert exc.value.code == "archive_refusee"


@given(nom=st.text(max_size=300))
def test_nom_fichier_is_always_a_safe_name_with_the_detected_extension(nom: str) -> None:
    document = Document(nom_original=nom, format="pdf")
    sain = nom_fichier(document)
    assert sain.endswith(".pdf") and len(sain) <= NOM_MAX + 4
    assert not any(c in sain for c in '/\\";\r\n\x00')
    assert not sain.startswith(".")
    disposition = content_disposition(sain, inline=False)
    assert disposition.isascii() and "\n" not in disposition
