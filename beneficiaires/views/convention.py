"""The convention's pages: preparation and signature by the provider, the beneficiary's
signature in the portal, the administrators' view and signature, the employer's or funder's
single-use link (domain.md, Funding; The people)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bilan.audit.services import audit_record, client_ip
from bilan.comptes.access import (
    administrateur_required,
    beneficiaire_required,
    consultant_required,
)
from bilan.pdf import render_pdf
from bilan.scelles.http import document_reponse

from .. import convention as services
from ..convention_forms import (
    RESTITUTION_INITIALE,
    ConventionForm,
    SignatureBeneficiaireForm,
    SignatureEmployeurForm,
)
from ..errors import BilanError
from ..models import CLAUSE_SYNTHESE, Bilan, Convention, RoleSignataire
from ..selectors import (
    bilans_for_administration,
    bilans_for_beneficiaire,
    bilans_visible_to,
    convention_etat,
    convention_of,
)

# Codes of the refusals an employer's link can meet, and the status of their page.
LIEN_STATUTS = {
    "lien_inconnu": 404,
    "lien_utilise": 410,
    "lien_expire": 410,
    "convention_non_signee": 410,
}


def _signe(request: HttpRequest) -> services.Signe:
    return services.Signe(ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", ""))


def _bilan_consultant(request: HttpRequest, pk: int) -> Bilan:
    rows = bilans_visible_to(user=request.user).filter(consultant_id=request.user.pk)
    return get_object_or_404(rows, pk=pk)


def _context(bilan: Bilan, convention: Convention | None = None, **extra: Any) -> dict[str, Any]:
    convention = convention or convention_of(bilan=bilan)
    if convention is not None:
        convention.bilan = bilan  # already loaded with its beneficiary
    return {
        "bilan": bilan,
        "etat": convention_etat(convention=convention, bilan=bilan),
        "clause_synthese": CLAUSE_SYNTHESE,
        "roles": RoleSignataire,
        **extra,
    }


def _pdf(request: HttpRequest, bilan: Bilan) -> HttpResponse:
    """The convention as a PDF; every download is an export in the audit log (domain.md,
    Confidentiality and data). Signed by all three: the sealed document (stored once);
    before: an unsealed draft marked "projet"."""
    convention = convention_of(bilan=bilan)
    if convention is None:
        raise Http404
    document = services.convention_document(bilan=bilan, acteur=request.user)
    if document is not None:
        return document_reponse(request=request, document=document, evenement="convention.exported")
    audit_record(
        event="convention.exported", actor=request.user, target=convention, ip=client_ip(request)
    )
    context = _context(bilan, convention)
    context["empreinte"] = services.convention_empreinte(convention)
    context["projet"] = True
    pdf = render_pdf(template_name="beneficiaires/pdf/convention.html", context=context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="convention-{bilan.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# --- Back office -------------------------------------------------------------------------


def _initial(convention: Convention | None, bilan: Bilan) -> dict[str, Any]:
    if convention is None:
        return {"financement": bilan.financement, "modalites_restitution": RESTITUTION_INITIALE}
    fields = ConventionForm.base_fields
    return {name: getattr(convention, name) for name in fields if name != "financement"} | {
        "financement": bilan.financement
    }


@consultant_required
@require_http_methods(["GET", "POST"])
def backoffice_convention(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = _bilan_consultant(request, pk)
    convention = convention_of(bilan=bilan)
    form = ConventionForm(
        request.POST if request.method == "POST" else None, initial=_initial(convention, bilan)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.convention_set(
                bilan=bilan, consultant=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except BilanError as exc:
            form.add_error(ConventionForm.CHAMP_DES_ERREURS.get(exc.code), exc.message)
        else:
            messages.success(request, _("La convention est enregistrée."))
            return redirect("backoffice:convention", pk=bilan.pk)
    context = _context(bilan, convention, form=form)
    return render(request, "beneficiaires/convention/backoffice.html", context)


@consultant_required
@require_POST
def backoffice_convention_signer(request: HttpRequest, pk: int) -> HttpResponse:
    return _signer_pour_organisme(request, _bilan_consultant(request, pk), "backoffice")


@consultant_required
@require_POST
def backoffice_convention_lien(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = _bilan_consultant(request, pk)
    try:
        services.convention_link_issue(bilan=bilan, user=request.user, ip=client_ip(request))
    except BilanError as exc:
        messages.error(request, exc.message)
    else:
        convention = convention_of(bilan=bilan)
        messages.success(
            request,
            _("Le lien de signature a été envoyé à %(email)s ; il est valable %(jours)s jours.")
            % {"email": convention.signataire_email, "jours": services.lien_jours()},
        )
    return redirect("backoffice:convention", pk=bilan.pk)


@consultant_required
@require_GET
def backoffice_convention_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, _bilan_consultant(request, pk))


# --- Portal ------------------------------------------------------------------------------


@beneficiaire_required
@require_http_methods(["GET", "POST"])
def portail_convention(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = get_object_or_404(bilans_for_beneficiaire(user=request.user), pk=pk)
    form = SignatureBeneficiaireForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.convention_sign_beneficiaire(
                bilan=bilan, user=request.user, signe=_signe(request)
            )
        except BilanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Vous avez signé la convention."))
            return redirect("portail:convention", pk=bilan.pk)
    return render(request, "beneficiaires/convention/portail.html", _context(bilan, form=form))


@beneficiaire_required
@require_GET
def portail_convention_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, get_object_or_404(bilans_for_beneficiaire(user=request.user), pk=pk))


# --- Administration ----------------------------------------------------------------------


@administrateur_required
@require_GET
def administration_convention(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = get_object_or_404(bilans_for_administration(user=request.user), pk=pk)
    return render(request, "beneficiaires/convention/administration.html", _context(bilan))


@administrateur_required
@require_POST
def administration_convention_signer(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = get_object_or_404(bilans_for_administration(user=request.user), pk=pk)
    return _signer_pour_organisme(request, bilan, "administration")


@administrateur_required
@require_GET
def administration_convention_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, get_object_or_404(bilans_for_administration(user=request.user), pk=pk))


# --- The employer's or funder's link -----------------------------------------------------


def _prive(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The link is the credential: never sent on to another site, never indexed or cached.

    "same-origin", not "no-referrer": under "no-referrer" a browser posts the signing form
    with ``Origin: null``, which Django's CSRF check refuses (the employer could never sign);
    "same-origin" still keeps the link's token from every other site.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "no-store"
        return response

    return wrapped


def _lien_refuse(request: HttpRequest, exc: BilanError) -> HttpResponse:
    return render(
        request,
        "beneficiaires/convention/employeur_refus.html",
        {"code": exc.code, "message": exc.message},
        status=LIEN_STATUTS.get(exc.code, 410),
    )


@_prive
@require_http_methods(["GET", "POST"])
def employeur_convention(request: HttpRequest, token: str) -> HttpResponse:
    try:
        lien = services.lien_for_token(token=token)
    except BilanError as exc:
        return _lien_refuse(request, exc)
    form = SignatureEmployeurForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            signature = services.convention_sign_employer(
                token=token,
                signataire_nom=form.cleaned_data["signataire_nom"],
                signe=_signe(request),
            )
        except BilanError as exc:
            if exc.code in LIEN_STATUTS:
                return _lien_refuse(request, exc)
            form.add_error(None, exc.message)
        else:
            return render(
                request,
                "beneficiaires/convention/employeur_merci.html",
                {"signature": signature, "convention": lien.convention},
            )
    convention = lien.convention
    if request.method == "GET":
        # The employer has no account: the link is the reader (domain.md: reads are audited).
        audit_record(
            event="convention.viewed_by_link", actor=None, target=convention, ip=client_ip(request)
        )
    return render(
        request,
        "beneficiaires/convention/employeur.html",
        {
            "convention": convention,
            "bilan": convention.bilan,
            "lien": lien,
            "form": form,
            "clause_synthese": CLAUSE_SYNTHESE,
            "maintenant": timezone.now(),
        },
    )


def _signer_pour_organisme(request: HttpRequest, bilan: Bilan, espace: str) -> HttpResponse:
    """The provider's signature, by the assigned consultant or an administrator."""
    try:
        services.convention_sign_provider(bilan=bilan, user=request.user, signe=_signe(request))
    except BilanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Vous avez signé la convention pour l'organisme."))
    return redirect(f"{espace}:convention", pk=bilan.pk)
