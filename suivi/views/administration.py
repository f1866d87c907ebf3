"""The administrators' follow-up screens: results (Qualiopi 1 and 2), offers, survey
questions. Metadata and anonymous aggregates only, never a bilan's content."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bilan.comptes.access import administrateur_required

from .. import selectors, services
from ..errors import SuiviError
from ..forms import OffreForm, QuestionForm
from ..models import Moment, Offre, Question, Questionnaire
from .graphique import graphique


@administrateur_required
@require_GET
def suivi_resultats(request: HttpRequest) -> HttpResponse:
    resultats = [selectors.resultats_offre(offre=o) for o in Offre.objects.all()]
    return render(
        request,
        "suivi/administration/resultats.html",
        {
            "resultats": [(r, graphique(r)) for r in resultats],
            "textes": selectors.textes_libres(),
        },
    )


@administrateur_required
@require_GET
def suivi_offres(request: HttpRequest) -> HttpResponse:
    return render(request, "suivi/administration/offres.html", {"offres": Offre.objects.all()})


@administrateur_required
@require_http_methods(["GET", "POST"])
def suivi_offre_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    offre = get_object_or_404(Offre, pk=pk)
    form = OffreForm(request.POST or None, instance=offre)
    if request.method == "POST" and form.is_valid():
        services.offre_enregistrer(offre=form.instance, acteur=request.user)
        messages.success(request, _("L'offre est enregistrée et datée d'aujourd'hui."))
        return redirect("administration:suivi_offres")
    return render(request, "suivi/administration/offre.html", {"offre": offre, "form": form})


@administrateur_required
@require_http_methods(["GET", "POST"])
def suivi_questionnaire(request: HttpRequest, moment: str) -> HttpResponse:
    if moment not in Moment.values:
        raise Http404
    questionnaire = get_object_or_404(Questionnaire, moment=moment)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_ajouter(
                questionnaire=questionnaire, acteur=request.user, **form.cleaned_data
            )
        except SuiviError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("La question est ajoutée."))
            return redirect("administration:suivi_questionnaire", moment=moment)
    return render(
        request,
        "suivi/administration/questionnaire.html",
        {
            "questionnaire": questionnaire,
            "questions": questionnaire.questions.filter(active=True),
            "form": form,
            "questionnaires": Questionnaire.objects.all(),
        },
    )


@administrateur_required
@require_POST
def suivi_question_retirer(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("questionnaire"), pk=pk)
    services.question_retirer(question=question, acteur=request.user)
    messages.success(request, _("La question n'est plus posée ; ses réponses restent."))
    return redirect("administration:suivi_questionnaire", moment=question.questionnaire.moment)
