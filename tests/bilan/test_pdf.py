"""PDF rendering works on this machine (weasyprint and its Debian libraries)."""

import io

from bilan.pdf import render_pdf


def test_render_pdf_produces_a_pdf_with_the_text() -> None:
    pdf = render_pdf(template_name="bilan/pdf/essai.html", context={"texte": "Synthèse é à ç"})
    assert pdf.startswith(b"%PDF-")
    from pypdf import PdfReader  # noqa: PLC0415

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Synthèse é à ç" in text
