"""Serving a sealed document: audited, never cached (domain.md, Confidentiality)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from bilan.audit.services import audit_record, client_ip

from .models import DocumentScelle


def document_reponse(
    *, request: HttpRequest, document: DocumentScelle, evenement: str, inline: bool = False
) -> FileResponse:
    """The PDF as a download, ``Cache-Control: no-store``, the download audited.

    The caller has already checked who may have it (through its app's selector).
    """
    if not document.fichier:
        raise Http404(_("Ce document n'est plus conservé."))
    try:
        fh = document.fichier.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Ce document n'est plus conservé.")) from exc
    audit_record(
        event=evenement,
        actor=request.user if request.user.is_authenticated else None,
        target=document,
        ip=client_ip(request),
    )
    response = FileResponse(
        fh,
        as_attachment=not inline,
        filename=f"{document.type_document}-{document.reference}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
