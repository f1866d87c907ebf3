"""The public verification page (issue 6, point 4): anyone holding a sealed document checks
it, without an account: valid, altered or unknown, with its type and date, never its content.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from bilan.audit.services import client_ip

from .forms import VerificationPdfForm, VerificationReferenceForm
from .verification import (
    verification_autorisee,
    verification_pdf,
    verification_reference,
)


@require_http_methods(["GET", "POST"])
def verification_accueil(request: HttpRequest) -> HttpResponse:
    pdf_form = VerificationPdfForm()
    ref_form = VerificationReferenceForm()
    resultat = None
    status = 200
    if request.method == "POST":
        ip = client_ip(request)
        user = request.user if request.user.is_authenticated else None
        if not verification_autorisee(ip=ip):
            return render(request, "scelles/trop_de_demandes.html", status=429)
        if request.POST.get("mode") == "reference":
            ref_form = VerificationReferenceForm(request.POST)
            if ref_form.is_valid():
                resultat = verification_reference(
                    reference=ref_form.cleaned_data["reference"], user=user, ip=ip
                )
        else:
            pdf_form = VerificationPdfForm(request.POST, request.FILES)
            if pdf_form.is_valid():
                resultat = verification_pdf(pdf=pdf_form.cleaned_data["fichier"], user=user, ip=ip)
        if resultat is None:
            status = 400
    response = render(
        request,
        "scelles/verification.html",
        {"pdf_form": pdf_form, "ref_form": ref_form, "resultat": resultat},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response
