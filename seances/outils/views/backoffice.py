"""The consultant's screens of the tools: timeline, inventory review, gap matrices, scenario
comparison and the hand-over (issue 11). Only the assigned consultant (another one: 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from beneficiaires.models import Bilan
from bilan.audit.services import client_ip
from bilan.comptes.access import consultant_required

from .. import services
from ..errors import OutilsError
from ..forms import (
    CritereForm,
    EntreeForm,
    ExigenceForm,
    MatriceForm,
    NotesForm,
    PonderationForm,
    RetenirForm,
    RevueForm,
    ScenarioForm,
)
from ..remise import remises
from ..selectors import (
    competences_visible_to,
    dossier_du_bilan,
    entrees_visible_to,
    exigences_visible_to,
    inventaire,
    matrices_visible_to,
    scenarios_visible_to,
)
from ._commun import (
    ECHELLE,
    bilan_du_consultant,
    matrices_de,
    parcours_contexte,
    scenarios_contexte,
)


def _mien(request: HttpRequest, rows: Any, pk: int, chemin: str) -> Any:
    """An object of one of the consultant's bilans (another's id: 404)."""
    return get_object_or_404(rows.filter(**{chemin: request.user}), pk=pk)


@consultant_required
@require_GET
def outils_accueil(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = bilan_du_consultant(request, pk)
    dossier = dossier_du_bilan(user=request.user, bilan=bilan)
    return render(request, "outils/backoffice/accueil.html", {"bilan": bilan, "dossier": dossier})


def _parcours_page(request: HttpRequest, bilan: Bilan, form: EntreeForm | None = None, **ctx):
    return render(
        request,
        "outils/backoffice/parcours.html",
        {"bilan": bilan, "form": form or EntreeForm(), **parcours_contexte(request, bilan), **ctx},
    )


@consultant_required
@require_http_methods(["GET", "POST"])
def outils_parcours(request: HttpRequest, pk: int) -> HttpResponse:
    """The timeline and its table; adding a period (htmx swaps the section in place)."""
    bilan = bilan_du_consultant(request, pk)
    if request.method == "GET":
        return _parcours_page(request, bilan)
    form = EntreeForm(request.POST)
    if form.is_valid():
        try:
            services.entree_parcours_add(
                bilan=bilan, consultant=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except OutilsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("La période est ajoutée au parcours."))
            return redirect("backoffice:outils_parcours", bilan.pk)
    return _parcours_page(request, bilan, form)


@consultant_required
@require_POST
def outils_parcours_supprimer(request: HttpRequest, pk: int) -> HttpResponse:
    entree = _mien(
        request,
        entrees_visible_to(request.user).select_related("dossier__bilan"),
        pk,
        "dossier__bilan__consultant",
    )
    bilan = entree.dossier.bilan
    try:
        services.entree_parcours_delete(
            entree=entree, consultant=request.user, ip=client_ip(request)
        )
    except OutilsError as exc:
        return _parcours_page(request, bilan, erreur=exc.message)
    messages.success(request, _("La période est retirée du parcours."))
    return redirect("backoffice:outils_parcours", bilan.pk)


@consultant_required
@require_GET
def outils_competences(request: HttpRequest, pk: int) -> HttpResponse:
    """The inventory the beneficiary filled in, to review."""
    bilan = bilan_du_consultant(request, pk)
    dossier = dossier_du_bilan(user=request.user, bilan=bilan)
    competences = inventaire(user=request.user, dossier=dossier) if dossier else []
    return render(
        request,
        "outils/backoffice/competences.html",
        {"bilan": bilan, "dossier": dossier, "competences": competences, "echelle": ECHELLE},
    )


@consultant_required
@require_http_methods(["GET", "POST"])
def outils_competence_revue(request: HttpRequest, pk: int) -> HttpResponse:
    competence = _mien(
        request,
        competences_visible_to(request.user).select_related("dossier__bilan__beneficiaire__user"),
        pk,
        "dossier__bilan__consultant",
    )
    bilan = competence.dossier.bilan
    initial = {
        "niveau_consultant": competence.niveau_consultant,
        "commentaire": competence.commentaire_consultant,
    }
    form = RevueForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.competence_review(
                competence=competence,
                consultant=request.user,
                niveau_consultant=form.cleaned_data["niveau_consultant"],
                commentaire=form.cleaned_data["commentaire"],
                ip=client_ip(request),
            )
        except OutilsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Votre évaluation de la compétence est enregistrée."))
            return redirect("backoffice:outils_competences", bilan.pk)
    return render(
        request,
        "outils/backoffice/competence_revue.html",
        {"bilan": bilan, "competence": competence, "form": form, "echelle": ECHELLE},
    )


def _matrices_page(request: HttpRequest, bilan: Bilan, form: MatriceForm | None = None):
    return render(
        request,
        "outils/backoffice/matrices.html",
        {"bilan": bilan, "matrices": matrices_de(request, bilan), "form": form or MatriceForm()},
    )


@consultant_required
@require_http_methods(["GET", "POST"])
def outils_matrices(request: HttpRequest, pk: int) -> HttpResponse:
    """The bilan's gap matrices; opening one for a new target."""
    bilan = bilan_du_consultant(request, pk)
    if request.method == "GET":
        return _matrices_page(request, bilan)
    form = MatriceForm(request.POST)
    if form.is_valid():
        try:
            matrice = services.matrice_create(
                bilan=bilan, consultant=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except OutilsError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("backoffice:outils_matrice", matrice.pk)
    return _matrices_page(request, bilan, form)


def _matrice(request: HttpRequest, pk: int):
    rows = matrices_visible_to(request.user).select_related("dossier__bilan__beneficiaire__user")
    return _mien(request, rows, pk, "dossier__bilan__consultant")


def _matrice_page(request, matrice, *, form=None, exigence_form=None, erreur=""):
    dossier = matrice.dossier
    competences = inventaire(user=request.user, dossier=dossier)
    exigences = list(matrice.exigences.all())
    return render(
        request,
        "outils/backoffice/matrice.html",
        {
            "bilan": dossier.bilan,
            "matrice": matrice,
            "exigences": exigences,
            "ecarts": [e for e in exigences if e.ecart],
            "form": form
            or MatriceForm(
                initial={
                    "cible": matrice.cible,
                    "ressources": matrice.ressources,
                    "contraintes": matrice.contraintes,
                }
            ),
            "exigence_form": exigence_form or ExigenceForm(competences=competences),
            "erreur": erreur,
            "echelle": ECHELLE,
        },
    )


@consultant_required
@require_http_methods(["GET", "POST"])
def outils_matrice(request: HttpRequest, pk: int) -> HttpResponse:
    """One matrix: requirements against current levels, resources against constraints."""
    matrice = _matrice(request, pk)
    if request.method == "GET":
        return _matrice_page(request, matrice)
    form = MatriceForm(request.POST)
    if form.is_valid():
        try:
            services.matrice_update(
                matrice=matrice, consultant=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except OutilsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("La matrice est enregistrée."))
            return redirect("backoffice:outils_matrice", matrice.pk)
    return _matrice_page(request, matrice, form=form)


@consultant_required
@require_POST
def outils_exigence_ajouter(request: HttpRequest, pk: int) -> HttpResponse:
    matrice = _matrice(request, pk)
    competences = inventaire(user=request.user, dossier=matrice.dossier)
    form = ExigenceForm(request.POST, competences=competences)
    if form.is_valid():
        try:
            services.exigence_add(
                matrice=matrice, consultant=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except OutilsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("La compétence requise est ajoutée."))
            return redirect("backoffice:outils_matrice", matrice.pk)
    return _matrice_page(request, matrice, exigence_form=form)


@consultant_required
@require_POST
def outils_exigence_supprimer(request: HttpRequest, pk: int) -> HttpResponse:
    rows = exigences_visible_to(request.user).select_related("matrice__dossier__bilan")
    exigence = _mien(request, rows, pk, "matrice__dossier__bilan__consultant")
    matrice_pk = exigence.matrice_id
    try:
        services.exigence_delete(exigence=exigence, consultant=request.user, ip=client_ip(request))
    except OutilsError as exc:
        return _matrice_page(request, _matrice(request, matrice_pk), erreur=exc.message)
    messages.success(request, _("La compétence requise est retirée."))
    return redirect("backoffice:outils_matrice", matrice_pk)


def _scenarios_page(request: HttpRequest, bilan: Bilan, *, erreur: str = "", **forms: Any):
    ctx = scenarios_contexte(request, bilan)
    notes_form = forms.get("notes_form") or NotesForm(
        scenarios=ctx["scenarios"], criteres=ctx["criteres"], notes=ctx["valeurs"]
    )
    ctx["grille"] = [
        (c, [notes_form[f"note_{s.pk}_{c.pk}"] for s in ctx["scenarios"]]) for c in ctx["criteres"]
    ]
    return render(
        request,
        "outils/backoffice/scenarios.html",
        {
            "bilan": bilan,
            "erreur": erreur,
            "scenario_form": forms.get("scenario_form") or ScenarioForm(),
            "critere_form": forms.get("critere_form") or CritereForm(),
            "ponderation_form": forms.get("ponderation_form")
            or PonderationForm(criteres=ctx["criteres"]),
            "notes_form": notes_form,
            "retenir_form": forms.get("retenir_form") or RetenirForm(),
            "complet": len(ctx["scenarios"]) >= 4,
            **ctx,
        },
    )


@consultant_required
@require_http_methods(["GET", "POST"])
def outils_scenarios(request: HttpRequest, pk: int) -> HttpResponse:
    """The comparison grid; adding a scenario (four at most)."""
    bilan = bilan_du_consultant(request, pk)
    if request.method == "GET":
        return _scenarios_page(request, bilan)
    form = ScenarioForm(request.POST)
    if form.is_valid():
        try:
            services.scenario_add(
                bilan=bilan, consultant=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except OutilsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Le scénario est ajouté."))
            return redirect("backoffice:outils_scenarios", bilan.pk)
    return _scenarios_page(request, bilan, scenario_form=form)


@consultant_required
@require_POST
def outils_critere_ajouter(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = bilan_du_consultant(request, pk)
    form = CritereForm(request.POST)
    if form.is_valid():
        try:
            services.critere_add(
                bilan=bilan,
                consultant=request.user,
                libelle=form.cleaned_data["libelle"],
                ip=client_ip(request),
            )
        except OutilsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Le critère est ajouté : répartissez à nouveau les poids."))
            return redirect("backoffice:outils_scenarios", bilan.pk)
    return _scenarios_page(request, bilan, critere_form=form)


@consultant_required
@require_POST
def outils_ponderation(request: HttpRequest, pk: int) -> HttpResponse:
    """The beneficiary's weights; they must total 100 or nothing is stored."""
    bilan = bilan_du_consultant(request, pk)
    criteres = scenarios_contexte(request, bilan)["criteres"]
    form = PonderationForm(request.POST, criteres=criteres)
    if form.is_valid():
        try:
            services.criteres_ponderer(
                bilan=bilan, consultant=request.user, poids=form.poids(), ip=client_ip(request)
            )
        except OutilsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("La pondération est enregistrée."))
            return redirect("backoffice:outils_scenarios", bilan.pk)
    return _scenarios_page(request, bilan, ponderation_form=form)


@consultant_required
@require_POST
def outils_notes(request: HttpRequest, pk: int) -> HttpResponse:
    """The scores, 0 to 5; one out of range and nothing is stored."""
    bilan = bilan_du_consultant(request, pk)
    ctx = scenarios_contexte(request, bilan)
    form = NotesForm(request.POST, scenarios=ctx["scenarios"], criteres=ctx["criteres"])
    if form.is_valid():
        try:
            services.notes_set(
                bilan=bilan, consultant=request.user, notes=form.notes(), ip=client_ip(request)
            )
        except OutilsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Les notes sont enregistrées."))
            return redirect("backoffice:outils_scenarios", bilan.pk)
    return _scenarios_page(request, bilan, notes_form=form)


@consultant_required
@require_POST
def outils_scenario_retenir(request: HttpRequest, pk: int) -> HttpResponse:
    rows = scenarios_visible_to(request.user).select_related("dossier__bilan")
    scenario = _mien(request, rows, pk, "dossier__bilan__consultant")
    bilan = scenario.dossier.bilan
    form = RetenirForm(request.POST)
    if form.is_valid():
        try:
            services.scenario_retenir(
                scenario=scenario,
                consultant=request.user,
                raison=form.cleaned_data["raison"],
                ip=client_ip(request),
            )
        except OutilsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Le scénario %(l)s est retenu.") % {"l": scenario.lettre})
            return redirect("backoffice:outils_scenarios", bilan.pk)
    erreur = " ".join(e for errs in form.errors.values() for e in errs)
    return _scenarios_page(request, bilan, erreur=erreur, retenir_form=form)


@consultant_required
@require_http_methods(["GET", "POST"])
def outils_remise(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Remettre les résultats au bénéficiaire": a confirmation page (GET), then every
    registered kind of result handed over in one transaction (POST)."""
    bilan = bilan_du_consultant(request, pk)
    erreur = ""
    if request.method == "POST":
        try:
            faits = services.resultats_remettre(
                bilan=bilan, consultant=request.user, ip=client_ip(request)
            )
        except OutilsError as exc:
            erreur = exc.message
        else:
            detail = " ; ".join(f"{f.libelle} : {f.nombre}" for f in faits)
            messages.success(
                request,
                _("Les résultats sont remis au bénéficiaire (%(detail)s).") % {"detail": detail},
            )
            return redirect("backoffice:outils_accueil", bilan.pk)
    return render(
        request,
        "outils/backoffice/remise.html",
        {
            "bilan": bilan,
            "dossier": dossier_du_bilan(user=request.user, bilan=bilan),
            "remises": remises(),
            "erreur": erreur,
        },
    )
