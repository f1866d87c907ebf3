"""The working documents' screens, in the consultant's space and the beneficiary's portal
(issue 11, point 6; domain.md, Confidentiality: the two of them only).

Every object is loaded through a scoped selector (someone else's id: 404; another role:
403); every write is one service call; a refusal shows the service's French message and
nothing is stored. The upload views replace Django's upload handlers before the body is
read (hence ``csrf_exempt`` outside and ``csrf_protect`` inside, as Django documents it):
the file stays in memory, a file over the limit is discarded unread.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from beneficiaires.models import Bilan
from beneficiaires.selectors import bilans_visible_to
from bilan.audit.services import client_ip
from bilan.comptes.access import beneficiaire_required, consultant_required
from seances.selectors import travaux_visible_to

from . import services
from .errors import DocumentError
from .forms import DocumentForm
from .http import document_reponse
from .models import Document
from .selectors import documents_visible_to
from .upload import DocumentUploadHandler

BACKOFFICE, PORTAIL = "backoffice", "portail"


def _bilan(request: HttpRequest, pk: int, espace: str) -> Bilan:
    bilans = bilans_visible_to(user=request.user)
    if espace == BACKOFFICE:
        return get_object_or_404(bilans.filter(consultant=request.user), pk=pk)
    return get_object_or_404(bilans.filter(beneficiaire__user=request.user), pk=pk)


def _document(request: HttpRequest, pk: int) -> Document:
    return get_object_or_404(documents_visible_to(request.user).select_related("bilan"), pk=pk)


def _avec_handler(
    view: Callable[[HttpRequest, int, str, DocumentUploadHandler], HttpResponse], espace: str
) -> Callable[[HttpRequest, int], HttpResponse]:
    """Install the in-memory upload handler before anything reads the body."""
    protected = csrf_protect(view)

    @csrf_exempt
    def wrapped(request: HttpRequest, pk: int) -> HttpResponse:
        handler = DocumentUploadHandler(request)
        request.upload_handlers = [handler]
        return protected(request, pk, espace, handler)

    return wrapped


def _liste(
    request: HttpRequest, pk: int, espace: str, handler: DocumentUploadHandler
) -> HttpResponse:
    """The bilan's documents; POST uploads one (nothing stored on a refusal)."""
    bilan = _bilan(request, pk, espace)
    travaux = travaux_visible_to(request.user).filter(bilan=bilan)
    if request.method != "POST":
        return _page(request, bilan, espace, DocumentForm(travaux=travaux))
    form = DocumentForm(request.POST, request.FILES, travaux=travaux)
    if handler.trop_volumineux:
        form.add_error("fichier", services.erreur_trop_volumineux(handler.taille_annoncee).message)
    elif form.is_valid():
        fichier = form.cleaned_data["fichier"]
        try:
            document = services.document_deposer(
                bilan=bilan,
                auteur=request.user,
                contenu=fichier.read(),
                nom=fichier.name,
                titre=form.cleaned_data["titre"],
                type=form.cleaned_data["type"],
                commentaire=form.cleaned_data["commentaire"],
                travail=form.cleaned_data.get("travail"),
                ip=client_ip(request),
            )
        except DocumentError as exc:
            form.add_error("fichier" if exc.code in _ERREURS_FICHIER else None, exc.message)
        else:
            messages.success(
                request, _("Le document « %(t)s » est déposé.") % {"t": document.titre}
            )
            return redirect(f"{espace}:document_liste", pk=bilan.pk)
    return _page(request, bilan, espace, form)


_ERREURS_FICHIER = frozenset(
    {
        "fichier_vide",
        "executable",
        "ancien_format_office",
        "page_web",
        "format_refuse",
        "archive_refusee",
        "macros",
        "trop_volumineux",
    }
)


def _page(request: HttpRequest, bilan: Bilan, espace: str, form: DocumentForm) -> HttpResponse:
    documents = documents_visible_to(request.user).filter(bilan=bilan).select_related("travail")
    return render(
        request,
        "documents/liste.html",
        {
            "bilan": bilan,
            "espace": espace,
            "documents": list(documents),
            "form": form,
            "peut_deposer": bilan.etat in services.ETATS_DEPOT,
        },
    )


def _fichier(request: HttpRequest, pk: int, espace: str, *, apercu: bool) -> HttpResponse:
    document = _document(request, pk)
    try:
        contenu = services.document_lire(
            document=document, lecteur=request.user, ip=client_ip(request)
        )
    except DocumentError as exc:
        messages.error(request, exc.message)
        return redirect(f"{espace}:document_liste", pk=document.bilan_id)
    return document_reponse(document=document, contenu=contenu, apercu=apercu)


def _supprimer(request: HttpRequest, pk: int, espace: str) -> HttpResponse:
    """GET asks for confirmation; POST deletes the document and its file."""
    document = _document(request, pk)
    if request.method == "POST":
        try:
            services.document_supprimer(
                document=document, acteur=request.user, ip=client_ip(request)
            )
        except DocumentError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Le document « %(t)s » est supprimé.") % {"t": document.titre}
            )
        return redirect(f"{espace}:document_liste", pk=document.bilan_id)
    return render(request, "documents/supprimer.html", {"document": document, "espace": espace})


# ------------------------------------------------------------------ the consultant's space

document_liste_backoffice = consultant_required(
    require_http_methods(["GET", "POST"])(_avec_handler(_liste, BACKOFFICE))
)


@consultant_required
@require_GET
def document_telecharger_backoffice(request: HttpRequest, pk: int) -> HttpResponse:
    return _fichier(request, pk, BACKOFFICE, apercu=False)


@consultant_required
@require_GET
def document_apercu_backoffice(request: HttpRequest, pk: int) -> HttpResponse:
    return _fichier(request, pk, BACKOFFICE, apercu=True)


@consultant_required
@require_http_methods(["GET", "POST"])
def document_supprimer_backoffice(request: HttpRequest, pk: int) -> HttpResponse:
    return _supprimer(request, pk, BACKOFFICE)


@consultant_required
@require_POST
def document_remettre(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand one of the consultant's documents over to the beneficiary."""
    document = _document(request, pk)
    try:
        services.document_remettre(
            document=document, consultant=request.user, ip=client_ip(request)
        )
    except DocumentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Le document « %(t)s » est remis au bénéficiaire.") % {"t": document.titre},
        )
    return redirect("backoffice:document_liste", pk=document.bilan_id)


# -------------------------------------------------------------- the beneficiary's portal

document_liste_portail = beneficiaire_required(
    require_http_methods(["GET", "POST"])(_avec_handler(_liste, PORTAIL))
)


@beneficiaire_required
@require_GET
def document_telecharger_portail(request: HttpRequest, pk: int) -> HttpResponse:
    return _fichier(request, pk, PORTAIL, apercu=False)


@beneficiaire_required
@require_GET
def document_apercu_portail(request: HttpRequest, pk: int) -> HttpResponse:
    return _fichier(request, pk, PORTAIL, apercu=True)


@beneficiaire_required
@require_http_methods(["GET", "POST"])
def document_supprimer_portail(request: HttpRequest, pk: int) -> HttpResponse:
    return _supprimer(request, pk, PORTAIL)
