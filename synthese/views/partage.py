"""Sharing the synthèse (L6313-4): the beneficiary's shares and consents in the portal, and
the recipient's single-use link, without an account (domain.md, The people: a CEP operator
or a third party sees only the documents shared with them)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from beneficiaires.selectors import bilans_for_beneficiaire
from bilan.audit.services import client_ip
from bilan.comptes.access import beneficiaire_required
from bilan.scelles.http import document_reponse

from ..errors import SyntheseError
from ..partage import (
    Destinataire,
    consentement_texte,
    lien_pour_token,
    partage_creer,
    partage_lien_utiliser,
    partage_revoquer,
    partages_du_bilan,
    partages_visible_to,
    syntheses_partageables,
)
from ..partage_forms import ConsentementForm, PartageForm

# The status of the recipient's page for each refusal: unknown 404, otherwise gone.
LIEN_STATUTS = {
    "lien_inconnu": 404,
    "lien_utilise": 410,
    "lien_revoque": 410,
    "lien_expire": 410,
    "document_detruit": 410,
}
# The form's field for each refusal of the service (None: the whole form).
CHAMPS = {
    "destinataire_type": "type_destinataire",
    "destinataire_nom": "destinataire_nom",
    "destinataire_organisation": "destinataire_organisation",
    "destinataire_email": "destinataire_email",
    "consentement_requis": "accepte",
}


@beneficiaire_required
@require_http_methods(["GET"])
def portail_liste(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = get_object_or_404(bilans_for_beneficiaire(user=request.user), pk=pk)
    context = {
        "bilan": bilan,
        "documents": syntheses_partageables(user=request.user).filter(bilan=bilan),
        "partages": partages_du_bilan(user=request.user, bilan_id=bilan.pk),
        "maintenant": timezone.now(),
    }
    return render(request, "synthese/partage/liste.html", context)


@beneficiaire_required
@require_http_methods(["GET", "POST"])
def portail_creer(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(syntheses_partageables(user=request.user), pk=pk)
    confirmer = request.method == "POST" and request.POST.get("etape") == "confirmer"
    form: PartageForm = (ConsentementForm if confirmer else PartageForm)(
        request.POST if request.method == "POST" else None
    )
    if request.method == "GET" or not form.is_valid():
        return _page(request, document, form, status=200 if request.method == "GET" else 400)
    destinataire = Destinataire(
        type_destinataire=form.cleaned_data["type_destinataire"],
        nom=form.cleaned_data["destinataire_nom"],
        organisation=form.cleaned_data["destinataire_organisation"],
        email=form.cleaned_data["destinataire_email"],
    )
    if not confirmer:
        # Step 2: the exact text that will be kept, with the recipient named in it.
        return _page(request, document, ConsentementForm(request.POST), destinataire)
    try:
        partage_creer(
            document=document,
            user=request.user,
            destinataire=destinataire,
            consentement_accepte=form.cleaned_data["accepte"],
            ip=client_ip(request),
        )
    except SyntheseError as exc:
        form.add_error(CHAMPS.get(exc.code), exc.message)
        etape2 = isinstance(form, ConsentementForm)
        return _page(request, document, form, destinataire if etape2 else None, status=400)
    messages.success(
        request,
        _("Votre document est partagé : %(nom)s reçoit par e-mail un lien personnel.")
        % {"nom": destinataire.nom},
    )
    return redirect("portail:partage_liste", pk=document.bilan_id)


@beneficiaire_required
@require_POST
def portail_revoquer(request: HttpRequest, pk: int) -> HttpResponse:
    partage = get_object_or_404(partages_visible_to(user=request.user), pk=pk)
    try:
        partage_revoquer(partage=partage, user=request.user, ip=client_ip(request))
    except SyntheseError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Le partage est révoqué : le lien ne fonctionne plus."))
    return redirect("portail:partage_liste", pk=partage.bilan_id)


def _page(
    request: HttpRequest,
    document: Any,
    form: PartageForm,
    destinataire: Destinataire | None = None,
    status: int = 200,
) -> HttpResponse:
    texte = consentement_texte(document=document, destinataire=destinataire) if destinataire else ""
    context = {"document": document, "form": form, "texte": texte, "bilan": document.bilan}
    return render(request, "synthese/partage/creer.html", context, status=status)


# --- The recipient's link ----------------------------------------------------------------


def _prive(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The link is the credential: never sent on to another site, indexed or cached."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "no-store"
        return response

    return wrapped


@_prive
@require_http_methods(["GET", "POST"])
def lien(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what is shared; the download is a POST, so that a mail scanner opening the
    link does not spend its single use."""
    try:
        if request.method == "POST":
            document = partage_lien_utiliser(token=token, ip=client_ip(request))
            return document_reponse(
                request=request, document=document, evenement="partage.downloaded"
            )
        partage = lien_pour_token(token=token).partage
    except SyntheseError as exc:
        return render(
            request,
            "synthese/partage/lien_refus.html",
            {"code": exc.code, "message": exc.message},
            status=LIEN_STATUTS.get(exc.code, 410),
        )
    return render(request, "synthese/partage/lien.html", {"partage": partage})
