"""The administrators' screens: the questionnaires' definitions (items, scale, scoring).
Definitions only: no answer, no score, no bilan is ever shown here (domain.md, The people)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bilan.audit.services import client_ip
from bilan.comptes.access import administrateur_required

from .. import services
from ..errors import QuestionnaireError
from ..forms import QuestionnaireForm
from ..models import Questionnaire
from ..selectors import questionnaire_avec_items, questionnaires_definitions

EXEMPLE_ECHELLE = "Pas du tout\nUn peu\nMoyennement\nBeaucoup\nÉnormément"


@administrateur_required
@require_GET
def questionnaire_liste(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "questionnaires/administration/liste.html",
        {"questionnaires": list(questionnaires_definitions())},
    )


def _editeur(request: HttpRequest, questionnaire: Questionnaire | None) -> HttpResponse:
    if questionnaire is not None:
        initial = {
            "nom": questionnaire.nom,
            "theme": questionnaire.theme,
            "consigne": questionnaire.consigne,
            "echelle": "\n".join(questionnaire.echelle),
            "calcul": questionnaire.calcul,
            "actif": questionnaire.actif,
            "contenu": services.questionnaire_contenu(questionnaire=questionnaire),
        }
    else:
        initial = {"echelle": EXEMPLE_ECHELLE, "actif": True}
    form = QuestionnaireForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_save(
                by=request.user,
                questionnaire=questionnaire,
                ip=client_ip(request),
                **form.cleaned_data,
            )
        except QuestionnaireError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Le questionnaire est enregistré."))
            return redirect("administration:questionnaire_liste")
    utilise = questionnaire is not None and questionnaire.passations.exists()
    return render(
        request,
        "questionnaires/administration/editer.html",
        {"form": form, "questionnaire": questionnaire, "utilise": utilise},
    )


@administrateur_required
@require_http_methods(["GET", "POST"])
def questionnaire_creer(request: HttpRequest) -> HttpResponse:
    return _editeur(request, None)


@administrateur_required
@require_http_methods(["GET", "POST"])
def questionnaire_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    return _editeur(request, get_object_or_404(questionnaire_avec_items(pk=pk)))
