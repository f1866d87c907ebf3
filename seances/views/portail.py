"""The beneficiary's screens: their sessions (upcoming and past, shared notes, `.ics`),
signing their attendance on the session's day, their personal work (domain.md, The life
of a bilan, 4-5). Only their own bilans (someone else's id: 404)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bilan.audit.services import client_ip
from bilan.comptes.access import beneficiaire_required

from .. import services
from ..errors import SeanceError
from ..forms import TravailRenduForm
from ..models import Emargement, StatutSeance
from ..selectors import (
    notes_visible_to,
    seance_a_signer_par,
    seances_visible_to,
    travaux_visible_to,
)
from ._commun import emargement_code_page, emargement_page, ics_response, seance_du_beneficiaire


@beneficiaire_required
@require_GET
def seance_liste(request: HttpRequest) -> HttpResponse:
    """Upcoming sessions first in date order, then the past ones (most recent first)."""
    notes = {n.seance_id: n for n in notes_visible_to(request.user)}
    seances = list(
        seances_visible_to(request.user)
        .filter(bilan__beneficiaire__user=request.user)
        .exclude(statut=StatutSeance.A_PLANIFIER)
        .prefetch_related(
            Prefetch(
                "emargements",
                queryset=Emargement.objects.only(
                    "pk", "seance_id", "demi_journee", "role", "signataire_id"
                ),
            )
        )
        .order_by("date", "debut")
    )
    for s in seances:
        s.note_partagee = notes.get(s.pk)
        emargements = s.emargements.all()
        s.mes_emargements = [e for e in emargements if e.signataire_id == request.user.pk]
        s.a_signer = seance_a_signer_par(s, emargements, request.user)
    aujourdhui = timezone.localdate()
    a_venir = [s for s in seances if s.date >= aujourdhui and s.statut == StatutSeance.PLANIFIEE]
    passees = [s for s in reversed(seances) if s not in a_venir]
    return render(
        request,
        "seances/portail/seances.html",
        {"a_venir": a_venir, "passees": passees, "aujourdhui": aujourdhui},
    )


@beneficiaire_required
@require_GET
def seance_ics(request: HttpRequest, pk: int) -> HttpResponse:
    seance = seance_du_beneficiaire(request, pk)
    if seance.date is None:
        raise Http404
    return ics_response(seance)


@beneficiaire_required
@require_http_methods(["GET", "POST"])
def emargement(request: HttpRequest, pk: int) -> HttpResponse:
    seance = seance_du_beneficiaire(request, pk)
    return emargement_page(
        request,
        seance,
        template="seances/portail/emargement.html",
        retour=reverse("portail:seance_liste"),
    )


@beneficiaire_required
@require_POST
def emargement_code(request: HttpRequest, pk: int) -> HttpResponse:
    seance = seance_du_beneficiaire(request, pk)
    return emargement_code_page(
        request,
        seance,
        template="seances/portail/emargement.html",
        page=reverse("portail:emargement", args=[seance.pk]),
    )


@beneficiaire_required
@require_GET
def travail_liste(request: HttpRequest) -> HttpResponse:
    travaux = travaux_visible_to(request.user).filter(bilan__beneficiaire__user=request.user)
    return render(request, "seances/portail/travaux.html", {"travaux": list(travaux)})


@beneficiaire_required
@require_http_methods(["GET", "POST"])
def travail_rendre(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what was done and the time spent, until the consultant validates it."""
    travail = get_object_or_404(
        travaux_visible_to(request.user).filter(bilan__beneficiaire__user=request.user), pk=pk
    )
    initial = (
        {"compte_rendu": travail.compte_rendu, "minutes": travail.minutes_declarees}
        if travail.compte_rendu
        else None
    )
    form = TravailRenduForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.travail_report(
                travail=travail,
                beneficiaire_user=request.user,
                compte_rendu=form.cleaned_data["compte_rendu"],
                minutes=form.cleaned_data["minutes"],
                ip=client_ip(request),
            )
        except SeanceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Votre travail personnel est rendu à votre consultant."))
            return redirect("portail:travail_liste")
    return render(
        request, "seances/portail/travail_rendre.html", {"travail": travail, "form": form}
    )
