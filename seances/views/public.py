"""The consultant's private iCalendar feed, opened by its token alone: times and place,
never the bilan's content (domain.md, Confidentiality)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from .. import services
from ..errors import SeanceError


@require_GET
def flux(request: HttpRequest, jeton: str) -> HttpResponse:
    """An unknown or revoked token answers 404, like any missing page."""
    try:
        calendrier = services.ics_flux(jeton=jeton)
    except SeanceError as exc:
        raise Http404 from exc
    response = HttpResponse(calendrier, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
