"""What the screens of every space share: loading through the scoped selectors, the
signing page's context, the ``.ics`` response."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from beneficiaires.models import Bilan
from beneficiaires.selectors import bilans_visible_to
from bilan.audit.services import client_ip

from ..errors import SeanceError
from ..forms import CodeDemandeForm, EmargementForm
from ..models import Seance
from ..selectors import seances_visible_to
from ..services import demi_journees, emargement_code_request, emargement_sign, ics_seance


def bilan_du_consultant(request: HttpRequest, pk: int) -> Bilan:
    """The bilan ``pk`` if the logged-in consultant is assigned to it; 404 otherwise."""
    return get_object_or_404(
        bilans_visible_to(user=request.user).filter(consultant=request.user), pk=pk
    )


def seance_du_consultant(request: HttpRequest, pk: int) -> Seance:
    rows = seances_visible_to(request.user).filter(bilan__consultant=request.user)
    return get_object_or_404(rows, pk=pk)


def seance_du_beneficiaire(request: HttpRequest, pk: int) -> Seance:
    rows = seances_visible_to(request.user).filter(bilan__beneficiaire__user=request.user)
    return get_object_or_404(rows, pk=pk)


def ics_response(seance: Seance) -> HttpResponse:
    response = HttpResponse(ics_seance(seance=seance), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="seance-{seance.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


def emargement_contexte(
    seance: Seance, user, form: EmargementForm | None = None, erreur: str = ""
) -> dict:
    """Per half-day: who signed, whether ``user`` still has to, and the forms to do it.

    Each half-day's form has its own ids (``auto_id``), so two forms live on one page.
    """
    signes = {(e.demi_journee, e.role): e for e in seance.emargements.all()}
    role = "consultant" if user.pk == seance.consultant_id else "beneficiaire"
    blocs = []
    for demi in demi_journees(seance) if seance.debut else []:
        auto_id = f"id_{demi}_%s"
        mien = signes.get((demi, role))
        code_form = (
            form
            if form is not None and form.data.get("demi_journee") == demi
            else EmargementForm(initial={"demi_journee": demi}, auto_id=auto_id)
        )
        blocs.append(
            {
                "demi_journee": demi,
                "beneficiaire": signes.get((demi, "beneficiaire")),
                "consultant": signes.get((demi, "consultant")),
                "mien": mien,
                "demande": CodeDemandeForm(
                    initial={"demi_journee": demi}, auto_id=f"id_{demi}_demande_%s"
                ),
                "form": code_form,
            }
        )
    return {"seance": seance, "blocs": blocs, "erreur": erreur}


def emargement_page(
    request: HttpRequest, seance: Seance, *, template: str, retour: str
) -> HttpResponse:
    """The signing page (GET) and the signature itself (POST): the one-time code of one
    half-day (domain.md, Attendance). A refusal is shown next to the code, nothing signed."""
    form = None
    if request.method == "POST":
        demi = request.POST.get("demi_journee", "")
        form = EmargementForm(request.POST, auto_id=f"id_{demi}_%s")
        if form.is_valid():
            try:
                emargement_sign(
                    seance=seance,
                    signataire=request.user,
                    demi_journee=form.cleaned_data["demi_journee"],
                    code=form.cleaned_data["code"].strip(),
                    ip=client_ip(request),
                    user_agent=request.headers.get("User-Agent", ""),
                )
            except SeanceError as exc:
                form.add_error("code", exc.message)
            else:
                messages.success(
                    request,
                    _("Votre émargement de la séance du %(date)s est signé.")
                    % {"date": f"{seance.date:%d/%m/%Y}"},
                )
                return redirect(retour)
    return render(request, template, emargement_contexte(seance, request.user, form))


def emargement_code_page(
    request: HttpRequest, seance: Seance, *, template: str, page: str
) -> HttpResponse:
    """Send a one-time code for one half-day; a refusal re-renders the signing page."""
    form = CodeDemandeForm(request.POST)
    erreur = _("Choisissez la demi-journée à signer.")
    if form.is_valid():
        try:
            emargement_code_request(
                seance=seance,
                signataire=request.user,
                demi_journee=form.cleaned_data["demi_journee"],
                ip=client_ip(request),
            )
        except SeanceError as exc:
            erreur = exc.message
        else:
            messages.success(
                request,
                _(
                    "Un code de signature vient de vous être envoyé à %(email)s. "
                    "Il est valable 10 minutes."
                )
                % {"email": request.user.email},
            )
            return redirect(page)
    return render(request, template, emargement_contexte(seance, request.user, erreur=erreur))
