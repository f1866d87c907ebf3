"""The beneficiary's portal: where the bilan stands, what is expected, consent.

Every read goes through the content selectors: the beneficiary sees their own bilans only,
and someone else's bilan answers 404 (domain.md, Confidentiality and data).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from beneficiaires import services
from beneficiaires.errors import BilanError
from beneficiaires.financement import DELAI_RETRACTATION_JOURS
from beneficiaires.forms_portail import DONNE, ConsentementForm
from beneficiaires.models import (
    Bilan,
    Consentement,
    ContratAutofinancement,
    EntretienPrealable,
    Etat,
    Financement,
)
from beneficiaires.selectors import (
    bilans_for_beneficiaire,
    consentements_visible_to,
    cpf_reste_a_charge,
    entretiens_visible_to,
)
from bilan.audit.services import client_ip
from bilan.comptes.access import beneficiaire_required

# domain.md, The life of a bilan, in the words of the portal.
ETAPES: tuple[tuple[str, Promise, Promise], ...] = (
    (
        Etat.PREALABLE,
        gettext_lazy("Entretien préalable"),
        gettext_lazy(
            "Un premier échange gratuit pour parler de vos attentes et découvrir le déroulement "
            "du bilan."
        ),
    ),
    (
        Etat.ENGAGEMENT,
        gettext_lazy("Engagement"),
        gettext_lazy("Le financement est mis en place et, si besoin, une convention est signée."),
    ),
    (
        Etat.EN_COURS,
        gettext_lazy("Bilan en cours"),
        gettext_lazy(
            "Les séances avec votre consultant : votre parcours, vos compétences, vos pistes."
        ),
    ),
    (
        Etat.CONCLUSION,
        gettext_lazy("Conclusion"),
        gettext_lazy(
            "Vous choisissez votre projet, préparez votre plan d'action et recevez votre "
            "document de synthèse."
        ),
    ),
    (
        Etat.TERMINE,
        gettext_lazy("Bilan terminé"),
        gettext_lazy("Un entretien de suivi vous est proposé environ six mois plus tard."),
    ),
)
# After the end, the last stage stays the current one.
POSITION = {etat: i for i, (etat, _label, _aide) in enumerate(ETAPES)}
POSITION.update({Etat.SUIVI: POSITION[Etat.TERMINE], Etat.CLOS: POSITION[Etat.TERMINE]})


@dataclass(frozen=True)
class Etape:
    label: Promise
    aide: Promise
    statut: str  # "fait", "actuel" or "a_venir"


@dataclass
class Fiche:
    """What the portal shows of one bilan."""

    bilan: Bilan
    entretien: EntretienPrealable | None
    consentement: Consentement | None
    etapes: list[Etape] = field(default_factory=list)
    a_faire: str = ""
    avec_convention: bool = False
    reste_a_charge: Decimal | None = None
    # Self-funded: the contract, its payment schedule and the last day to withdraw.
    contrat: ContratAutofinancement | None = None
    fin_retractation: datetime.date | None = None


@beneficiaire_required
@require_GET
def accueil(request: HttpRequest) -> HttpResponse:
    bilans = list(
        bilans_for_beneficiaire(user=request.user)
        .select_related("financement_cpf", "contrat_autofinancement")
        .prefetch_related("contrat_autofinancement__echeances")
    )
    entretiens = {e.bilan_id: e for e in entretiens_visible_to(user=request.user)}
    consentements = {c.bilan_id: c for c in consentements_visible_to(user=request.user)}
    fiches = [_fiche(b, entretiens.get(b.pk), consentements.get(b.pk)) for b in bilans]
    return render(request, "beneficiaires/portail/accueil.html", {"fiches": fiches})


@beneficiaire_required
@require_http_methods(["GET", "POST"])
def consentement(request: HttpRequest, pk: int) -> HttpResponse:
    """The answer after the entretien préalable (L6313-4; domain.md, The life of a bilan, 1).

    A refusal is confirmed first, asks for no reason, and is never misconduct.
    """
    bilan = get_object_or_404(bilans_for_beneficiaire(user=request.user), pk=pk)
    entretien = entretiens_visible_to(user=request.user).filter(bilan=bilan).first()
    reponse = consentements_visible_to(user=request.user).filter(bilan=bilan).first()
    peut_repondre = entretien is not None and reponse is None and bilan.etat == Etat.PREALABLE
    form = ConsentementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        donne = form.cleaned_data["decision"] == DONNE
        if not donne and not form.cleaned_data["confirme"]:
            refus = services.consentement_obstacle(bilan=bilan, beneficiaire_user=request.user)
            if refus is not None:
                form.add_error(None, refus.message)
            else:
                return render(
                    request, "beneficiaires/portail/consentement_refus.html", {"bilan": bilan}
                )
        else:
            try:
                services.consentement_record(
                    bilan=bilan, beneficiaire_user=request.user, donne=donne, ip=client_ip(request)
                )
            except BilanError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _message_reponse(donne))
                return redirect("portail:accueil")
    contexte = {
        "bilan": bilan,
        "entretien": entretien,
        "reponse": reponse,
        "peut_repondre": peut_repondre,
        "form": form,
    }
    return render(request, "beneficiaires/portail/consentement.html", contexte)


def _message_reponse(donne: bool) -> str:
    if donne:
        return _(
            "Merci, votre accord est enregistré. Votre consultant vous contactera pour la suite."
        )
    return _(
        "Votre refus est enregistré. C'est votre droit : ce choix ne vous sera jamais reproché."
    )


def _fiche(
    bilan: Bilan,
    entretien: EntretienPrealable | None,
    consentement: Consentement | None,
) -> Fiche:
    fiche = Fiche(bilan=bilan, entretien=entretien, consentement=consentement)
    fiche.etapes = _etapes(bilan.etat)
    fiche.a_faire = _a_faire(bilan.etat, entretien, consentement)
    fiche.avec_convention = bilan.avec_convention
    if bilan.financement == Financement.CPF:
        fiche.reste_a_charge = cpf_reste_a_charge(
            on=_date_inscription_cpf(bilan), beneficiaire=bilan.beneficiaire
        )
    if bilan.financement == Financement.AUTOFINANCEMENT:
        fiche.contrat = getattr(bilan, "contrat_autofinancement", None)
        if fiche.contrat is not None:
            fiche.fin_retractation = fiche.contrat.signe_le + datetime.timedelta(
                days=DELAI_RETRACTATION_JOURS
            )
    return fiche


def _date_inscription_cpf(bilan: Bilan) -> datetime.date:
    """The amount is the one in force when the CPF funding was recorded (a dated setting)."""
    financement = getattr(bilan, "financement_cpf", None)
    if financement is None:
        return timezone.localdate()
    return timezone.localdate(financement.created_at)


def _etapes(etat: str) -> list[Etape]:
    """The five stages; none is current once the bilan was refused or abandoned."""
    actuelle = POSITION.get(etat)
    if actuelle is None:
        return [Etape(label, aide, "") for _etat, label, aide in ETAPES]
    return [
        Etape(label, aide, _statut(i, actuelle)) for i, (_etat, label, aide) in enumerate(ETAPES)
    ]


def _statut(i: int, actuelle: int) -> str:
    if i < actuelle:
        return "fait"
    return "actuel" if i == actuelle else "a_venir"


def _a_faire(
    etat: str, entretien: EntretienPrealable | None, consentement: Consentement | None
) -> str:
    """What is expected of the beneficiary now, as a key the template words kindly."""
    if etat == Etat.PREALABLE:
        if entretien is None:
            return "attendre_entretien"
        return "consentement" if consentement is None else "consentement_donne"
    return etat
