"""The consultant's screens: the bilan's questionnaires (assign, read the results), the 360°
survey's results, published tests' restitutions (issue 11, point 5). Loaded through the
scoped selectors and the consultant's assignment: someone else's id answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bilan.audit.services import audit_record, client_ip
from bilan.comptes.access import consultant_required
from seances.views._commun import bilan_du_consultant

from .. import services
from ..errors import QuestionnaireError
from ..forms import AttribuerForm, RestitutionForm
from ..models import Restitution
from ..selectors import (
    enquete_resultats,
    enquetes_visible_to,
    invitations_of,
    passations_visible_to,
    questionnaires_proposes,
    restitutions_visible_to,
)
from .resultats import resultat_contexte, resultats_360_contexte


@consultant_required
@require_GET
def questionnaire_bilan(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = bilan_du_consultant(request, pk)
    passations = list(passations_visible_to(request.user).filter(bilan=bilan))
    form = AttribuerForm()
    form.fields["questionnaire"].queryset = questionnaires_proposes().exclude(
        pk__in=[p.questionnaire_id for p in passations]
    )
    enquete = enquetes_visible_to(request.user).filter(bilan=bilan).first()
    return render(
        request,
        "questionnaires/backoffice/bilan.html",
        {
            "bilan": bilan,
            "passations": passations,
            "form": form,
            "enquete": enquete,
            "nombre_reponses": enquete.reponses.count() if enquete else 0,
            "restitutions": list(restitutions_visible_to(request.user).filter(bilan=bilan)),
        },
    )


@consultant_required
@require_POST
def questionnaire_attribuer(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = bilan_du_consultant(request, pk)
    form = AttribuerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un questionnaire proposé."))
    else:
        try:
            services.passation_attribuer(
                bilan=bilan,
                consultant=request.user,
                questionnaire=form.cleaned_data["questionnaire"],
                ip=client_ip(request),
            )
        except QuestionnaireError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Le questionnaire est proposé au bénéficiaire dans son portail."),
            )
    return redirect("backoffice:questionnaire_bilan", pk=bilan.pk)


@consultant_required
@require_GET
def questionnaire_resultat(request: HttpRequest, pk: int) -> HttpResponse:
    passation = get_object_or_404(passations_visible_to(request.user), pk=pk)
    # Reads of content are logged (domain.md, Audit log), never a value.
    audit_record(
        event="questionnaire.viewed", actor=request.user, target=passation, ip=client_ip(request)
    )
    return render(request, "questionnaires/backoffice/resultat.html", resultat_contexte(passation))


@consultant_required
@require_GET
def questionnaire_entourage(request: HttpRequest, pk: int) -> HttpResponse:
    """The survey's results as they come (the beneficiary reads them once handed over)."""
    bilan = bilan_du_consultant(request, pk)
    enquete = enquetes_visible_to(request.user).filter(bilan=bilan).first()
    contexte = {"bilan": bilan, "enquete": enquete}
    if enquete is not None:
        audit_record(
            event="entourage.viewed", actor=request.user, target=enquete, ip=client_ip(request)
        )
        contexte["invitations"] = invitations_of(enquete=enquete)
        contexte.update(resultats_360_contexte(enquete_resultats(enquete=enquete)))
    return render(request, "questionnaires/backoffice/entourage.html", contexte)


def _restitution_page(request: HttpRequest, bilan, restitution: Restitution | None):
    initial = (
        {
            "test_nom": restitution.test_nom,
            "date": restitution.date,
            "notes": restitution.notes,
            "document_reference": restitution.document_reference,
        }
        if restitution
        else {"date": timezone.localdate()}
    )
    form = RestitutionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.restitution_enregistrer(
                bilan=bilan,
                consultant=request.user,
                restitution=restitution,
                ip=client_ip(request),
                **form.cleaned_data,
            )
        except QuestionnaireError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("La restitution du test est enregistrée."))
            return redirect("backoffice:questionnaire_bilan", pk=bilan.pk)
    return render(
        request,
        "questionnaires/backoffice/restitution.html",
        {"bilan": bilan, "restitution": restitution, "form": form},
    )


@consultant_required
@require_http_methods(["GET", "POST"])
def questionnaire_restitution_creer(request: HttpRequest, pk: int) -> HttpResponse:
    return _restitution_page(request, bilan_du_consultant(request, pk), None)


@consultant_required
@require_http_methods(["GET", "POST"])
def questionnaire_restitution_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    restitution = get_object_or_404(restitutions_visible_to(request.user), pk=pk)
    if request.method == "GET":
        audit_record(
            event="restitution.viewed",
            actor=request.user,
            target=restitution,
            ip=client_ip(request),
        )
    return _restitution_page(request, restitution.bilan, restitution)
