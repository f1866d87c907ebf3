"""The beneficiary's screens of the tools: their timeline, their inventory (guided personal
work: they fill it in), and, once handed over, every result (see
:mod:`seances.outils.services.remise` for what shows before and after). Only their own
bilans (someone else's id: 404)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bilan.audit.services import client_ip
from bilan.comptes.access import beneficiaire_required

from .. import services
from ..errors import OutilsError
from ..forms import CompetenceForm, PonderationForm
from ..selectors import (
    competences_visible_to,
    criteres_visible_to,
    dossier_du_bilan,
    entrees_visible_to,
    inventaire,
)
from ._commun import (
    ECHELLE,
    bilan_du_beneficiaire,
    matrices_de,
    parcours_contexte,
    remis,
    scenarios_contexte,
)


@beneficiaire_required
@require_GET
def outils_portail(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = bilan_du_beneficiaire(request, pk)
    dossier = dossier_du_bilan(user=request.user, bilan=bilan)
    ctx = {
        "bilan": bilan,
        "dossier": dossier,
        "remis": remis(dossier),
        "competences": inventaire(user=request.user, dossier=dossier) if dossier else [],
        "echelle": ECHELLE,
        "criteres": list(criteres_visible_to(request.user).filter(dossier__bilan=bilan)),
        **parcours_contexte(request, bilan),
    }
    if remis(dossier):
        ctx.update(matrices=matrices_de(request, bilan), **scenarios_contexte(request, bilan))
    return render(request, "outils/portail/outils.html", ctx)


def _entrees(request: HttpRequest, bilan) -> list:
    return list(entrees_visible_to(request.user).filter(dossier__bilan=bilan))


@beneficiaire_required
@require_http_methods(["GET", "POST"])
def outils_portail_competences(request: HttpRequest, pk: int) -> HttpResponse:
    """The inventory: the beneficiary adds their competences (guided personal work)."""
    bilan = bilan_du_beneficiaire(request, pk)
    entrees = _entrees(request, bilan)
    form = CompetenceForm(request.POST or None, entrees=entrees)
    if request.method == "POST" and form.is_valid():
        try:
            services.competence_add(
                bilan=bilan,
                beneficiaire_user=request.user,
                ip=client_ip(request),
                **form.cleaned_data,
            )
        except OutilsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("La compétence est ajoutée à votre inventaire."))
            return redirect("portail:outils_portail_competences", bilan.pk)
    dossier = dossier_du_bilan(user=request.user, bilan=bilan)
    return render(
        request,
        "outils/portail/competences.html",
        {
            "bilan": bilan,
            "dossier": dossier,
            "remis": remis(dossier),
            "competences": inventaire(user=request.user, dossier=dossier) if dossier else [],
            "form": form,
            "echelle": ECHELLE,
        },
    )


@beneficiaire_required
@require_http_methods(["GET", "POST"])
def outils_portail_competence(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct one of their competences (the consultant's review is not shown here)."""
    competence = get_object_or_404(
        competences_visible_to(request.user)
        .filter(dossier__bilan__beneficiaire__user=request.user)
        .select_related("dossier__bilan"),
        pk=pk,
    )
    bilan = competence.dossier.bilan
    form = CompetenceForm(
        request.POST or None,
        entrees=_entrees(request, bilan),
        initial=CompetenceForm.initial_de(competence),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.competence_update(
                competence=competence,
                beneficiaire_user=request.user,
                ip=client_ip(request),
                **form.cleaned_data,
            )
        except OutilsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("La compétence est modifiée."))
            return redirect("portail:outils_portail_competences", bilan.pk)
    return render(
        request,
        "outils/portail/competence.html",
        {"bilan": bilan, "competence": competence, "form": form, "echelle": ECHELLE},
    )


@beneficiaire_required
@require_http_methods(["GET", "POST"])
def outils_portail_ponderation(request: HttpRequest, pk: int) -> HttpResponse:
    """The beneficiary weighs the comparison's criteria (they must total 100)."""
    bilan = bilan_du_beneficiaire(request, pk)
    criteres = list(criteres_visible_to(request.user).filter(dossier__bilan=bilan))
    form = PonderationForm(request.POST or None, criteres=criteres)
    if request.method == "POST" and form.is_valid():
        try:
            services.criteres_ponderer_par_beneficiaire(
                bilan=bilan,
                beneficiaire_user=request.user,
                poids=form.poids(),
                ip=client_ip(request),
            )
        except OutilsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Votre pondération des critères est enregistrée."))
            return redirect("portail:outils_portail", bilan.pk)
    return render(
        request,
        "outils/portail/ponderation.html",
        {
            "bilan": bilan,
            "form": form,
            "criteres": criteres,
            "total_poids": sum(c.poids for c in criteres),
        },
    )
