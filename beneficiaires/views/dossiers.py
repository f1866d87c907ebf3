"""The consultant's back office: dashboard, bilan page, creation forms, entretien préalable."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bilan.comptes.access import consultant_required


@consultant_required
def tableau(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/tableau.html")
