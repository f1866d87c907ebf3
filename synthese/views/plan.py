"""The action plan's screens (seed 000; domain.md, point 8): the consultant's editor and
timeline, the beneficiary's portal page (proposals during the bilan, ticking actions done
after it).

Every object is loaded through a scoped selector and the user's relation to the bilan
(someone else's id: 404; another role: 403); every write is one service call; a refusal
shows the service's French message and nothing changed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from beneficiaires.models import Bilan
from beneficiaires.selectors import bilans_visible_to
from bilan.audit.services import client_ip
from bilan.comptes.access import beneficiaire_required, consultant_required

from ..models.plan_action import ActionPrevue, ObjectifSmart, PlanAction
from ..plan_action import services
from ..plan_action.errors import PlanActionError
from ..plan_action.forms import (
    ActionForm,
    CocherForm,
    ContributionForm,
    ObjectifForm,
    ProjetForm,
)
from ..plan_action.gantt import gantt_build
from ..plan_action.selectors import (
    actions_cochables_par,
    actions_par_horizon,
    actions_visible_to,
    objectifs_visible_to,
    plan_action_for_user,
)

FORMULAIRE = "synthese/plan/formulaire.html"


def _bilan_du_consultant(request: HttpRequest, pk: int) -> Bilan:
    rows = bilans_visible_to(user=request.user).filter(consultant=request.user)
    return get_object_or_404(rows, pk=pk)


def _bilan_du_beneficiaire(request: HttpRequest, pk: int) -> Bilan:
    rows = bilans_visible_to(user=request.user).filter(beneficiaire__user=request.user)
    return get_object_or_404(rows, pk=pk)


def _contexte(request: HttpRequest, bilan: Bilan, **extra: Any) -> dict[str, Any]:
    plan = plan_action_for_user(user=request.user, bilan=bilan)
    actions = [a for _h, groupe in actions_par_horizon(plan) for a in groupe]
    return {
        "bilan": bilan,
        "plan": plan,
        "groupes": actions_par_horizon(plan),
        "gantt": gantt_build(actions=actions, aujourdhui=timezone.localdate()),
        "verrouille": bool(plan and plan.verrouille),
        **extra,
    }


def _editeur_url(bilan: Bilan) -> str:
    return reverse("backoffice:plan_action_editeur", args=[bilan.pk])


# ------------------------------------------------------------------ the consultant


@consultant_required
@require_GET
def editeur(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = _bilan_du_consultant(request, pk)
    contexte = _contexte(request, bilan)
    plan = contexte["plan"]
    contexte["editable"] = bilan.etat in services.ETATS_EDITION and not contexte["verrouille"]
    contexte["projet_form"] = ProjetForm(initial={"projet": plan.projet if plan else ""})
    return render(request, "synthese/plan/editeur.html", contexte)


@consultant_required
@require_POST
def projet(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = _bilan_du_consultant(request, pk)
    form = ProjetForm(request.POST)
    if form.is_valid():
        try:
            services.plan_action_projet_save(
                bilan=bilan,
                consultant=request.user,
                projet=form.cleaned_data["projet"],
                ip=client_ip(request),
            )
        except PlanActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Le projet est enregistré."))
    return redirect(_editeur_url(bilan))


def _objectif_page(
    request: HttpRequest, bilan: Bilan, objectif: ObjectifSmart | None
) -> HttpResponse:
    if request.method == "POST":
        form = ObjectifForm(request.POST)
        if form.is_valid():
            try:
                services.plan_action_objectif_save(
                    bilan=bilan,
                    consultant=request.user,
                    objectif=objectif,
                    ip=client_ip(request),
                    **form.cleaned_data,
                )
            except PlanActionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("L'objectif est enregistré."))
                return redirect(_editeur_url(bilan))
    else:
        form = ObjectifForm.pour(objectif) if objectif else ObjectifForm()
    titre = _("Modifier l'objectif") if objectif else _("Ajouter un objectif SMART")
    return render(request, FORMULAIRE, {"bilan": bilan, "form": form, "titre": titre})


@consultant_required
@require_http_methods(["GET", "POST"])
def objectif_ajouter(request: HttpRequest, pk: int) -> HttpResponse:
    return _objectif_page(request, _bilan_du_consultant(request, pk), None)


def _objectif_du_consultant(request: HttpRequest, pk: int) -> ObjectifSmart:
    rows = objectifs_visible_to(request.user).filter(plan__bilan__consultant=request.user)
    return get_object_or_404(rows, pk=pk)


@consultant_required
@require_http_methods(["GET", "POST"])
def objectif_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    objectif = _objectif_du_consultant(request, pk)
    return _objectif_page(request, objectif.plan.bilan, objectif)


@consultant_required
@require_POST
def objectif_supprimer(request: HttpRequest, pk: int) -> HttpResponse:
    objectif = _objectif_du_consultant(request, pk)
    bilan = objectif.plan.bilan
    try:
        services.plan_action_objectif_delete(
            objectif=objectif, consultant=request.user, ip=client_ip(request)
        )
    except PlanActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("L'objectif est retiré du plan."))
    return redirect(_editeur_url(bilan))


def _action_page(request: HttpRequest, bilan: Bilan, action: ActionPrevue | None) -> HttpResponse:
    plan = action.plan if action else PlanAction.objects.filter(bilan=bilan).first()
    if request.method == "POST":
        form = ActionForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                services.plan_action_action_save(
                    bilan=bilan,
                    consultant=request.user,
                    action=action,
                    ip=client_ip(request),
                    **form.cleaned_data,
                )
            except PlanActionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("L'action est enregistrée."))
                return redirect(_editeur_url(bilan))
    else:
        form = ActionForm.pour(action) if action else ActionForm(plan=plan)
    titre = _("Modifier l'action") if action else _("Ajouter une action")
    return render(request, FORMULAIRE, {"bilan": bilan, "form": form, "titre": titre})


@consultant_required
@require_http_methods(["GET", "POST"])
def action_ajouter(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_page(request, _bilan_du_consultant(request, pk), None)


def _action_du_consultant(request: HttpRequest, pk: int) -> ActionPrevue:
    rows = actions_visible_to(request.user).filter(plan__bilan__consultant=request.user)
    return get_object_or_404(rows, pk=pk)


@consultant_required
@require_http_methods(["GET", "POST"])
def action_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_du_consultant(request, pk)
    return _action_page(request, action.plan.bilan, action)


@consultant_required
@require_POST
def action_supprimer(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_du_consultant(request, pk)
    bilan = action.plan.bilan
    try:
        services.plan_action_action_delete(
            action=action, consultant=request.user, ip=client_ip(request)
        )
    except PlanActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("L'action est retirée du plan."))
    return redirect(_editeur_url(bilan))


@consultant_required
@require_GET
def calendrier(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = _bilan_du_consultant(request, pk)
    return render(request, "synthese/plan/calendrier.html", _contexte(request, bilan))


# ------------------------------------------------------------------ the beneficiary


def _portail_page(
    request: HttpRequest, bilan: Bilan, form: ContributionForm | None = None
) -> HttpResponse:
    contexte = _contexte(request, bilan)
    plan = contexte["plan"]
    contexte["peut_proposer"] = (
        bilan.etat in services.ETATS_CONTRIBUTION and not contexte["verrouille"]
    )
    contexte["peut_cocher"] = bilan.etat in services.ETATS_COCHE
    contexte["form"] = form or ContributionForm(plan=plan)
    return render(request, "synthese/plan/portail.html", contexte)


@beneficiaire_required
@require_GET
def portail(request: HttpRequest, pk: int) -> HttpResponse:
    return _portail_page(request, _bilan_du_beneficiaire(request, pk))


@beneficiaire_required
@require_POST
def proposer(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = _bilan_du_beneficiaire(request, pk)
    plan = PlanAction.objects.filter(bilan=bilan).first()
    form = ContributionForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.plan_action_contribuer(
                bilan=bilan,
                beneficiaire_user=request.user,
                texte=form.cleaned_data["texte"],
                action=form.cleaned_data["action"],
                ip=client_ip(request),
            )
        except PlanActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Votre proposition est transmise à votre consultant."))
            return redirect("portail:plan_action_portail", pk=bilan.pk)
    return _portail_page(request, bilan, form)


@beneficiaire_required
@require_POST
def cocher(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(actions_cochables_par(request.user), pk=pk)
    form = CocherForm(request.POST)
    form.is_valid()  # a lone optional checkbox: always valid
    fait = bool(form.cleaned_data.get("fait"))
    try:
        services.plan_action_cocher(
            action=action, beneficiaire_user=request.user, fait=fait, ip=client_ip(request)
        )
    except PlanActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Action marquée comme réalisée.") if fait else _("Action marquée comme à faire."),
        )
    url = reverse("portail:plan_action_portail", args=[action.plan.bilan_id])
    return redirect(f"{url}#action-{action.pk}")
