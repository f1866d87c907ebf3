"""The administrators' screens on bilans: metadata only (domain.md, The people).

Names, consultant, state, funding and dates; never the entretien préalable, notes or
synthèse. Bilans are loaded through ``bilans_for_administration``, which loads nothing else.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from beneficiaires import services
from beneficiaires.errors import BilanError
from beneficiaires.forms_administration import (
    BilanCreateForm,
    BilanFilterForm,
    BilanReassignForm,
)
from beneficiaires.models import Bilan, Etat
from beneficiaires.selectors import bilan_counts_per_state, bilans_for_administration
from bilan.audit.services import client_ip
from bilan.comptes.access import administrateur_required

PAR_PAGE = 50


@administrateur_required
@require_GET
def bilans(request: HttpRequest) -> HttpResponse:
    form = BilanFilterForm(request.GET or None)
    filtres = form.cleaned_data if form.is_valid() else {}
    rows = bilans_for_administration(
        user=request.user,
        etat=filtres.get("etat", ""),
        financement=filtres.get("financement", ""),
        search=filtres.get("q", ""),
    )
    if filtres.get("consultant"):
        rows = rows.filter(consultant_id=filtres["consultant"])
    comptes = bilan_counts_per_state(user=request.user)
    contexte = {
        "form": form,
        "page": _page(rows, request.GET.get("page")),
        "comptes": [(label, comptes[value]) for value, label in Etat.choices],
    }
    return render(request, "beneficiaires/administration/bilans.html", contexte)


@administrateur_required
@require_http_methods(["GET", "POST"])
def bilan_reassigner(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the bilan and the access to its content to another consultant (domain.md,
    Confidentiality: "a change of consultant moves the access")."""
    bilan = get_object_or_404(bilans_for_administration(user=request.user), pk=pk)
    form = BilanReassignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        consultant = form.cleaned_data["consultant"]
        try:
            services.bilan_assign_consultant(
                bilan=bilan, consultant=consultant, by=request.user, ip=client_ip(request)
            )
        except BilanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Le bilan %(ref)s est désormais suivi par %(nom)s.")
                % {"ref": bilan.reference, "nom": consultant.get_full_name()},
            )
            return redirect("administration:bilans")
    contexte = {"bilan": bilan, "form": form}
    return render(request, "beneficiaires/administration/bilan_reassigner.html", contexte)


@administrateur_required
@require_http_methods(["GET", "POST"])
def bilan_creer(request: HttpRequest) -> HttpResponse:
    """Plan a bilan for an existing beneficiary (R6313-5 refusal shown as the service says)."""
    form = BilanCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            bilan = services.bilan_create(
                **form.cleaned_data, created_by=request.user, ip=client_ip(request)
            )
        except BilanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Le bilan %(ref)s de %(beneficiaire)s est ouvert, suivi par %(consultant)s.")
                % {
                    "ref": bilan.reference,
                    "beneficiaire": form.cleaned_data["beneficiaire"].user.get_full_name(),
                    "consultant": form.cleaned_data["consultant"].get_full_name(),
                },
            )
            return redirect("administration:bilans")
    return render(request, "beneficiaires/administration/bilan_creer.html", {"form": form})


def _page(rows: QuerySet[Bilan], numero: str | None) -> Page:
    """One page of ``rows``, the total counted in the same query (a window function).

    The paginator's own COUNT would be one more query; an out-of-range page falls back to
    the last one, as ``Paginator.get_page`` does.
    """
    paginator = Paginator(rows, PAR_PAGE)
    try:
        # Capped: a 20-digit page would overflow the OFFSET (a 500); past the end, the last.
        number = min(max(int(numero or 1), 1), 1_000_000)
    except ValueError:
        number = 1
    debut = (number - 1) * PAR_PAGE
    items = list(rows.annotate(total=Window(Count("pk")))[debut : debut + PAR_PAGE])
    if not items and number > 1:
        return paginator.get_page(number)
    paginator.count = items[0].total if items else 0
    return Page(items, number, paginator)
