"""The 360° survey's public page: a person invited by the beneficiary answers the grid
through their single-use link, without an account (issue 11, point 5). Unknown link: 404;
used, expired or closed: 410; both French pages that tell nothing of the bilan."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .. import services
from ..errors import QuestionnaireError
from ..grille import ECHELLE_360, QUALITES, TEXTE_MAX, TEXTES
from ._commun import valeurs_postees

STATUTS = {"lien_inconnu": 404, "lien_utilise": 410, "lien_expire": 410, "enquete_close": 410}


def _prive(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The link is the credential: never sent on to another site, indexed or cached (as the
    employer's signing link, beneficiaires.views.convention)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "no-store"
        return response

    return wrapped


def _refus(request: HttpRequest, exc: QuestionnaireError) -> HttpResponse:
    return render(
        request,
        "questionnaires/entourage/refus.html",
        {"code": exc.code, "message": exc.message},
        status=STATUTS.get(exc.code, 410),
    )


@_prive
@require_http_methods(["GET", "POST"])
def entourage_repondre(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_pour_jeton(token=token)
    except QuestionnaireError as exc:
        return _refus(request, exc)
    erreur = ""
    notes: dict[str, str] = {}
    textes: dict[str, str] = {}
    if request.method == "POST":
        notes = valeurs_postees(request.POST, "note_")
        textes = valeurs_postees(request.POST, "texte_")
        try:
            services.reponse360_enregistrer(token=token, notes=notes, textes=textes)
        except QuestionnaireError as exc:
            if exc.code in STATUTS:
                return _refus(request, exc)
            erreur = exc.message
        else:
            return render(request, "questionnaires/entourage/merci.html", {})
    beneficiaire = invitation.enquete.bilan.beneficiaire.user
    return render(
        request,
        "questionnaires/entourage/repondre.html",
        {
            "prenom": beneficiaire.first_name or beneficiaire.get_full_name(),
            "anonyme": invitation.enquete.anonyme,
            "expire_le": invitation.expires_at,
            "echelle": [(str(v), libelle) for v, libelle in ECHELLE_360],
            "qualites": [
                {"code": code, "libelle": libelle, "valeur": notes.get(code, "")}
                for code, libelle in QUALITES
            ],
            "textes": [
                {"code": code, "question": question, "valeur": textes.get(code, "")}
                for code, question in TEXTES
            ],
            "texte_max": TEXTE_MAX,
            "erreur": erreur,
        },
    )
