"""The administrators' user screens: metadata only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bilan.audit.services import client_ip

from . import services
from .access import administrateur_required
from .forms import UserCreateForm, UserFilterForm
from .models import User
from .selectors import users_for_administration


@administrateur_required
@require_GET
def utilisateurs(request: HttpRequest) -> HttpResponse:
    form = UserFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    users = users_for_administration(
        role=filters.get("role", ""), search=filters.get("q", ""), active=filters.get("actif", "")
    )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "comptes/utilisateurs.html", {"form": form, "page": page})


@administrateur_required
@require_http_methods(["GET", "POST"])
def utilisateur_creer(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(
                **form.cleaned_data, created_by=request.user, ip=client_ip(request)
            )
        except services.ComptesError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Le compte de %(nom)s a été créé ; une invitation a été envoyée à %(email)s.")
                % {"nom": user.get_full_name(), "email": user.email},
            )
            return redirect("administration:utilisateurs")
    return render(request, "comptes/utilisateur_creer.html", {"form": form})


@administrateur_required
@require_http_methods(["GET", "POST"])
def utilisateur_desactiver(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (a mis-click must not lock someone out); POST acts."""
    user = get_object_or_404(User, pk=pk)
    if request.method == "GET":
        return render(request, "comptes/utilisateur_desactiver.html", {"cible": user})
    try:
        services.user_deactivate(user=user, by=request.user, ip=client_ip(request))
    except services.ComptesError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Le compte de %(nom)s est désactivé.") % {"nom": user})
    return redirect("administration:utilisateurs")


@administrateur_required
@require_POST
def utilisateur_reactiver(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    try:
        services.user_reactivate(user=user, by=request.user, ip=client_ip(request))
    except services.ComptesError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Le compte de %(nom)s est réactivé.") % {"nom": user})
    return redirect("administration:utilisateurs")


@login_required
@require_GET
def adresse_email(request: HttpRequest) -> HttpResponse:
    """The login address, read-only: the organisation changes it on request."""
    return render(request, "comptes/adresse_email.html")
