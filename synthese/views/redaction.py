"""The synthèse's screens (issue 6, point 6; domain.md, point 7).

The consultant writes (editor with htmx autosave, starting text offered by the investigation
tools, an unsealed preview), submits, finalises and signs; the beneficiary reads the
version submitted to them, sends observations, signs and downloads the sealed PDF. Every
object comes through :func:`synthese.selectors.syntheses_visible_to` (someone else's id:
404; administrators and superusers: 403 by role, and nothing from the selector anyway);
every write is one service call; a refusal shows the service's French message and changes
nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from beneficiaires.models import Bilan, Etat
from beneficiaires.selectors import bilans_for_beneficiaire, bilans_visible_to
from bilan.audit.services import audit_record, client_ip
from bilan.comptes.access import beneficiaire_required, consultant_required
from bilan.pdf import render_pdf

from .. import services
from ..errors import SyntheseError
from ..forms import CodeSignatureForm, ObservationForm, SectionsForm
from ..models import SECTIONS, EtatSynthese, Synthese
from ..selectors import COMMENT_SYNTHESE, syntheses_visible_to
from ..sources import Section, sources_for

ETATS_APRES_LA_FIN = frozenset({Etat.TERMINE, Etat.SUIVI, Etat.CLOS, Etat.ABANDONNE, Etat.REFUSE})

# --------------------------------------------------------------------------- loading


def _synthese_consultant(request: HttpRequest, pk: int) -> Synthese:
    """The synthèse of bilan ``pk`` if the logged-in consultant is assigned to it."""
    return get_object_or_404(syntheses_visible_to(request.user), bilan_id=pk)


def _synthese_beneficiaire(request: HttpRequest, pk: int) -> Synthese:
    return get_object_or_404(syntheses_visible_to(request.user), bilan_id=pk)


def _bilan_consultant(request: HttpRequest, pk: int) -> Bilan:
    return get_object_or_404(
        bilans_visible_to(user=request.user).filter(consultant=request.user), pk=pk
    )


def _sources(bilan: Bilan) -> dict[str, list[dict[str, Any]]]:
    return {
        nom: [{"index": i, "libelle": s.libelle} for i, s in enumerate(sources_for(Section(nom)))]
        for nom in SECTIONS
    }


def _derniere_version(synthese: Synthese):  # noqa: ANN202 - SyntheseVersion | None
    return synthese.versions.order_by("-numero").first()


# ------------------------------------------------------------------ consultant's editor


def _editeur_contexte(synthese: Synthese, **extra: Any) -> dict[str, Any]:
    form = extra.pop("form", None) or SectionsForm(
        initial={nom: getattr(synthese, nom) for nom in SECTIONS}
    )
    sources = _sources(synthese.bilan)
    return {
        "bilan": synthese.bilan,
        "synthese": synthese,
        "form": form,
        "champs": [(form[nom], sources[nom]) for nom in SECTIONS],
        "observations": list(synthese.observations.select_related("version")),
        "signatures": list(synthese.signatures.all()),
        **extra,
    }


@consultant_required
@require_http_methods(["GET", "POST"])
def synthese_editeur(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor (GET); POST saves the sections without JavaScript."""
    synthese = syntheses_visible_to(request.user).filter(bilan_id=pk).first()
    if synthese is None:
        bilan = _bilan_consultant(request, pk)
        return render(request, "synthese/backoffice/commencer.html", {"bilan": bilan})
    form = None
    if request.method == "POST":
        form = SectionsForm(request.POST)
        if form.is_valid():
            try:
                services.synthese_update_sections(
                    synthese=synthese,
                    consultant=request.user,
                    sections={n: form.cleaned_data[n] for n in SECTIONS if n in request.POST},
                    ip=client_ip(request),
                )
            except SyntheseError as exc:
                return render(
                    request,
                    "synthese/backoffice/editeur.html",
                    _editeur_contexte(synthese, form=form, erreur=exc.message),
                )
            messages.success(request, _("La synthèse est enregistrée."))
            return redirect("backoffice:synthese_editeur", pk=pk)
    return render(
        request, "synthese/backoffice/editeur.html", _editeur_contexte(synthese, form=form)
    )


@consultant_required
@require_POST
def synthese_creer(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = _bilan_consultant(request, pk)
    try:
        services.synthese_create(bilan=bilan, consultant=request.user, ip=client_ip(request))
    except SyntheseError as exc:
        return render(
            request,
            "synthese/backoffice/commencer.html",
            {"bilan": bilan, "erreur": exc.message},
        )
    messages.success(request, _("La synthèse est ouverte : vous pouvez la rédiger."))
    return redirect("backoffice:synthese_editeur", pk=pk)


@consultant_required
@require_POST
def synthese_enregistrer(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor's autosave (htmx): the sections posted, then "Enregistré à HH:MM"."""
    synthese = _synthese_consultant(request, pk)
    form = SectionsForm(request.POST)
    if not form.is_valid():
        erreur = next(iter(e for errs in form.errors.values() for e in errs))
        return render(request, "synthese/backoffice/_enregistrement.html", {"erreur": erreur})
    sections = {n: form.cleaned_data[n] for n in SECTIONS if n in request.POST}
    try:
        synthese, _change = services.synthese_update_sections(
            synthese=synthese, consultant=request.user, sections=sections, ip=client_ip(request)
        )
    except SyntheseError as exc:
        return render(request, "synthese/backoffice/_enregistrement.html", {"erreur": exc.message})
    return render(
        request,
        "synthese/backoffice/_enregistrement.html",
        {"heure": timezone.localtime(synthese.updated_at)},
    )


@consultant_required
@require_POST
def synthese_source(request: HttpRequest, pk: int) -> HttpResponse:
    """Insert one source's starting text at the end of one section, on the consultant's
    click only (synthese.sources); the autosave then saves it."""
    synthese = _synthese_consultant(request, pk)
    nom = request.POST.get("section", "")
    sources = sources_for(Section(nom)) if nom in SECTIONS else []
    try:
        source = sources[int(request.POST.get("source", ""))]
    except (ValueError, IndexError):
        return HttpResponseBadRequest(_("Cette source de texte n'existe pas."))
    actuel = request.POST.get(nom, getattr(synthese, nom))
    ajout = source.texte(synthese.bilan).strip()
    texte = f"{actuel.rstrip()}\n\n{ajout}".strip() if ajout else actuel
    form = SectionsForm(initial={nom: texte})
    # Nothing to insert yet: say so next to the button rather than leave the text unchanged.
    rien = "" if ajout else source.vide or _source_vide(source.libelle)
    response = render(
        request,
        "synthese/backoffice/_champ.html",
        {
            "champ": form[nom],
            "sources": _sources(synthese.bilan)[nom],
            "synthese": synthese,
            "bilan": synthese.bilan,
            "source_vide": rien,
        },
    )
    if ajout:
        response["HX-Trigger-After-Swap"] = "synthese-source"  # the new text in place first
    return response


def _source_vide(libelle: str) -> str:
    return _("« %(libelle)s » n'a encore rien à insérer.") % {"libelle": libelle}


def _etape(request: HttpRequest, pk: int, action: str, succes: str) -> HttpResponse:
    synthese = _synthese_consultant(request, pk)
    try:
        getattr(services, action)(synthese=synthese, consultant=request.user, ip=client_ip(request))
    except SyntheseError as exc:
        return render(
            request,
            "synthese/backoffice/editeur.html",
            _editeur_contexte(synthese, erreur=exc.message),
        )
    messages.success(request, succes)
    return redirect("backoffice:synthese_editeur", pk=pk)


@consultant_required
@require_POST
def synthese_soumettre(request: HttpRequest, pk: int) -> HttpResponse:
    return _etape(
        request,
        pk,
        "synthese_submit",
        _("La synthèse est soumise au bénéficiaire pour ses observations."),
    )


@consultant_required
@require_POST
def synthese_finaliser(request: HttpRequest, pk: int) -> HttpResponse:
    return _etape(
        request,
        pk,
        "synthese_finalise",
        _("La synthèse est finale : elle peut être signée par le bénéficiaire et par vous."),
    )


@consultant_required
@require_POST
def synthese_rouvrir(request: HttpRequest, pk: int) -> HttpResponse:
    return _etape(
        request,
        pk,
        "synthese_reopen",
        _("La synthèse revient en rédaction : finalisez-la de nouveau une fois revue."),
    )


@consultant_required
@require_GET
def synthese_apercu(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF as it will look, marked « PROJET », neither sealed nor stored: a draft must
    never verify as a document the organisation issued (the verification page answers only
    for sealed documents), and a preview leaves no file to purge."""
    synthese = _synthese_consultant(request, pk)
    pdf = render_pdf(
        template_name=services.TEMPLATE_PDF,
        context=services.synthese_pdf_contexte(
            synthese=synthese, signatures=list(synthese.signatures.all()), projet=True
        ),
    )
    audit_record(
        event="synthese.previewed", actor=request.user, target=synthese, ip=client_ip(request)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="synthese-{synthese.bilan.reference}-projet.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------------------- signing


def _signature_page(
    request: HttpRequest, synthese: Synthese, *, template: str, retour: str
) -> HttpResponse:
    """The signing page (GET) and the signature (POST, the code received by e-mail)."""
    form = CodeSignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.synthese_sign(
                synthese=synthese,
                signataire=request.user,
                code=form.cleaned_data["code"].strip(),
                ip=client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
            )
        except SyntheseError as exc:
            form.add_error("code", exc.message)
        else:
            messages.success(request, _("Votre signature de la synthèse est enregistrée."))
            return redirect(retour)
    return render(request, template, _signature_contexte(synthese, request.user, form=form))


def _signature_contexte(synthese: Synthese, user, **extra: Any) -> dict[str, Any]:
    signatures = {s.role: s for s in synthese.signatures.all()}
    role = "consultant" if user.is_consultant else "beneficiaire"
    return {
        "synthese": synthese,
        "bilan": synthese.bilan,
        "signature_beneficiaire": signatures.get("beneficiaire"),
        "signature_consultant": signatures.get("consultant"),
        "mienne": signatures.get(role),
        "form": extra.pop("form", None) or CodeSignatureForm(),
        **extra,
    }


def _code_page(
    request: HttpRequest, synthese: Synthese, *, template: str, page: str
) -> HttpResponse:
    try:
        services.synthese_sign_code_issue(
            synthese=synthese, signataire=request.user, ip=client_ip(request)
        )
    except SyntheseError as exc:
        return render(
            request, template, _signature_contexte(synthese, request.user, erreur=exc.message)
        )
    messages.success(
        request,
        _("Un code de signature vient de vous être envoyé à %(email)s. Il est valable 10 minutes.")
        % {"email": request.user.email},
    )
    return redirect(page)


@consultant_required
@require_http_methods(["GET", "POST"])
def synthese_signer(request: HttpRequest, pk: int) -> HttpResponse:
    synthese = _synthese_consultant(request, pk)
    return _signature_page(
        request,
        synthese,
        template="synthese/backoffice/signature.html",
        retour=reverse("backoffice:synthese_editeur", args=[pk]),
    )


@consultant_required
@require_POST
def synthese_signature_code(request: HttpRequest, pk: int) -> HttpResponse:
    synthese = _synthese_consultant(request, pk)
    return _code_page(
        request,
        synthese,
        template="synthese/backoffice/signature.html",
        page=reverse("backoffice:synthese_signer", args=[pk]),
    )


# ---------------------------------------------------------------------------- portal


def _lecture_contexte(synthese: Synthese, **extra: Any) -> dict[str, Any]:
    version = _derniere_version(synthese)
    champs = {f.name: f for f in Synthese._meta.concrete_fields}
    sections = (
        [{"titre": champs[n].verbose_name, "texte": getattr(version, n)} for n in SECTIONS]
        if version
        else []
    )
    return {
        "synthese": synthese,
        "bilan": synthese.bilan,
        "version": version,
        "sections": sections,
        "observations": list(synthese.observations.all()),
        "form": extra.pop("form", None) or ObservationForm(),
        "signatures": list(synthese.signatures.all()),
        **extra,
    }


@beneficiaire_required
@require_GET
def synthese_lecture(request: HttpRequest, pk: int) -> HttpResponse:
    """The version submitted to the beneficiary (never the consultant's live draft)."""
    synthese = syntheses_visible_to(request.user).filter(bilan_id=pk).first()
    if synthese is None:
        bilan = get_object_or_404(bilans_for_beneficiaire(user=request.user), pk=pk)
        # After the end of the action there is no draft to wait for: a synthèse is
        # destroyed then (R6313-7), and the page must not promise one.
        fin = bilan.etat in ETATS_APRES_LA_FIN
        return render(request, "synthese/portail/lecture.html", {"bilan": bilan, "fin": fin})
    return render(request, "synthese/portail/lecture.html", _lecture_contexte(synthese))


@beneficiaire_required
@require_POST
def synthese_observer(request: HttpRequest, pk: int) -> HttpResponse:
    synthese = get_object_or_404(syntheses_visible_to(request.user, COMMENT_SYNTHESE), bilan_id=pk)
    form = ObservationForm(request.POST)
    if form.is_valid():
        try:
            services.synthese_observe(
                synthese=synthese,
                beneficiaire_user=request.user,
                texte=form.cleaned_data["texte"],
                ip=client_ip(request),
            )
        except SyntheseError as exc:
            return render(
                request,
                "synthese/portail/lecture.html",
                _lecture_contexte(synthese, form=form, erreur=exc.message),
            )
        messages.success(request, _("Vos observations sont transmises à votre consultant."))
        return redirect("portail:synthese_lecture", pk=pk)
    return render(request, "synthese/portail/lecture.html", _lecture_contexte(synthese, form=form))


@beneficiaire_required
@require_http_methods(["GET", "POST"])
def synthese_signer_portail(request: HttpRequest, pk: int) -> HttpResponse:
    synthese = _synthese_beneficiaire(request, pk)
    return _signature_page(
        request,
        synthese,
        template="synthese/portail/signature.html",
        retour=reverse("portail:synthese_lecture", args=[pk]),
    )


@beneficiaire_required
@require_POST
def synthese_signature_code_portail(request: HttpRequest, pk: int) -> HttpResponse:
    synthese = _synthese_beneficiaire(request, pk)
    return _code_page(
        request,
        synthese,
        template="synthese/portail/signature.html",
        page=reverse("portail:synthese_signer", args=[pk]),
    )


@beneficiaire_required
@require_GET
def synthese_telecharger(request: HttpRequest, pk: int) -> HttpResponse:
    """The sealed PDF, for its beneficiary alone: no-store, the download audited."""
    from bilan.scelles.http import document_reponse

    synthese = _synthese_beneficiaire(request, pk)
    if synthese.etat != EtatSynthese.REMISE or synthese.document_id is None:
        raise Http404
    return document_reponse(
        request=request, document=synthese.document, evenement="synthese.telechargee"
    )
