"""The consultant's back office: dashboard, bilan page, creation forms, entretien préalable,
funding and transitions (domain.md, The life of a bilan; Funding).

Every bilan is loaded through the content selector and the assignment: someone else's bilan
answers 404, never 403 (domain.md, Confidentiality).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bilan.audit.services import audit_record, client_ip
from bilan.comptes.access import consultant_required
from bilan.comptes.services import ComptesError

from ..errors import BilanError
from ..etapes import (
    ETATS_FINAUX_A_CONFIRMER,
    TRANSITION_LABELS,
    TRANSITIONS_A_CONFIRMER,
    prochaine_etape,
)
from ..financement import financement_autofinancement_set, financement_cpf_set
from ..forms import (
    AutofinancementForm,
    BeneficiaireCreateForm,
    EcheanceFormSet,
    EntretienForm,
    FinancementCPFForm,
    TableauFilterForm,
    TransitionForm,
    add_domain_error,
)
from ..models import Bilan, Etat, Financement
from ..selectors import (
    LigneTableau,
    acteur_names,
    bilan_counts_per_state,
    bilans_for_consultant,
    bilans_tableau_page,
    bilans_visible_to,
    bilans_with_progress,
    contrats_autofinancement_visible_to,
    cpf_reste_a_charge,
    entretiens_visible_to,
    evenements_for,
    financements_cpf_visible_to,
)
from ..services import (
    TRANSITIONS,
    beneficiaire_with_bilan_create,
    bilan_transition,
    bilan_transition_obstacles,
    entretien_prealable_record,
)

PAR_PAGE = 50
ETATS_ORDRE = list(Etat.values)


def _bilans(request: HttpRequest) -> QuerySet[Bilan]:
    """The consultant's own bilans, with what their next step depends on."""
    return bilans_with_progress(
        bilans_visible_to(user=request.user).filter(consultant=request.user)
    )


def _bilan_for(request: HttpRequest, pk: int) -> Bilan:
    return get_object_or_404(_bilans(request), pk=pk)


def _vers_bilan(bilan: Bilan) -> HttpResponse:
    return redirect("backoffice:bilan", pk=bilan.pk)


class _Paginator(Paginator):
    """A paginator told its count when the caller already knows it (one query less)."""

    def __init__(self, object_list: QuerySet, per_page: int, *, count: int | None) -> None:
        super().__init__(object_list, per_page)
        if count is not None:
            self.__dict__["count"] = count  # fills Paginator.count's cache


def _known_count(counts: dict[str, int], filters: dict) -> int | None:
    """The number of rows, read from the per-state counts unless a search or funding filter
    narrows the list (then the paginator counts)."""
    if filters.get("q") or filters.get("financement"):
        return None
    etat = filters.get("etat")
    return counts[etat] if etat else sum(counts.values())


def _lignes(rows: list[LigneTableau]) -> list[dict[str, object]]:
    """Each row as the strings the template prints: labels translated once per page, not per
    row (``get_FOO_display`` translates every choice on every call), the bilan's address from
    one ``reverse`` and the date formatted here, so the template's loop resolves one dict key
    per cell instead of attribute chains, a ``{% url %}`` and a ``date`` filter per row."""
    etats = {value: str(label) for value, label in Etat.choices}
    financements = {value: str(label) for value, label in Financement.choices}
    a_choisir = _("À choisir")
    avant, __, apres = reverse("backoffice:bilan", args=[0]).rpartition("/0/")
    paris = timezone.get_current_timezone()
    return [
        {
            "pk": row.pk,
            "url": f"{avant}/{row.pk}/{apres}",
            "reference": row.reference,
            "nom": row.nom,
            "etat": etats[row.etat],
            "financement": financements.get(row.financement) or a_choisir,
            "changement": row.etat_changed_at.astimezone(paris).strftime("%d/%m/%Y"),
            "etape": prochaine_etape(row).texte,
        }
        for row in rows
    ]


@consultant_required
@require_GET
def tableau(request: HttpRequest) -> HttpResponse:
    form = TableauFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    ids = bilans_for_consultant(
        user=request.user,
        etat=filters.get("etat", ""),
        financement=filters.get("financement", ""),
        search=filters.get("q", ""),
    ).values("pk")
    counts = bilan_counts_per_state(user=request.user)
    page = _Paginator(ids, PAR_PAGE, count=_known_count(counts, filters)).get_page(
        request.GET.get("page")
    )
    # The page's ids stay a sliced subquery: one query for the rows of this page only.
    page.object_list = bilans_tableau_page(ids=page.object_list)
    context = {
        "form": form,
        "page": page,
        "lignes": _lignes(page.object_list),
        "pages": page.paginator.get_elided_page_range(page.number),
        "comptes": [(value, label, counts[value]) for value, label in Etat.choices],
        "total": sum(counts.values()),
        "filtre": any(filters.values()),
    }
    return render(request, "beneficiaires/backoffice/tableau.html", context)


@consultant_required
@require_http_methods(["GET", "POST"])
def beneficiaire_creer(request: HttpRequest) -> HttpResponse:
    """First contact: the beneficiary's account and first bilan (R6313-5 checked)."""
    form = BeneficiaireCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bilan = beneficiaire_with_bilan_create(
                **form.cleaned_data, consultant=request.user, ip=client_ip(request)
            )
        except (BilanError, ComptesError) as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Le bilan %(reference)s de %(nom)s est ouvert ; une invitation à choisir "
                    "un mot de passe a été envoyée à %(email)s."
                )
                % {
                    "reference": bilan.reference,
                    "nom": bilan.beneficiaire.user.get_full_name(),
                    "email": bilan.beneficiaire.user.email,
                },
            )
            return _vers_bilan(bilan)
    return render(request, "beneficiaires/backoffice/beneficiaire_creer.html", {"form": form})


@consultant_required
@require_GET
def bilan(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = _bilan_for(request, pk)
    suivants = sorted(TRANSITIONS.get(bilan.etat, ()), key=ETATS_ORDRE.index)
    transitions = [
        {
            "vers": vers,
            "libelle": TRANSITION_LABELS[vers],
            "confirmer": vers in TRANSITIONS_A_CONFIRMER,
        }
        for vers in suivants
    ]
    evenements = list(evenements_for(bilan=bilan))
    noms = acteur_names(ids=(e.acteur_id for e in evenements))
    context = {
        "bilan": bilan,
        "etape": prochaine_etape(bilan),
        "evenements": evenements,
        "chronologie": [(e, noms.get(e.acteur_id, "")) for e in evenements],
        "transitions": transitions,
    }
    return render(request, "beneficiaires/backoffice/bilan.html", context)


@consultant_required
@require_http_methods(["GET", "POST"])
def entretien(request: HttpRequest, pk: int) -> HttpResponse:
    """The entretien préalable's record (domain.md, The life of a bilan, 1)."""
    bilan = _bilan_for(request, pk)
    existing = entretiens_visible_to(user=request.user).filter(bilan=bilan).first()
    initial = {}
    if existing is not None:
        fields = ("besoin", "attentes", "situation", "objectifs", "format", "tenu_le")
        initial = {name: getattr(existing, name) for name in fields}
    form = EntretienForm(request.POST or None, initial=initial)
    if request.method == "GET" and existing is not None:
        # Confidential content shown to its consultant: the read is audited (domain.md).
        audit_record(
            event="entretien.viewed", actor=request.user, target=existing, ip=client_ip(request)
        )
    if request.method == "POST" and form.is_valid():
        try:
            entretien_prealable_record(
                bilan=bilan, consultant=request.user, **form.cleaned_data, ip=client_ip(request)
            )
        except BilanError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("L'entretien préalable est enregistré."))
            return _vers_bilan(bilan)
    context = {"bilan": bilan, "form": form, "existing": existing}
    return render(request, "beneficiaires/backoffice/entretien.html", context)


@consultant_required
@require_GET
def financement(request: HttpRequest, pk: int) -> HttpResponse:
    """The five funding paths, one line each (domain.md, Funding)."""
    bilan = _bilan_for(request, pk)
    return render(request, "beneficiaires/backoffice/financement.html", {"bilan": bilan})


@consultant_required
@require_http_methods(["GET", "POST"])
def financement_cpf(request: HttpRequest, pk: int) -> HttpResponse:
    """CPF: price at most 1,600 €, dossier number, 5-year declaration (domain.md, Funding)."""
    bilan = _bilan_for(request, pk)
    existing = financements_cpf_visible_to(user=request.user).filter(bilan=bilan).first()
    initial = {}
    if existing is not None:
        initial = {
            "prix": existing.prix,
            "numero_dossier": existing.numero_dossier,
            "declaration_aucun_bilan_5_ans": existing.declaration_aucun_bilan_5_ans,
        }
    form = FinancementCPFForm(request.POST or None, initial=initial)
    reste = cpf_reste_a_charge(on=timezone.localdate(), beneficiaire=bilan.beneficiaire)
    if request.method == "POST" and form.is_valid():
        try:
            financement_cpf_set(
                bilan=bilan, consultant=request.user, **form.cleaned_data, ip=client_ip(request)
            )
        except BilanError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Le financement CPF est enregistré."))
            return _vers_bilan(bilan)
    context = {"bilan": bilan, "form": form, "reste_a_charge": reste}
    return render(request, "beneficiaires/backoffice/financement_cpf.html", context)


@consultant_required
@require_http_methods(["GET", "POST"])
def financement_autofinancement(request: HttpRequest, pk: int) -> HttpResponse:
    """Self-funding: the contract and its schedule (L6353-5, L6353-6)."""
    bilan = _bilan_for(request, pk)
    contrat = contrats_autofinancement_visible_to(user=request.user).filter(bilan=bilan).first()
    initial, echeances = {}, []
    if contrat is not None:
        initial = {"prix": contrat.prix, "signe_le": contrat.signe_le}
        echeances = [{"date": e.date, "montant": e.montant} for e in contrat.echeances.all()]
    data = request.POST or None
    form = AutofinancementForm(data, initial=initial)
    formset = EcheanceFormSet(data, initial=echeances, prefix="echeances")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [
            (f.cleaned_data["date"], f.cleaned_data["montant"]) for f in formset if f.cleaned_data
        ]
        try:
            financement_autofinancement_set(
                bilan=bilan,
                consultant=request.user,
                **form.cleaned_data,
                echeances=rows,
                ip=client_ip(request),
            )
        except BilanError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Le contrat d'autofinancement est enregistré."))
            return _vers_bilan(bilan)
    context = {"bilan": bilan, "form": form, "formset": formset}
    return render(request, "beneficiaires/backoffice/financement_autofinancement.html", context)


@consultant_required
@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the bilan along its life cycle; a final state needs the confirmation page first."""
    bilan = _bilan_for(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cet état n'existe pas."))
        return _vers_bilan(bilan)
    vers = form.cleaned_data["vers"]
    if vers in TRANSITIONS_A_CONFIRMER and not form.cleaned_data["confirme"]:
        url = reverse("backoffice:transition_confirmer", kwargs={"pk": bilan.pk})
        return redirect(f"{url}?vers={vers}")
    try:
        bilan_transition(bilan=bilan, vers=vers, by=request.user, ip=client_ip(request))
    except BilanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Le bilan est passé à l'état « %(etat)s ».") % {"etat": Etat(vers).label},
        )
    return _vers_bilan(bilan)


@consultant_required
@require_GET
def transition_confirmer(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask before a final state (abandonné, refusé, clos), which cannot be undone, and before
    the conclusion; what still blocks the transition is shown instead of the button."""
    bilan = _bilan_for(request, pk)
    vers = request.GET.get("vers", "")
    if vers not in Etat.values:
        raise Http404
    if vers not in TRANSITIONS_A_CONFIRMER:
        return _vers_bilan(bilan)
    context = {
        "bilan": bilan,
        "vers": vers,
        "libelle": TRANSITION_LABELS[vers],
        "final": vers in ETATS_FINAUX_A_CONFIRMER,
        "obstacles": bilan_transition_obstacles(bilan=bilan, vers=vers),
    }
    return render(request, "beneficiaires/backoffice/transition_confirmer.html", context)
