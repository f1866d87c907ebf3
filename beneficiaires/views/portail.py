"""The beneficiary's portal: where the bilan stands, what is expected, consent."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bilan.comptes.access import beneficiaire_required


@beneficiaire_required
def accueil(request: HttpRequest) -> HttpResponse:
    return render(request, "portail/accueil.html")
