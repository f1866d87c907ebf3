"""The administrators' conservation screens (metadata only) and the beneficiary's "Mes
données" (domain.md, Confidentiality and data). Thin: selector, form, one service."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bilan.audit.services import audit_record, client_ip
from bilan.comptes.access import administrateur_required, beneficiaire_required

from . import selectors, services
from .errors import ConservationError
from .forms import DemandeForm, JournalFiltreForm, ProlongerForm, RegistreFiltreForm, RepondreForm
from .models import LIBELLES_CATEGORIES, DemandeDroit, ExportDonnees, TypeDemande
from .services.export import export_etat

PAR_PAGE = 50
SESSION_JETON = "rgpd_export_jeton"


def _page(qs: QuerySet, numero: str | None) -> Page:
    return Paginator(qs, PAR_PAGE).get_page(numero)


class _Echo:
    def write(self, value: str) -> str:
        return value


_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def _cellule(valeur: object) -> object:
    """A text cell a spreadsheet would run as a formula is opened as text (OWASP CSV injection).

    Numbers stay numbers; a text such as ``=HYPERLINK(...)`` or ``-2+3`` gets a leading quote.
    """
    if isinstance(valeur, str) and valeur.startswith(_FORMULE):
        return "'" + valeur
    return valeur


def _csv(nom: str, entetes: list[str], lignes: Iterable[list]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";")

    def tout() -> Iterable[str]:
        yield "\ufeff"  # a BOM: spreadsheet software reads the accents right
        yield writer.writerow(entetes)
        for ligne in lignes:
            yield writer.writerow([_cellule(v) for v in ligne])

    reponse = StreamingHttpResponse(tout(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    reponse["Cache-Control"] = "no-store"
    return reponse


# --- Administration -------------------------------------------------------------------------


@administrateur_required
@require_GET
def conservation_tableau(request: HttpRequest) -> HttpResponse:
    """What the law destroys in the next 30 days, the last runs, the errors (no postpone)."""
    return render(request, "conservation/tableau.html", selectors.conservation_tableau())


def _registre(request: HttpRequest) -> tuple[RegistreFiltreForm, QuerySet]:
    form = RegistreFiltreForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, selectors.destructions_filtrees().none()  # an error shows nothing
    f = form.cleaned_data if form.is_bound else {}
    qs = selectors.destructions_filtrees(
        du=f.get("du"),
        au=f.get("au"),
        categorie=f.get("categorie", ""),
        reference=f.get("reference", ""),
    )
    return form, qs


@administrateur_required
@require_GET
def conservation_registre(request: HttpRequest) -> HttpResponse:
    """The destruction register (domain.md: a content-free destruction record)."""
    form, qs = _registre(request)
    contexte = {
        "form": form,
        "page": _page(qs, request.GET.get("page")),
        "libelles": LIBELLES_CATEGORIES,
        "requete": request.GET.urlencode(),
    }
    return render(request, "conservation/registre.html", contexte)


@administrateur_required
@require_GET
def conservation_registre_csv(request: HttpRequest) -> HttpResponse:
    form, qs = _registre(request)
    audit_record(event="conservation.registre_exporte", actor=request.user, ip=client_ip(request))
    lignes = (
        [
            d.reference,
            d.categorie,
            d.motif,
            timezone.localtime(d.premiere).isoformat(timespec="seconds"),
            timezone.localtime(d.derniere).isoformat(timespec="seconds"),
            d.lignes,
            d.fichiers,
            " ".join(f"{k}={v}" for k, v in sorted(d.detail.items())),
        ]
        for d in qs.iterator(chunk_size=1000)
    )
    entetes = ["reference", "categorie", "motif", "premiere", "derniere", "lignes", "fichiers"]
    return _csv("registre-destructions.csv", [*entetes, "detail"], lignes)


def _journal(request: HttpRequest) -> tuple[JournalFiltreForm, QuerySet]:
    form = JournalFiltreForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, selectors.journal_filtre().none()
    f = form.cleaned_data if form.is_bound else {}
    qs = selectors.journal_filtre(
        acteur=f.get("acteur", ""),
        evenement=f.get("evenement", ""),
        objet_type=f.get("objet_type", ""),
        objet_id=f.get("objet_id", ""),
        du=f.get("du"),
        au=f.get("au"),
    )
    return form, qs


@administrateur_required
@require_GET
def journal_liste(request: HttpRequest) -> HttpResponse:
    """The audit log viewer; the viewing itself is audited (domain.md, Audit log)."""
    form, qs = _journal(request)
    # Recorded before the page is cut: the page's count and its rows then agree (recorded
    # after, the new row pushed the page's last row out of it).
    audit_record(event="journal.consulte", actor=request.user, ip=client_ip(request))
    page = _page(qs, request.GET.get("page"))
    contexte = {
        "form": form,
        "page": page,
        "acteurs": selectors.acteurs({e.actor_id for e in page.object_list}),
        "requete": request.GET.urlencode(),
    }
    return render(request, "conservation/journal.html", contexte)


@administrateur_required
@require_GET
def journal_csv(request: HttpRequest) -> HttpResponse:
    form, qs = _journal(request)
    audit_record(event="journal.exporte", actor=request.user, ip=client_ip(request))
    lignes = (
        [
            timezone.localtime(e.at).isoformat(timespec="seconds"),
            e.event,
            e.actor_id or "",
            e.target_type,
            e.target_id,
            e.ip or "",
        ]
        for e in qs.iterator(chunk_size=1000)
    )
    entetes = ["horodatage", "evenement", "acteur", "objet_type", "objet_id", "ip"]
    return _csv("journal-audit.csv", entetes, lignes)


@administrateur_required
@require_GET
def rgpd_demandes(request: HttpRequest) -> HttpResponse:
    """The register of data-subject requests (RGPD art. 12: one month, two more)."""
    ouvertes = request.GET.get("ouvertes") == "1"
    qs = selectors.demandes_filtrees(ouvertes=ouvertes)
    contexte = {"page": _page(qs, request.GET.get("page")), "ouvertes": ouvertes}
    return render(request, "conservation/demandes.html", contexte)


@administrateur_required
@require_http_methods(["GET", "POST"])
def rgpd_demande_creer(request: HttpRequest) -> HttpResponse:
    form = DemandeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            demande = services.demande_enregistrer(
                personne=form.cleaned_data["personne"],
                type=form.cleaned_data["type"],
                recue_le=form.cleaned_data["recue_le"],
                enregistree_par=request.user,
                ip=client_ip(request),
            )
        except ConservationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Demande n° %(n)s enregistrée.") % {"n": demande.pk})
            return redirect("administration:rgpd_demandes")
    return render(request, "conservation/demande_creer.html", {"form": form})


@administrateur_required
@require_GET
def rgpd_demande(request: HttpRequest, pk: int) -> HttpResponse:
    demande = get_object_or_404(selectors.demandes_filtrees(), pk=pk)
    contexte = {
        "demande": demande,
        "prolonger": ProlongerForm(),
        "repondre": RepondreForm(),
        "effacement": demande.type == TypeDemande.EFFACEMENT,
    }
    return render(request, "conservation/demande.html", contexte)


def _action(request: HttpRequest, pk: int, action) -> HttpResponse:  # noqa: ANN001
    demande = get_object_or_404(selectors.demandes_filtrees(), pk=pk)
    try:
        message = action(demande)
    except ConservationError as exc:
        messages.error(request, exc.message)
    else:
        if message:
            messages.success(request, message)
    return redirect("administration:rgpd_demande", pk=demande.pk)


@administrateur_required
@require_POST
def rgpd_demande_prolonger(request: HttpRequest, pk: int) -> HttpResponse:
    def prolonger(demande: DemandeDroit) -> str:
        form = ProlongerForm(request.POST)
        motif = form.cleaned_data["motif"] if form.is_valid() else ""
        services.demande_prolonger(
            demande=demande, motif=motif, acteur=request.user, ip=client_ip(request)
        )
        return "Délai prolongé de deux mois."

    return _action(request, pk, prolonger)


@administrateur_required
@require_POST
def rgpd_demande_repondre(request: HttpRequest, pk: int) -> HttpResponse:
    def repondre(demande: DemandeDroit) -> str:
        form = RepondreForm(request.POST)
        if not form.is_valid():
            raise ConservationError(
                "reponse_invalide", _("Indiquez la date et l'issue de la réponse.")
            )
        services.demande_repondre(
            demande=demande,
            repondue_le=form.cleaned_data["repondue_le"],
            issue=form.cleaned_data["issue"],
            acteur=request.user,
            ip=client_ip(request),
        )
        return "Réponse enregistrée."

    return _action(request, pk, repondre)


@administrateur_required
@require_POST
def rgpd_demande_effacer(request: HttpRequest, pk: int) -> HttpResponse:
    def effacer(demande: DemandeDroit) -> str:
        services.effacement_executer(demande=demande, acteur=request.user, ip=client_ip(request))
        return "Effacement effectué ; ce qu'une obligation légale conserve est indiqué."

    return _action(request, pk, effacer)


# --- Portal ---------------------------------------------------------------------------------


@beneficiaire_required
@require_GET
def rgpd_mes_donnees(request: HttpRequest) -> HttpResponse:
    """Download all my data, ask for erasure (RGPD art. 15, 17, 20)."""
    contexte = {"demandes": selectors.demandes_de(personne=request.user), "export": None}
    jeton = request.session.get(SESSION_JETON)
    if jeton:
        try:
            contexte["export"] = export_etat(personne=request.user, jeton=jeton)
        except ConservationError:
            del request.session[SESSION_JETON]
        contexte.update(jeton=jeton, maintenant=timezone.now())
    return render(request, "conservation/portail/mes_donnees.html", contexte)


@beneficiaire_required
@require_POST
def rgpd_export_demander(request: HttpRequest) -> HttpResponse:
    try:
        _export, jeton = services.export_demander(personne=request.user, ip=client_ip(request))
    except ConservationError as exc:
        messages.error(request, exc.message)
    else:
        # Shown to its owner only, on their own page; the database keeps only its SHA-256.
        request.session[SESSION_JETON] = jeton
    return redirect("portail:rgpd_mes_donnees")


def _export(request: HttpRequest, jeton: str) -> ExportDonnees:
    try:
        return export_etat(personne=request.user, jeton=jeton)
    except ConservationError as exc:
        raise Http404(exc.message) from exc


@beneficiaire_required
@require_GET
def rgpd_export_etat(request: HttpRequest, jeton: str) -> HttpResponse:
    """ "En préparation" until ready (htmx polls the fragment), then the single-use link."""
    export = _export(request, jeton)
    gabarit = "conservation/portail/_export_etat.html"
    if not request.htmx:
        gabarit = "conservation/portail/export.html"
    contexte = {"export": export, "jeton": jeton, "maintenant": timezone.now()}
    return render(request, gabarit, contexte)


@beneficiaire_required
@require_GET
def rgpd_export_telecharger(request: HttpRequest, jeton: str) -> HttpResponse:
    _export(request, jeton)
    try:
        contenu = services.export_telecharger(
            personne=request.user, jeton=jeton, ip=client_ip(request)
        )
    except ConservationError as exc:
        contexte = {"message": exc.message}
        return render(request, "conservation/portail/export_refuse.html", contexte, status=410)
    reponse = HttpResponse(contenu, content_type="application/zip")
    reponse["Content-Disposition"] = 'attachment; filename="mes-donnees.zip"'
    reponse["Cache-Control"] = "no-store"
    return reponse


@beneficiaire_required
@require_POST
def rgpd_effacement_demander(request: HttpRequest) -> HttpResponse:
    """Ask for erasure of my own data (a request for someone else is refused)."""
    autre = request.POST.get("personne")
    try:
        if autre and autre != str(request.user.pk):
            raise ConservationError(
                "demande_tiers", _("Vous ne pouvez faire une demande que pour vos propres données.")
            )
        services.demande_enregistrer(
            personne=request.user,
            type=TypeDemande.EFFACEMENT,
            recue_le=timezone.localdate(),
            enregistree_par=request.user,
            ip=client_ip(request),
        )
    except ConservationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            "Votre demande d'effacement est enregistrée : elle sera traitée dans un délai d'un "
            "mois. Les preuves administratives que la loi impose de garder seront conservées.",
        )
    return redirect("portail:rgpd_mes_donnees")
