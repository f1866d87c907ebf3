"""The consultant's follow-up: the state of the offer, the slots, scheduling the interview,
its record (domain.md, 10). Only the bilans assigned to them (another's id: 404)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from beneficiaires.models import Bilan
from beneficiaires.selectors import bilans_visible_to
from bilan.comptes.access import consultant_required

from .. import selectors, services
from ..errors import SuiviError
from ..forms import CompteRenduForm, DateHeureForm
from ..models import Creneau


def _bilan(request: HttpRequest, pk: int) -> Bilan:
    rows = bilans_visible_to(user=request.user).filter(consultant=request.user)
    return get_object_or_404(rows.select_related("beneficiaire__user"), pk=pk)


def _quand(form: DateHeureForm) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(form.cleaned_data["date"], form.cleaned_data["heure"])
    )


def _contexte(request: HttpRequest, bilan: Bilan, **extra: object) -> dict:
    return {
        "bilan": bilan,
        "fin": selectors.fin_du_bilan(bilan=bilan),
        "suivi": selectors.suivi_de(bilan=bilan),
        "entretien": selectors.entretiens_visible_to(request.user).filter(bilan=bilan).first(),
        "ouvert": bilan.etat in selectors.ETATS_SUIVI,
        "form": extra.pop("form", None) or DateHeureForm(),
        **extra,
    }


@consultant_required
@require_http_methods(["GET"])
def suivi_bilan(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = _bilan(request, pk)
    return render(request, "suivi/backoffice/suivi.html", _contexte(request, bilan))


@consultant_required
@require_POST
def suivi_planifier(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = _bilan(request, pk)
    form = DateHeureForm(request.POST)
    if form.is_valid():
        try:
            services.entretien_planifier(
                bilan=bilan,
                consultant=request.user,
                debut=_quand(form),
                duree_minutes=form.cleaned_data["duree_minutes"],
                modalite=form.cleaned_data["modalite"],
            )
        except SuiviError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("L'entretien de suivi est planifié."))
            return redirect("backoffice:suivi_bilan", pk=bilan.pk)
    return render(request, "suivi/backoffice/suivi.html", _contexte(request, bilan, form=form))


@consultant_required
@require_http_methods(["GET", "POST"])
def suivi_entretien(request: HttpRequest, pk: int) -> HttpResponse:
    """The interview record (confidential, encrypted)."""
    bilan = _bilan(request, pk)
    entretien = get_object_or_404(selectors.entretiens_visible_to(request.user), bilan=bilan)
    initial = {
        k: getattr(entretien, k) for k in ("avancement", "obstacles", "ajustements", "suites")
    }
    form = CompteRenduForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.entretien_rediger(
                entretien=entretien, consultant=request.user, **form.cleaned_data
            )
        except SuiviError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Le compte rendu est enregistré."))
            return redirect("backoffice:suivi_bilan", pk=bilan.pk)
    return render(
        request,
        "suivi/backoffice/entretien.html",
        {
            "bilan": bilan,
            "entretien": entretien,
            "form": form,
            "actions": selectors.actions_du_plan(bilan=bilan),
        },
    )


@consultant_required
@require_http_methods(["GET", "POST"])
def suivi_creneaux(request: HttpRequest) -> HttpResponse:
    """The consultant's slots for follow-up interviews, and a form to offer one."""
    form = DateHeureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.creneau_proposer(
                consultant=request.user,
                debut=_quand(form),
                duree_minutes=form.cleaned_data["duree_minutes"],
                modalite=form.cleaned_data["modalite"],
            )
        except SuiviError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Le créneau est proposé."))
            return redirect("backoffice:suivi_creneaux")
    return render(
        request,
        "suivi/backoffice/creneaux.html",
        {"form": form, "creneaux": selectors.creneaux_du_consultant(consultant=request.user)},
    )


@consultant_required
@require_POST
def suivi_creneau_retirer(request: HttpRequest, pk: int) -> HttpResponse:
    creneau = get_object_or_404(Creneau, pk=pk, consultant=request.user)
    try:
        services.creneau_retirer(creneau=creneau, consultant=request.user)
    except SuiviError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Le créneau est retiré."))
    return redirect("backoffice:suivi_creneaux")
