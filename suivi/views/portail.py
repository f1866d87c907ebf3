"""The beneficiary's follow-up: the offer and its answer, booking a slot, the interview and
its record, the à-chaud survey (domain.md, 10). Only their own bilans (another's id: 404)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from beneficiaires.models import Bilan
from beneficiaires.selectors import bilans_visible_to
from bilan.audit.services import client_ip
from bilan.comptes.access import beneficiaire_required

from .. import selectors, services
from ..errors import SuiviError
from ..forms import DecisionForm, EnqueteForm, ReservationForm
from ..models import Moment


def _bilan(request: HttpRequest, pk: int) -> Bilan:
    rows = bilans_visible_to(user=request.user).filter(beneficiaire__user=request.user)
    return get_object_or_404(rows.select_related("consultant"), pk=pk)


def _contexte(request: HttpRequest, bilan: Bilan, **extra: object) -> dict:
    fin = selectors.fin_du_bilan(bilan=bilan)
    entretien = selectors.entretiens_visible_to(request.user).filter(bilan=bilan).first()
    suivi = selectors.suivi_de(bilan=bilan)
    accord_fin = fin + datetime.timedelta(days=selectors.conservation_jours()) if fin else None
    return {
        "bilan": bilan,
        "fin": fin,
        "suivi": suivi,
        "entretien": entretien,
        "actions": selectors.actions_du_plan(bilan=bilan) if entretien else [],
        "creneaux": selectors.creneaux_libres(consultant=bilan.consultant)[:30]
        if entretien is None and bilan.etat in selectors.ETATS_SUIVI
        else [],
        "ouvert": bilan.etat in selectors.ETATS_SUIVI,
        "avis_donne": selectors.avis_chaud_donne(bilan=bilan),
        "accord_texte": services.accord_texte(
            organisation=settings.ORGANISATION_NOM, fin=accord_fin
        )
        if accord_fin
        else "",
        "decision_form": extra.pop("decision_form", None) or DecisionForm(),
        **extra,
    }


@beneficiaire_required
@require_GET
def suivi_bilan(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = _bilan(request, pk)
    return render(request, "suivi/portail/suivi.html", _contexte(request, bilan))


@beneficiaire_required
@require_POST
def suivi_decision(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = _bilan(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.suivi_decider(
                bilan=bilan,
                beneficiaire_user=request.user,
                accepte=form.cleaned_data["decision"] == "accepte",
                conservation=form.cleaned_data["conservation"],
                organisation=settings.ORGANISATION_NOM,
                ip=client_ip(request),
            )
        except SuiviError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Votre réponse est enregistrée."))
            return redirect("portail:suivi_bilan", pk=bilan.pk)
    return render(
        request, "suivi/portail/suivi.html", _contexte(request, bilan, decision_form=form)
    )


@beneficiaire_required
@require_POST
def suivi_reserver(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = _bilan(request, pk)
    form = ReservationForm(request.POST)
    erreur = _("Choisissez un créneau.")
    if form.is_valid():
        try:
            services.entretien_reserver(
                bilan=bilan,
                beneficiaire_user=request.user,
                creneau_id=form.cleaned_data["creneau"],
                ip=client_ip(request),
            )
        except SuiviError as exc:
            erreur = exc.message
        else:
            messages.success(request, _("Votre entretien de suivi est réservé."))
            return redirect("portail:suivi_bilan", pk=bilan.pk)
    return render(
        request,
        "suivi/portail/suivi.html",
        _contexte(request, bilan, erreur_reservation=erreur),
        status=200,
    )


@beneficiaire_required
@require_http_methods(["GET", "POST"])
def suivi_avis(request: HttpRequest, pk: int) -> HttpResponse:
    """The à-chaud survey (domain.md, 10: at the end of the bilan)."""
    bilan = _bilan(request, pk)
    questions = selectors.questions_posees(moment=Moment.CHAUD)
    form = EnqueteForm(request.POST or None, questions=questions)
    deja = selectors.avis_chaud_donne(bilan=bilan)
    if request.method == "POST" and not deja and form.is_valid():
        try:
            services.enquete_chaud_repondre(
                bilan=bilan, beneficiaire_user=request.user, donnees=form.cleaned_data
            )
        except SuiviError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Merci pour votre avis !"))
            return redirect("portail:suivi_bilan", pk=bilan.pk)
    return render(
        request,
        "suivi/portail/avis.html",
        {
            "bilan": bilan,
            "form": form,
            "deja": deja,
            "questionnaire": selectors.questionnaire_de(moment=Moment.CHAUD),
        },
    )
