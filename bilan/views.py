"""Entry points of the three spaces, and the friendly error pages."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from beneficiaires.models import Etat
from beneficiaires.selectors import bilan_counts_per_state
from bilan.comptes.access import administrateur_required
from bilan.comptes.models import Role
from bilan.comptes.selectors import active_users_per_role


@require_GET
def accueil(request: HttpRequest) -> HttpResponse:
    """Send each person to their own space."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if user.is_administrateur:
        return redirect("administration:tableau")
    if user.role == Role.CONSULTANT:
        return redirect("backoffice:tableau")
    return redirect("portail:accueil")


@administrateur_required
@require_GET
def administration_tableau(request: HttpRequest) -> HttpResponse:
    """Accounts per role and bilans per state: metadata only (domain.md, The people)."""
    par_etat = bilan_counts_per_state(user=request.user)
    contexte = {
        "counts": active_users_per_role(),
        "bilans_par_etat": [(value, label, par_etat[value]) for value, label in Etat.choices],
        "bilans_total": sum(par_etat.values()),
    }
    return render(request, "administration/tableau.html", contexte)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
