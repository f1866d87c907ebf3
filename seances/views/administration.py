"""The administrators' screens: plan templates, and a bilan's sessions as metadata only
(dates, hours, whether each signature exists; never notes: domain.md, The people)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from beneficiaires.selectors import bilans_for_administration
from bilan.audit.services import client_ip
from bilan.comptes.access import administrateur_required

from .. import services
from ..errors import SeanceError
from ..forms import PlanModeleForm, PlanModeleLignesFormSet
from ..models import DemiJournee, Emargement, PlanModele, RoleSignataire
from ..selectors import seances_metadonnees


@administrateur_required
@require_GET
def plan_modeles(request: HttpRequest) -> HttpResponse:
    modeles = PlanModele.objects.annotate(nombre=Count("seances")).order_by("-par_defaut", "nom")
    return render(request, "seances/administration/plan_modeles.html", {"modeles": modeles})


def _editeur(request: HttpRequest, modele: PlanModele | None) -> HttpResponse:
    if request.method == "POST":
        form = PlanModeleForm(request.POST)
        lignes = PlanModeleLignesFormSet(request.POST, prefix="seances")
    else:
        initial = (
            {
                "nom": modele.nom,
                "minutes_travail_personnel": modele.minutes_travail_personnel,
                "par_defaut": modele.par_defaut,
            }
            if modele
            else {"minutes_travail_personnel": 360}
        )
        rows = (
            [
                {"phase": s.phase, "intitule": s.intitule, "duree_minutes": s.duree_minutes}
                for s in modele.seances.all()
            ]
            if modele
            else []
        )
        form = PlanModeleForm(initial=initial)
        lignes = PlanModeleLignesFormSet(initial=rows, prefix="seances")
    if request.method == "POST" and form.is_valid() and lignes.is_valid():
        seances = [
            services.SeancePrevue(
                phase=row["phase"], intitule=row["intitule"], duree_minutes=row["duree_minutes"]
            )
            for row in lignes.cleaned_data
            if row.get("phase")
        ]
        try:
            services.plan_modele_save(
                by=request.user,
                modele=modele,
                seances=seances,
                ip=client_ip(request),
                **form.cleaned_data,
            )
        except SeanceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Le modèle de plan est enregistré."))
            return redirect("administration:plan_modeles")
    return render(
        request,
        "seances/administration/plan_modele.html",
        {"form": form, "lignes": lignes, "modele": modele},
    )


@administrateur_required
@require_http_methods(["GET", "POST"])
def plan_modele_creer(request: HttpRequest) -> HttpResponse:
    return _editeur(request, None)


@administrateur_required
@require_http_methods(["GET", "POST"])
def plan_modele_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    return _editeur(request, get_object_or_404(PlanModele, pk=pk))


@administrateur_required
@require_GET
def seance_metadonnees(request: HttpRequest, pk: int) -> HttpResponse:
    """Dates, hours, status and which signatures exist: nothing of the sessions' content."""
    bilan = get_object_or_404(bilans_for_administration(user=request.user), pk=pk)
    seances = list(seances_metadonnees(request.user).filter(bilan=bilan).order_by("numero"))
    signees = set(
        Emargement.objects.filter(seance__in=[s.pk for s in seances]).values_list(
            "seance_id", "demi_journee", "role"
        )
    )
    for s in seances:
        s.signatures = [
            f"{RoleSignataire(r).label} ({DemiJournee(d).label.lower()})"
            for (sid, d, r) in sorted(signees, key=lambda x: (x[1] != "matin", x[2]))
            if sid == s.pk
        ]
    return render(
        request,
        "seances/administration/seances.html",
        {"bilan": bilan, "seances": seances},
    )
