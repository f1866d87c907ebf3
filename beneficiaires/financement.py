"""Writes on a bilan's funding: CPF and self-funded (domain.md, Funding).

The convention paths (plan de développement, congé de reclassement, autre financeur) are
written by :mod:`.convention`; :func:`financement_complet` judges them all.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bilan.audit.services import audit_record
from bilan.comptes.models import User

from .errors import BilanError
from .models import (
    CPF_PRIX_PLAFOND,
    FINANCEMENTS_CONVENTION,
    Bilan,
    BilanEvenement,
    ContratAutofinancement,
    Convention,
    Echeance,
    Etat,
    Financement,
    FinancementCPF,
    RoleSignataire,
    SignatureConvention,
)

# L6353-5: the self-funded beneficiary may withdraw within 10 days of signing.
DELAI_RETRACTATION_JOURS = 10
# L6353-6: at most 30 % of the price paid when the withdrawal period ends.
PREMIER_PAIEMENT_MAX = Decimal("0.30")
CENTIME = Decimal("0.01")
MONTANT_MAX = Decimal("999999.99")


def financement_cpf_set(
    *,
    bilan: Bilan,
    consultant: User,
    prix: Decimal,
    numero_dossier: str,
    declaration_aucun_bilan_5_ans: bool,
    ip: str | None = None,
) -> FinancementCPF:
    """Record, or correct, the CPF funding of a bilan in engagement (domain.md, Funding: CPF).

    Price at most 1,600 € (D6323-1 A); the beneficiary's declaration of no other funded bilan
    in the previous 5 years (D6323-6); the CPF dossier number. The audit log gets no value.
    """
    numero_dossier = (numero_dossier or "").strip()
    with transaction.atomic():
        locked = _bilan_engagement_locked(
            bilan=bilan, consultant=consultant, chemin=Financement.CPF
        )
        prix = _prix_checked(prix)
        if prix > CPF_PRIX_PLAFOND:
            raise BilanError(
                "prix_plafond",
                _("Le prix d'un bilan financé par le CPF ne peut pas dépasser %(plafond)s €.")
                % {"plafond": _euros(CPF_PRIX_PLAFOND)},
            )
        if declaration_aucun_bilan_5_ans is not True:
            raise BilanError(
                "declaration_requise",
                _(
                    "Le bénéficiaire doit déclarer n'avoir suivi aucun autre bilan de compétences "
                    "financé au cours des 5 dernières années (article D6323-6 du Code du travail)."
                ),
            )
        if not numero_dossier:
            raise BilanError(
                "numero_dossier_requis", _("Le numéro de dossier CPF est obligatoire.")
            )
        financement, _created = FinancementCPF.objects.update_or_create(
            bilan=locked,
            defaults={
                "prix": prix,
                "numero_dossier": numero_dossier,
                "declaration_aucun_bilan_5_ans": True,
                "declaration_at": timezone.now(),
            },
        )
        _financement_save(locked, Financement.CPF)
        audit_record(event="financement.cpf_set", actor=consultant, target=financement, ip=ip)
    bilan.financement = locked.financement
    return financement


def financement_autofinancement_set(
    *,
    bilan: Bilan,
    consultant: User,
    prix: Decimal,
    signe_le: datetime.date,
    echeances: list[tuple[datetime.date, Decimal]],
    ip: str | None = None,
) -> ContratAutofinancement:
    """Record, or replace, the contract of a self-funded bilan in engagement (L6353-3 to 6).

    The contract is signed neither in the future nor before the day the bilan entered
    engagement: a backdated signature would shorten the 10-day withdrawal period (L6353-5).
    The payment schedule must pass :func:`echeancier_errors`; otherwise nothing is saved.
    """
    with transaction.atomic():
        locked = _bilan_engagement_locked(
            bilan=bilan, consultant=consultant, chemin=Financement.AUTOFINANCEMENT
        )
        prix = _prix_checked(prix)
        _signe_le_check(bilan=locked, signe_le=signe_le)
        errors = echeancier_errors(prix=prix, signe_le=signe_le, echeances=echeances)
        if errors:
            raise BilanError("echeancier_invalide", " ".join(errors))
        contrat, _created = ContratAutofinancement.objects.update_or_create(
            bilan=locked, defaults={"prix": prix, "signe_le": signe_le}
        )
        contrat.echeances.all().delete()
        Echeance.objects.bulk_create(
            Echeance(contrat=contrat, date=date, montant=Decimal(montant))
            for date, montant in sorted(echeances)
        )
        _financement_save(locked, Financement.AUTOFINANCEMENT)
        audit_record(
            event="financement.autofinancement_set", actor=consultant, target=contrat, ip=ip
        )
    bilan.financement = locked.financement
    return contrat


def echeancier_errors(
    *,
    prix: Decimal,
    signe_le: datetime.date,
    echeances: list[tuple[datetime.date, Decimal]],
    date_fin_prevue: datetime.date | None = None,
) -> list[str]:
    """The French reasons why a self-funded payment schedule is refused; empty when valid.

    L6353-5: nothing is due before the 10-day withdrawal period ends. L6353-6: the first
    payment is at most 30 % of the price, the rest spread over later dates: at least two
    payment dates (and, when the planned end is known, none after it). The échéances add up
    to the price exactly.
    """
    if not echeances:
        return [_("L'échéancier doit compter au moins une échéance.")]
    errors: list[str] = []
    fin_retractation = signe_le + datetime.timedelta(days=DELAI_RETRACTATION_JOURS)
    # By date only: two amounts of one day are never compared (NaN cannot be).
    for date, montant in sorted(echeances, key=lambda echeance: echeance[0]):
        if montant_valide(montant) is None:
            errors.append(
                _("Le montant de l'échéance du %(date)s doit être positif.") % {"date": _jour(date)}
            )
        if date <= fin_retractation:
            errors.append(
                _(
                    "L'échéance du %(date)s tombe pendant le délai de rétractation de 10 jours, "
                    "qui court jusqu'au %(fin)s inclus : aucun paiement ne peut être exigé "
                    "avant (article L6353-5 du Code du travail)."
                )
                % {"date": _jour(date), "fin": _jour(fin_retractation)}
            )
        if date_fin_prevue is not None and date > date_fin_prevue:
            errors.append(
                _("L'échéance du %(date)s tombe après la fin prévue du bilan (%(fin)s).")
                % {"date": _jour(date), "fin": _jour(date_fin_prevue)}
            )
    if any(montant_valide(montant) is None for _date, montant in echeances):
        return errors  # NaN or 0.001 cannot be added up: the amounts first
    errors.extend(_premier_paiement_errors(prix=prix, echeances=echeances))
    if len({date for date, _montant in echeances}) < 2:
        # No planned end is known when the contract is signed: the rest is at least not
        # due on the first payment's date.
        errors.append(
            _(
                "L'échéancier doit compter au moins deux dates de paiement : au plus 30 % du "
                "prix à la première, le reste réparti sur des échéances ultérieures pendant le "
                "déroulement du bilan (article L6353-6 du Code du travail)."
            )
        )
    total = sum((Decimal(montant) for _date, montant in echeances), Decimal(0))
    if total != prix:
        errors.append(
            _("La somme des échéances (%(total)s €) doit être égale au prix (%(prix)s €).")
            % {"total": _euros(total), "prix": _euros(prix)}
        )
    return errors


def financement_complet(*, bilan: Bilan) -> bool:
    """Whether the bilan's funding path has what the engagement needs (domain.md, Funding)."""
    if bilan.financement == Financement.CPF:
        return FinancementCPF.objects.filter(bilan_id=bilan.pk).exists()
    if bilan.financement == Financement.AUTOFINANCEMENT:
        derniere_signature = timezone.localdate() - datetime.timedelta(
            days=DELAI_RETRACTATION_JOURS + 1
        )
        return ContratAutofinancement.objects.filter(
            bilan_id=bilan.pk, signe_le__lte=derniere_signature
        ).exists()
    if bilan.financement in FINANCEMENTS_CONVENTION:
        return _convention_signee(bilan=bilan)
    return False


def _convention_signee(*, bilan: Bilan) -> bool:
    """R6313-8 / D6353-1 I: the provider, the employer or funder and the beneficiary signed
    the convention as it stands: each signature's SHA-256 equals the current one, so a
    convention altered after signing no longer completes the engagement."""
    # Imported here: the convention's services build on this module's siblings.
    from .convention import convention_empreinte

    signatures = dict(
        SignatureConvention.objects.filter(convention__bilan_id=bilan.pk).values_list(
            "role", "empreinte"
        )
    )
    if set(signatures) != set(RoleSignataire.values):
        return False
    convention = Convention.objects.select_related("bilan__beneficiaire__user").get(
        bilan_id=bilan.pk
    )
    actuelle = convention_empreinte(convention)
    return all(value == actuelle for value in signatures.values())


def _premier_paiement_errors(
    *, prix: Decimal, echeances: list[tuple[datetime.date, Decimal]]
) -> list[str]:
    premiere_date = min(date for date, _montant in echeances)
    premier = sum(
        (Decimal(montant) for date, montant in echeances if date == premiere_date), Decimal(0)
    )
    plafond = prix * PREMIER_PAIEMENT_MAX
    if premier <= plafond:
        return []
    return [
        _(
            "Le premier paiement (%(montant)s €) dépasse 30 %% du prix, soit %(plafond)s € ; "
            "le reste doit être réparti sur des échéances ultérieures (article L6353-6 du "
            "Code du travail)."
        )
        % {"montant": _euros(premier), "plafond": _euros(plafond)}
    ]


def engagement_date(*, bilan: Bilan) -> datetime.date:
    """The Europe/Paris day the bilan last entered engagement (its timeline; else the date of
    its last change of state)."""
    at = (
        BilanEvenement.objects.filter(bilan_id=bilan.pk, vers=Etat.ENGAGEMENT)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
    return timezone.localdate(at or bilan.etat_changed_at)


def _signe_le_check(*, bilan: Bilan, signe_le: datetime.date) -> None:
    """L6353-5: the withdrawal period runs from the real signature, never from a made-up one."""
    if signe_le > timezone.localdate():
        raise BilanError(
            "signature_future",
            _("La date de signature du contrat (%(date)s) ne peut pas être dans le futur.")
            % {"date": _jour(signe_le)},
        )
    debut = engagement_date(bilan=bilan)
    if signe_le < debut:
        raise BilanError(
            "signature_anterieure",
            _(
                "La date de signature du contrat (%(date)s) ne peut pas précéder l'entrée du "
                "bilan en engagement, le %(debut)s : le délai de rétractation de 10 jours "
                "court à partir de la signature réelle (article L6353-5 du Code du travail)."
            )
            % {"date": _jour(signe_le), "debut": _jour(debut)},
        )


def _bilan_engagement_locked(*, bilan: Bilan, consultant: User, chemin: str) -> Bilan:
    """The bilan, locked, if ``consultant`` is assigned to it and it is in engagement.

    A bilan already funded by another path keeps it: changing path is not this service's job.
    """
    locked = Bilan.objects.select_for_update().get(pk=bilan.pk)
    if locked.consultant_id is None or locked.consultant_id != consultant.pk:
        raise BilanError("not_assigned", _("Vous n'êtes pas le consultant chargé de ce bilan."))
    if locked.etat != Etat.ENGAGEMENT:
        raise BilanError(
            "wrong_state", _("Le financement s'enregistre quand le bilan est en engagement.")
        )
    if locked.financement not in ("", chemin):
        raise BilanError(
            "financement_autre",
            _("Ce bilan a déjà un autre financement : %(chemin)s.")
            % {"chemin": Financement(locked.financement).label},
        )
    return locked


def montant_valide(value: object) -> Decimal | None:
    """A positive amount to the cent that its column (8 digits, 2 decimals) keeps exactly;
    None otherwise: PostgreSQL would round 0.001 to 0.00 and refuse 10**7 with a 500."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    if not number.is_finite() or not 0 < number <= MONTANT_MAX:
        return None
    return number if number == number.quantize(CENTIME) else None


def _prix_checked(prix: Decimal) -> Decimal:
    value = montant_valide(prix)
    if value is None:
        raise BilanError("prix_invalide", _("Le prix doit être un montant positif en euros."))
    return value


def _financement_save(bilan: Bilan, chemin: str) -> None:
    if bilan.financement != chemin:
        bilan.financement = chemin
        bilan.save(update_fields=["financement"])


def _euros(montant: Decimal) -> str:
    """French amount: ``1 600,00``."""
    text = f"{montant.quantize(Decimal('0.01')):,.2f}"
    return text.replace(",", " ").replace(".", ",")


def _jour(date: datetime.date) -> str:
    return date.strftime("%d/%m/%Y")
