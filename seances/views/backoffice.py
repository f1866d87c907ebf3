"""The consultant's screens: the bilan's plan and progress, each session (slot, notes,
attendance), personal work and the agenda (domain.md, The life of a bilan, 3-6).

Every object is loaded through a scoped selector and the consultant's assignment (someone
else's id: 404); every write is one service call; a refusal re-renders the page with the
service's French message and nothing changed.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from beneficiaires.models import Bilan
from bilan.audit.services import client_ip
from bilan.comptes.access import consultant_required

from .. import services
from ..errors import SeanceError
from ..forms import (
    AbsenceForm,
    AnnulationForm,
    ConnexionForm,
    CreneauForm,
    NoteForm,
    PeriodeForm,
    PlanCreerForm,
    PlanTravailForm,
    ReportForm,
    SeanceLigneForm,
    TravailAssignForm,
    TravailValiderForm,
)
from ..models import PHASES_ORDRE, Emargement, FluxAgenda, Phase, Plan, Seance
from ..selectors import (
    agenda_consultant,
    bilan_progression,
    notes_visible_to,
    seance_a_signer_par,
    seance_etat,
    seances_visible_to,
    travaux_visible_to,
)
from ._commun import (
    bilan_du_consultant,
    emargement_code_page,
    emargement_page,
    ics_response,
    seance_du_consultant,
)

# ---------------------------------------------------------------------------- the plan


def _plan_contexte(bilan: Bilan, **extra: Any) -> dict[str, Any]:
    plan = Plan.objects.filter(bilan=bilan).first()
    seances = list(
        Seance.objects.filter(bilan=bilan)
        .prefetch_related(
            Prefetch(
                "emargements",
                queryset=Emargement.objects.only("pk", "seance_id", "demi_journee", "role"),
            )
        )
        .order_by("numero")
    )
    progression = bilan_progression(bilan=bilan)
    par_phase = {ligne.phase: ligne for ligne in progression.phases}
    phases = [
        {
            "phase": Phase(p),
            "seances": [s for s in seances if s.phase == p],
            "progression": par_phase.get(p),
        }
        for p in PHASES_ORDRE
    ]
    contexte = {
        "bilan": bilan,
        "plan": plan,
        "phases": phases,
        "progression": progression,
        "pourcentage": round(progression.taux * 100),
        "pourcentage_total": round(
            100 * progression.minutes_realisees / (progression.minutes_prevues or 1)
        ),
        "avertissements": services.plan_avertissements(bilan_id=bilan.pk) if plan else [],
        "creer_form": PlanCreerForm() if plan is None else None,
        "travail_form": PlanTravailForm(initial={"minutes": plan.minutes_travail_prevues})
        if plan
        else None,
    }
    contexte.update(extra)
    return contexte


@consultant_required
@require_GET
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = bilan_du_consultant(request, pk)
    return render(request, "seances/backoffice/plan.html", _plan_contexte(bilan))


@consultant_required
@require_POST
def plan_creer(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = bilan_du_consultant(request, pk)
    form = PlanCreerForm(request.POST)
    if form.is_valid():
        try:
            services.plan_create(
                bilan=bilan,
                consultant=request.user,
                modele=form.cleaned_data["modele"],
                ip=client_ip(request),
            )
        except SeanceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Le plan du bilan est créé à partir du modèle."))
            return redirect("backoffice:plan", pk=bilan.pk)
    return render(request, "seances/backoffice/plan.html", _plan_contexte(bilan, creer_form=form))


@consultant_required
@require_POST
def plan_travail(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = bilan_du_consultant(request, pk)
    form = PlanTravailForm(request.POST)
    if form.is_valid():
        try:
            services.plan_travail_set(
                bilan=bilan,
                consultant=request.user,
                minutes=form.cleaned_data["minutes"],
                ip=client_ip(request),
            )
        except SeanceError as exc:
            form.add_error("minutes", exc.message)
        else:
            messages.success(request, _("Le temps de travail personnel prévu est enregistré."))
            return redirect("backoffice:plan", pk=bilan.pk)
    return render(request, "seances/backoffice/plan.html", _plan_contexte(bilan, travail_form=form))


# ------------------------------------------------------------ one form, one service call


def _formulaire(
    request: HttpRequest,
    *,
    form_class: type[forms.Form],
    initial: dict[str, Any] | None,
    action: Callable[[dict[str, Any]], object],
    succes: str,
    retour: str,
    contexte: dict[str, Any],
) -> HttpResponse:
    """GET shows the form; POST validates it and calls the service once; a refusal is
    shown above the form (nothing changed)."""
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except SeanceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, succes)
            return redirect(retour)
    return render(request, "seances/backoffice/formulaire.html", {**contexte, "form": form})


@consultant_required
@require_http_methods(["GET", "POST"])
def seance_ajouter(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = bilan_du_consultant(request, pk)
    return _formulaire(
        request,
        form_class=SeanceLigneForm,
        initial=None,
        action=lambda d: services.seance_add(
            bilan=bilan, consultant=request.user, ip=client_ip(request), **d
        ),
        succes=_("La séance est ajoutée au plan."),
        retour=reverse("backoffice:plan", args=[bilan.pk]),
        contexte={"bilan": bilan, "titre": _("Ajouter une séance au plan"), "bouton": _("Ajouter")},
    )


def _contexte_seance(seance: Seance, titre: str, bouton: str, **extra: Any) -> dict[str, Any]:
    return {"bilan": seance.bilan, "seance": seance, "titre": titre, "bouton": bouton, **extra}


@consultant_required
@require_http_methods(["GET", "POST"])
def seance_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    seance = seance_du_consultant(request, pk)
    return _formulaire(
        request,
        form_class=SeanceLigneForm,
        initial={
            "phase": seance.phase,
            "intitule": seance.intitule,
            "duree_minutes": seance.duree_minutes,
        },
        action=lambda d: services.seance_update(
            seance=seance, consultant=request.user, ip=client_ip(request), **d
        ),
        succes=_("La séance est modifiée."),
        retour=reverse("backoffice:plan", args=[seance.bilan_id]),
        contexte=_contexte_seance(seance, _("Modifier la séance"), _("Enregistrer")),
    )


@consultant_required
@require_http_methods(["GET", "POST"])
def seance_retirer(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST takes the session out of the plan."""
    seance = seance_du_consultant(request, pk)
    return _formulaire(
        request,
        form_class=forms.Form,
        initial=None,
        action=lambda d: services.seance_remove(
            seance=seance, consultant=request.user, ip=client_ip(request)
        ),
        succes=_("La séance est retirée du plan."),
        retour=reverse("backoffice:plan", args=[seance.bilan_id]),
        contexte=_contexte_seance(
            seance,
            _("Retirer la séance du plan"),
            _("Retirer la séance"),
            confirmation=_("La séance sera retirée du plan ; ses heures ne seront plus prévues."),
        ),
    )


def _creneau_action(request: HttpRequest, seance: Seance, service: Callable[..., object]):
    def action(d: dict[str, Any]) -> object:
        return service(
            seance=seance,
            consultant=request.user,
            ip=client_ip(request),
            **{**d, "lieu": d.get("lieu") or "", "lien_visio": d.get("lien_visio") or ""},
        )

    return action


def _creneau_initial(seance: Seance) -> dict[str, Any]:
    return {
        "date": seance.date,
        "debut": seance.debut,
        "fin": seance.fin,
        "modalite": seance.modalite or "presentiel",
        "lieu": seance.lieu,
        "lien_visio": seance.lien_visio,
    }


@consultant_required
@require_http_methods(["GET", "POST"])
def seance_planifier(request: HttpRequest, pk: int) -> HttpResponse:
    seance = seance_du_consultant(request, pk)
    return _formulaire(
        request,
        form_class=CreneauForm,
        initial=_creneau_initial(seance),
        action=_creneau_action(request, seance, services.seance_schedule),
        succes=_("La séance est planifiée."),
        retour=reverse("backoffice:plan", args=[seance.bilan_id]),
        contexte=_contexte_seance(seance, _("Planifier la séance"), _("Planifier")),
    )


@consultant_required
@require_http_methods(["GET", "POST"])
def seance_reporter(request: HttpRequest, pk: int) -> HttpResponse:
    seance = seance_du_consultant(request, pk)
    return _formulaire(
        request,
        form_class=ReportForm,
        initial=_creneau_initial(seance),
        action=_creneau_action(request, seance, services.seance_reschedule),
        succes=_("La séance est reportée."),
        retour=reverse("backoffice:plan", args=[seance.bilan_id]),
        contexte=_contexte_seance(seance, _("Reporter la séance"), _("Reporter")),
    )


@consultant_required
@require_http_methods(["GET", "POST"])
def seance_annuler(request: HttpRequest, pk: int) -> HttpResponse:
    seance = seance_du_consultant(request, pk)
    return _formulaire(
        request,
        form_class=AnnulationForm,
        initial=None,
        action=lambda d: services.seance_cancel(
            seance=seance, consultant=request.user, motif=d["motif"], ip=client_ip(request)
        ),
        succes=_("La séance est annulée ; ses heures ne sont plus prévues."),
        retour=reverse("backoffice:plan", args=[seance.bilan_id]),
        contexte=_contexte_seance(seance, _("Annuler la séance"), _("Annuler la séance")),
    )


@consultant_required
@require_http_methods(["GET", "POST"])
def seance_absence(request: HttpRequest, pk: int) -> HttpResponse:
    seance = seance_du_consultant(request, pk)
    return _formulaire(
        request,
        form_class=AbsenceForm,
        initial=None,
        action=lambda d: services.seance_absence_record(
            seance=seance, consultant=request.user, ip=client_ip(request), **d
        ),
        succes=_("L'absence est enregistrée."),
        retour=reverse("backoffice:seance", args=[seance.pk]),
        contexte=_contexte_seance(seance, _("Enregistrer une absence"), _("Enregistrer l'absence")),
    )


@consultant_required
@require_http_methods(["GET", "POST"])
def seance_connexion(request: HttpRequest, pk: int) -> HttpResponse:
    seance = seance_du_consultant(request, pk)

    def action(d: dict[str, Any]) -> object:
        jour = seance.date or timezone.localdate()
        return services.seance_connexion_record(
            seance=seance,
            consultant=request.user,
            rejoint_a=timezone.make_aware(datetime.datetime.combine(jour, d["rejoint_a"])),
            quitte_a=timezone.make_aware(datetime.datetime.combine(jour, d["quitte_a"])),
            ip=client_ip(request),
        )

    return _formulaire(
        request,
        form_class=ConnexionForm,
        initial=None,
        action=action,
        succes=_("Les heures de connexion sont enregistrées."),
        retour=reverse("backoffice:seance", args=[seance.pk]),
        contexte=_contexte_seance(
            seance, _("Heures de connexion de la séance à distance"), _("Enregistrer")
        ),
    )


# ---------------------------------------------------------------------------- a session


def _seance_contexte(request: HttpRequest, seance: Seance, **extra: Any) -> dict[str, Any]:
    note = notes_visible_to(request.user).filter(seance=seance).first()
    initial = {"texte": note.texte, "partagee": note.partagee} if note else None
    emargements = list(seance.emargements.select_related("signataire"))
    contexte = {
        "bilan": seance.bilan,
        "seance": seance,
        "note": note,
        "note_form": NoteForm(initial=initial),
        "emargements": emargements,
        "etat": seance_etat(seance, emargements, today=timezone.localdate()),
        "a_signer": seance_a_signer_par(seance, emargements, request.user)
        and seance.date is not None
        and seance.date >= timezone.localdate(),
        "demi_journees": services.demi_journees(seance) if seance.debut else [],
        "evenements": list(seance.evenements.all()),
        "a_distance": seance.modalite in ("distanciel", "mixte"),
    }
    contexte.update(extra)
    return contexte


@consultant_required
@require_GET
def seance(request: HttpRequest, pk: int) -> HttpResponse:
    seance = seance_du_consultant(request, pk)
    return render(request, "seances/backoffice/seance.html", _seance_contexte(request, seance))


@consultant_required
@require_POST
def seance_note(request: HttpRequest, pk: int) -> HttpResponse:
    seance = seance_du_consultant(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_seance_set(
                seance=seance, consultant=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except SeanceError as exc:
            form.add_error("texte", exc.message)
        else:
            messages.success(request, _("Les notes de la séance sont enregistrées."))
            return redirect("backoffice:seance", pk=seance.pk)
    return render(
        request, "seances/backoffice/seance.html", _seance_contexte(request, seance, note_form=form)
    )


@consultant_required
@require_GET
def seance_ics(request: HttpRequest, pk: int) -> HttpResponse:
    seance = seance_du_consultant(request, pk)
    if seance.date is None:
        raise Http404
    return ics_response(seance)


# -------------------------------------------------------------------------- attendance


@consultant_required
@require_http_methods(["GET", "POST"])
def emargement(request: HttpRequest, pk: int) -> HttpResponse:
    seance = seance_du_consultant(request, pk)
    return emargement_page(
        request,
        seance,
        template="seances/backoffice/emargement.html",
        retour=reverse("backoffice:seance", args=[seance.pk]),
    )


@consultant_required
@require_POST
def emargement_code(request: HttpRequest, pk: int) -> HttpResponse:
    seance = seance_du_consultant(request, pk)
    return emargement_code_page(
        request,
        seance,
        template="seances/backoffice/emargement.html",
        page=reverse("backoffice:emargement", args=[seance.pk]),
    )


@consultant_required
@require_GET
def emargement_verifier(request: HttpRequest, pk: int) -> HttpResponse:
    """Recompute a signature's SHA-256: "intacte" or "altérée" (Code civil 1366-1367)."""
    seances = seances_visible_to(request.user).filter(bilan__consultant=request.user)
    signature = get_object_or_404(
        Emargement.objects.filter(seance__in=seances).select_related("seance", "signataire"),
        pk=pk,
    )
    etat = services.emargement_verifier(emargement=signature)
    return render(
        request,
        "seances/backoffice/emargement_verifier.html",
        {"emargement": signature, "seance": signature.seance, "intact": etat == "intact"},
    )


# ------------------------------------------------------------------------ personal work


def _travaux_contexte(bilan: Bilan, request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "bilan": bilan,
        "plan": Plan.objects.filter(bilan=bilan).first(),
        "travaux": list(travaux_visible_to(request.user).filter(bilan=bilan)),
        "form": TravailAssignForm(),
        "valider_form": TravailValiderForm(),
        **extra,
    }


@consultant_required
@require_http_methods(["GET", "POST"])
def travail_liste(request: HttpRequest, pk: int) -> HttpResponse:
    """The bilan's personal work; POST assigns a new one."""
    bilan = bilan_du_consultant(request, pk)
    if request.method == "POST":
        form = TravailAssignForm(request.POST)
        if form.is_valid():
            try:
                services.travail_assign(
                    bilan=bilan, consultant=request.user, ip=client_ip(request), **form.cleaned_data
                )
            except SeanceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Le travail personnel est assigné."))
                return redirect("backoffice:travail_liste", pk=bilan.pk)
        return render(
            request, "seances/backoffice/travaux.html", _travaux_contexte(bilan, request, form=form)
        )
    return render(request, "seances/backoffice/travaux.html", _travaux_contexte(bilan, request))


@consultant_required
@require_POST
def travail_valider(request: HttpRequest, pk: int) -> HttpResponse:
    travail = get_object_or_404(
        travaux_visible_to(request.user)
        .filter(bilan__consultant=request.user)
        .select_related("bilan"),
        pk=pk,
    )
    form = TravailValiderForm(request.POST)
    erreur = ""
    if form.is_valid():
        try:
            services.travail_validate(
                travail=travail,
                consultant=request.user,
                minutes_validees=form.cleaned_data["minutes_validees"],
                ip=client_ip(request),
            )
        except SeanceError as exc:
            erreur = exc.message
        else:
            messages.success(request, _("Le travail personnel est validé."))
            return redirect("backoffice:travail_liste", pk=travail.bilan_id)
    else:
        erreur = _("Le temps validé doit être un nombre de minutes positif.")
    return render(
        request,
        "seances/backoffice/travaux.html",
        _travaux_contexte(travail.bilan, request, erreur=erreur),
    )


# ------------------------------------------------------------------------------ agenda


def _bornes(
    vue: str, jour: datetime.date
) -> tuple[datetime.date, datetime.date, datetime.date, datetime.date]:
    """The period shown and the first day of the previous and next ones."""
    if vue == "mois":
        du = jour.replace(day=1)
        au = du.replace(day=calendar.monthrange(du.year, du.month)[1])
        precedent = (du - datetime.timedelta(days=1)).replace(day=1)
        suivant = au + datetime.timedelta(days=1)
        return du, au, precedent, suivant
    du = jour - datetime.timedelta(days=jour.weekday())
    au = du + datetime.timedelta(days=6)
    return du, au, du - datetime.timedelta(days=7), du + datetime.timedelta(days=7)


@consultant_required
@require_GET
def agenda(request: HttpRequest) -> HttpResponse:
    """The consultant's scheduled sessions, a week or a month at a time."""
    vue, jour = PeriodeForm(request.GET).periode(timezone.localdate())
    du, au, precedent, suivant = _bornes(vue, jour)
    seances = list(agenda_consultant(consultant=request.user, du=du, au=au))
    jours = []
    courant = du
    while courant <= au:
        jours.append({"date": courant, "seances": [s for s in seances if s.date == courant]})
        courant += datetime.timedelta(days=1)
    return render(
        request,
        "seances/backoffice/agenda.html",
        {
            "vue": vue,
            "du": du,
            "au": au,
            "precedent": precedent,
            "suivant": suivant,
            "jours": jours,
            "nombre": len(seances),
            "flux_actif": FluxAgenda.objects.filter(
                consultant=request.user, revoked_at__isnull=True
            ).exists(),
        },
    )


@consultant_required
@require_POST
def agenda_flux_creer(request: HttpRequest) -> HttpResponse:
    """The private feed's address is shown once, on this response; only its hash is kept."""
    jeton = services.flux_create(consultant=request.user, ip=client_ip(request))
    adresse = request.build_absolute_uri(reverse("agenda:flux", args=[jeton]))
    return render(request, "seances/backoffice/agenda_flux.html", {"adresse": adresse})


@consultant_required
@require_POST
def agenda_flux_revoquer(request: HttpRequest) -> HttpResponse:
    services.flux_revoke(consultant=request.user, ip=client_ip(request))
    messages.success(request, _("Le lien de votre agenda est révoqué : il ne répond plus."))
    return redirect("backoffice:agenda")
