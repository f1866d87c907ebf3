"""The public verification page (issue 6, point 4): anyone holding a sealed document checks
it, without an account: valid, altered or unknown, with its type and date, never its content.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from bilan.audit.services import client_ip

from .forms import VerificationPdfForm, VerificationReferenceForm, message_trop_volumineux
from .upload import VerificationUploadHandler
from .verification import (
    taille_max,
    verification_autorisee,
    verification_pdf,
    verification_reference,
)


# The handler must be in place before anything reads the body, the CSRF check included
# (Django's documented pattern: csrf_exempt outside, csrf_protect inside).
@csrf_exempt
def verification_accueil(request: HttpRequest) -> HttpResponse:
    handler = VerificationUploadHandler(request, limite=taille_max())
    request.upload_handlers = [handler]
    return _verification(request, handler)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _verification(request: HttpRequest, handler: VerificationUploadHandler) -> HttpResponse:
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
            if handler.trop_volumineux:
                pdf_form.add_error("fichier", message_trop_volumineux())
            elif pdf_form.is_valid():
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
