"""The end-of-bilan documents in each space: the list of a bilan's documents and their
download (domain.md, 9; The people: administrative proof, which administrators see too).

Reached by the beneficiary owner, the assigned consultant and the administrators; another
beneficiary's or consultant's bilan id answers 404, other roles 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from beneficiaires.models import Bilan
from beneficiaires.selectors import (
    bilans_for_administration,
    bilans_for_beneficiaire,
    bilans_for_consultant,
)
from bilan.comptes.access import (
    administrateur_required,
    beneficiaire_required,
    consultant_required,
)
from bilan.scelles.errors import ScellementError
from bilan.scelles.http import document_reponse

from ..attestations import SORTES, attestation_emettre, attestations_disponibles
from ..errors import SyntheseError

EVENEMENT = "attestation.telechargee"


def _liste(request: HttpRequest, bilan: Bilan, espace: str) -> HttpResponse:
    context = {"bilan": bilan, "espace": espace, "lignes": attestations_disponibles(bilan=bilan)}
    return render(request, "synthese/attestations/liste.html", context)


def _telecharger(request: HttpRequest, bilan: Bilan, sorte: str, espace: str) -> HttpResponse:
    if sorte not in SORTES:
        raise Http404
    try:
        document = attestation_emettre(bilan=bilan, slug=sorte, acteur=request.user)
    except SyntheseError as exc:
        messages.error(request, exc.message)
        return redirect(f"{espace}:attestation_liste", pk=bilan.pk)
    except ScellementError as exc:  # the media disk full or read-only: nothing was recorded
        messages.error(request, str(exc))
        return redirect(f"{espace}:attestation_liste", pk=bilan.pk)
    return document_reponse(request=request, document=document, evenement=EVENEMENT)


@consultant_required
@require_GET
def backoffice_liste(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = get_object_or_404(bilans_for_consultant(user=request.user), pk=pk)
    return _liste(request, bilan, "backoffice")


@consultant_required
@require_GET
def backoffice_telecharger(request: HttpRequest, pk: int, sorte: str) -> HttpResponse:
    bilan = get_object_or_404(bilans_for_consultant(user=request.user), pk=pk)
    return _telecharger(request, bilan, sorte, "backoffice")


@beneficiaire_required
@require_GET
def portail_liste(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = get_object_or_404(bilans_for_beneficiaire(user=request.user), pk=pk)
    return _liste(request, bilan, "portail")


@beneficiaire_required
@require_GET
def portail_telecharger(request: HttpRequest, pk: int, sorte: str) -> HttpResponse:
    bilan = get_object_or_404(bilans_for_beneficiaire(user=request.user), pk=pk)
    return _telecharger(request, bilan, sorte, "portail")


@administrateur_required
@require_GET
def administration_liste(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = get_object_or_404(bilans_for_administration(user=request.user), pk=pk)
    return _liste(request, bilan, "administration")


@administrateur_required
@require_GET
def administration_telecharger(request: HttpRequest, pk: int, sorte: str) -> HttpResponse:
    bilan = get_object_or_404(bilans_for_administration(user=request.user), pk=pk)
    return _telecharger(request, bilan, sorte, "administration")
