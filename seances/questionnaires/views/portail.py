"""The beneficiary's screens: their questionnaires (answer once, read the scores), the 360°
survey (open it, invite, read the results once handed over), the tests' restitutions once
handed over (issue 11, point 5). Only their own bilans: someone else's id answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from beneficiaires.models import Bilan
from beneficiaires.selectors import bilans_for_beneficiaire
from bilan.audit.services import client_ip
from bilan.comptes.access import beneficiaire_required

from .. import services
from ..errors import QuestionnaireError
from ..forms import EnqueteOuvrirForm, InvitationForm
from ..models import INVITATIONS_MAX, Passation
from ..selectors import (
    enquete_resultats,
    enquetes_visible_to,
    invitations_of,
    passations_visible_to,
    restitutions_visible_to,
)
from ..services._commun import ETATS_ACTIFS
from ._commun import reponses_postees
from .resultats import resultat_contexte, resultats_360_contexte


@beneficiaire_required
@require_GET
def questionnaire_liste(request: HttpRequest) -> HttpResponse:
    passations = list(passations_visible_to(request.user).order_by("attribue_le", "pk"))
    return render(
        request,
        "questionnaires/portail/liste.html",
        {
            "a_remplir": [p for p in passations if p.repondu_le is None],
            "remplis": [p for p in passations if p.repondu_le is not None],
            "restitutions": list(restitutions_visible_to(request.user)),
            "bilans_actifs": list(
                bilans_for_beneficiaire(user=request.user).filter(etat__in=ETATS_ACTIFS)
            ),
        },
    )


def _passation(request: HttpRequest, pk: int) -> Passation:
    return get_object_or_404(passations_visible_to(request.user), pk=pk)


@beneficiaire_required
@require_http_methods(["GET", "POST"])
def questionnaire_repondre(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole questionnaire on one page: a fieldset per dimension, a radio group per
    item (keyboard: Tab between groups, arrows within one). Answered once."""
    passation = _passation(request, pk)
    erreur = ""
    postees: dict[int, str] = {}
    if request.method == "POST":
        postees = reponses_postees(request.POST)
        try:
            services.passation_repondre(
                passation=passation,
                beneficiaire_user=request.user,
                reponses=postees,
                ip=client_ip(request),
            )
        except QuestionnaireError as exc:
            if exc.code == "deja_repondu":
                messages.error(request, exc.message)
                return redirect("portail:questionnaire_resultat", pk=passation.pk)
            erreur = exc.message
        else:
            messages.success(request, _("Merci : vos réponses sont enregistrées."))
            return redirect("portail:questionnaire_resultat", pk=passation.pk)
    elif passation.repondu_le is not None:
        messages.info(
            request, _("Vous avez déjà répondu à ce questionnaire : voici vos résultats.")
        )
        return redirect("portail:questionnaire_resultat", pk=passation.pk)
    questionnaire = passation.questionnaire
    dimensions = [
        {
            "libelle": d.libelle,
            "items": [
                {"item": i, "nom": f"item_{i.pk}", "valeur": str(postees.get(i.pk, ""))}
                for i in d.items.all()
            ],
        }
        for d in questionnaire.dimensions.prefetch_related("items")
    ]
    return render(
        request,
        "questionnaires/portail/repondre.html",
        {
            "passation": passation,
            "questionnaire": questionnaire,
            "dimensions": dimensions,
            "echelle": [(str(n), libelle) for n, libelle in enumerate(questionnaire.echelle, 1)],
            "erreur": erreur,
        },
    )


@beneficiaire_required
@require_GET
def questionnaire_resultat(request: HttpRequest, pk: int) -> HttpResponse:
    passation = _passation(request, pk)
    if passation.repondu_le is None:
        return redirect("portail:questionnaire_repondre", pk=passation.pk)
    return render(request, "questionnaires/portail/resultat.html", resultat_contexte(passation))


def _bilan(request: HttpRequest, pk: int) -> Bilan:
    return get_object_or_404(bilans_for_beneficiaire(user=request.user), pk=pk)


def _entourage_page(
    request: HttpRequest, bilan: Bilan, *, status: int = 200, **extra: Any
) -> HttpResponse:
    enquete = enquetes_visible_to(request.user).filter(bilan=bilan).first()
    contexte: dict[str, Any] = {
        "bilan": bilan,
        "enquete": enquete,
        "actif": bilan.etat in ETATS_ACTIFS,
        "max": INVITATIONS_MAX,
        "ouvrir_form": EnqueteOuvrirForm(),
        "invitation_form": InvitationForm(),
    }
    if enquete is not None:
        invitations = invitations_of(enquete=enquete)
        contexte["invitations"] = invitations
        contexte["peut_inviter"] = contexte["actif"] and len(invitations) < INVITATIONS_MAX
        contexte["nombre_reponses"] = enquete.reponses.count()
        if enquete.remis_le is not None:
            contexte.update(resultats_360_contexte(enquete_resultats(enquete=enquete)))
    contexte.update(extra)
    return render(request, "questionnaires/portail/entourage.html", contexte, status=status)


@beneficiaire_required
@require_GET
def questionnaire_entourage(request: HttpRequest, pk: int) -> HttpResponse:
    return _entourage_page(request, _bilan(request, pk))


@beneficiaire_required
@require_POST
def questionnaire_entourage_ouvrir(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = _bilan(request, pk)
    form = EnqueteOuvrirForm(request.POST)
    if form.is_valid():
        try:
            services.enquete_ouvrir(
                bilan=bilan,
                beneficiaire_user=request.user,
                anonyme=form.cleaned_data["anonyme"],
                ip=client_ip(request),
            )
        except QuestionnaireError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Votre enquête est ouverte : invitez votre entourage."))
            return redirect("portail:questionnaire_entourage", pk=bilan.pk)
    return _entourage_page(request, bilan, ouvrir_form=form)


@beneficiaire_required
@require_POST
def questionnaire_entourage_inviter(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = _bilan(request, pk)
    enquete = enquetes_visible_to(request.user).filter(bilan=bilan).first()
    form = InvitationForm(request.POST)
    if enquete is None:
        form.add_error(None, _("Ouvrez d'abord l'enquête en choisissant l'anonymat ou non."))
    elif form.is_valid():
        try:
            services.invitation_creer(
                enquete=enquete,
                beneficiaire_user=request.user,
                email=form.cleaned_data["email"],
                nom=form.cleaned_data["nom"],
                ip=client_ip(request),
            )
        except QuestionnaireError as exc:
            form.add_error("email" if exc.code.startswith("email") else None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "L'invitation part par e-mail ; le lien est valable 21 jours et ne sert "
                    "qu'une fois."
                ),
            )
            return redirect("portail:questionnaire_entourage", pk=bilan.pk)
    return _entourage_page(request, bilan, invitation_form=form)
