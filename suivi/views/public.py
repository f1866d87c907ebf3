"""Reached without an account: the à-froid survey (single-use link) and the offers' public
pages (Qualiopi indicators 1 and 2)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .. import selectors, services
from ..errors import SuiviError
from ..forms import EnqueteForm
from ..models import Moment, Offre
from .graphique import graphique


@never_cache
@require_http_methods(["GET", "POST"])
def avis_froid(request: HttpRequest, jeton: str) -> HttpResponse:
    """The à-froid survey (domain.md, 10: 3 to 6 months after); the link is the credential
    and works once. A reused, expired or unknown link: a French message, nothing written."""
    try:
        invitation = services.invitation_pour_jeton(token=jeton)
    except SuiviError as exc:
        return render(
            request,
            "suivi/public/avis_ferme.html",
            {"message": exc.message},
            status=410 if exc.code != "jeton_inconnu" else 404,
        )
    questions = selectors.questions_posees(moment=Moment.FROID)
    form = EnqueteForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.enquete_repondre(
                bilan=invitation.bilan,
                moment=Moment.FROID,
                donnees=form.cleaned_data,
                invitation=invitation,
            )
        except SuiviError as exc:
            form.add_error(None, exc.message)
        else:
            return render(request, "suivi/public/avis_merci.html")
    return render(
        request,
        "suivi/public/avis.html",
        {"form": form, "questionnaire": selectors.questionnaire_de(moment=Moment.FROID)},
    )


@require_GET
def offre_liste(request: HttpRequest) -> HttpResponse:
    return render(
        request, "suivi/public/offres.html", {"offres": Offre.objects.filter(publiee=True)}
    )


@require_GET
def offre_detail(request: HttpRequest, slug: str) -> HttpResponse:
    offre = get_object_or_404(Offre, slug=slug, publiee=True)
    resultats = selectors.resultats_offre(offre=offre)
    return render(
        request,
        "suivi/public/offre.html",
        {"offre": offre, "r": resultats, "graphique": graphique(resultats)},
    )
