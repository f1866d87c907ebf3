"""PDF rendering with weasyprint from ``templates/<app>/pdf/`` (style.md, rule 6).

Every issued document is then sealed and stored by :mod:`bilan.scelles`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def render_pdf(*, template_name: str, context: dict[str, Any]) -> bytes:
    """Render a template of ``templates/<app>/pdf/`` to PDF bytes."""
    from weasyprint import HTML  # heavy import, only where a PDF is made

    html = render_to_string(
        template_name,
        {
            **context,
            "ORGANISATION_NOM": settings.ORGANISATION_NOM,
            "BILAN_BASE_URL": settings.BILAN_BASE_URL,
        },
    )
    return HTML(string=html, url_fetcher=_static_only, base_url="/").write_pdf()


def _static_only(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # Documents load nothing from the network: only the project's own static files.
    from weasyprint.urls import URLFetchingError

    path = url.split("/static/", 1)[-1] if "/static/" in url else None
    found = finders.find(path) if path else None
    if not found:
        raise URLFetchingError(f"ressource refusée dans un PDF : {url}")
    with open(found, "rb") as fh:
        return {"string": fh.read(), "mime_type": _mime(found)}


def _mime(path: str) -> str:
    return {"css": "text/css", "png": "image/png", "svg": "image/svg+xml"}.get(
        path.rsplit(".", 1)[-1], "application/octet-stream"
    )
