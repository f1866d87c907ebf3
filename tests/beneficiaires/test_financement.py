"""Funding paths CPF and self-funded (domain.md, Funding; Engagement): CPF price at most
1,600 € (D6323-1 A), the 5-year declaration (D6323-6), the dated reste à charge; the
self-funded contract's 10-day withdrawal (L6353-5) and schedule (L6353-6); "where a rule
says refuse, the platform refuses with a clear French message and changes nothing"."""

from __future__ import annotations

import datetime
import time
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from beneficiaires.financement import (
    echeancier_errors,
    financement_autofinancement_set,
)
from beneficiaires.models import (
    Bilan,
    BilanEvenement,
    ContratAutofinancement,
    Echeance,
    FinancementCPF,
    StatutProfessionnel,
)
from beneficiaires.selectors import cpf_reste_a_charge
from beneficiaires.services import BilanError, bilan_engagement_complete, bilan_transition
from bilan.audit.models import AuditEvent
from tests.beneficiaires.factories import (
    BilanFactory,
    DossierFactory,
    consentement_donne,
    financement_cpf,
)

pytestmark = pytest.mark.django_db

D = Decimal
SIGNE = datetime.date(2026, 11, 2)  # the withdrawal period runs to 12/11 inclusive
ENGAGE_AT = timezone.make_aware(datetime.datetime(2026, 11, 1, 9, 30))


def _jour(days: int) -> datetime.date:
    return SIGNE + datetime.timedelta(days=days)


VALIDE = [(_jour(11), D("450.00")), (_jour(40), D("525.00")), (_jour(70), D("525.00"))]


@pytest.fixture
def engage(bilan: Bilan, consultant) -> Bilan:
    """The persona consultant's bilan, in engagement (entretien and consent recorded)."""
    consentement_donne(bilan)
    bilan = bilan_transition(bilan=bilan, vers="engagement", by=consultant)
    # Engaged on 01/11/2026, before the contract signed on SIGNE (L6353-5: never earlier).
    BilanEvenement.objects.filter(bilan=bilan, vers="engagement").update(at=ENGAGE_AT)
    return bilan


def _autofinancement(bilan: Bilan, **overrides) -> ContratAutofinancement:
    fields = {"prix": D("1500.00"), "signe_le": SIGNE, "echeances": VALIDE, **overrides}
    fields.setdefault("consultant", bilan.consultant)
    return financement_autofinancement_set(bilan=bilan, **fields)


def _nothing_saved(bilan: Bilan, audit_before: int) -> None:
    assert FinancementCPF.objects.count() == 0
    assert ContratAutofinancement.objects.count() == 0
    assert Echeance.objects.count() == 0
    assert Bilan.objects.get(pk=bilan.pk).financement == ""
    assert AuditEvent.objects.count() == audit_before


# --- CPF ---------------------------------------------------------------------------------


def test_financement_cpf_set_records_the_funding(engage, consultant) -> None:
    before = AuditEvent.objects.count()
    financement = financement_cpf(engage, prix=D("1600.00"), ip="198.51.100.7")
    stored = FinancementCPF.objects.get(bilan=engage)
    assert stored.pk == financement.pk
    assert (stored.prix, stored.numero_dossier, stored.declaration_aucun_bilan_5_ans) == (
        D("1600.00"),
        "CPF-2026-000123",
        True,
    )
    assert stored.declaration_at is not None
    assert Bilan.objects.get(pk=engage.pk).financement == "cpf"
    assert engage.financement == "cpf"
    rows = list(
        AuditEvent.objects.order_by("pk").values_list(
            "event", "actor_id", "target_type", "target_id", "ip"
        )
    )[before:]
    assert rows == [
        (
            "financement.cpf_set",
            consultant.pk,
            "beneficiaires.financementcpf",
            str(financement.pk),
            "198.51.100.7",
        )
    ]


def test_financement_cpf_set_twice_corrects_the_same_record(engage) -> None:
    first = financement_cpf(engage)
    second = financement_cpf(engage, prix=D("1200.00"), numero_dossier=" CPF-9 ")
    assert second.pk == first.pk
    stored = FinancementCPF.objects.get()
    assert (stored.prix, stored.numero_dossier) == (D("1200.00"), "CPF-9")


@pytest.mark.parametrize(
    ("overrides", "code", "message"),
    [
        (
            {"prix": D("1600.01")},
            "prix_plafond",
            "Le prix d'un bilan financé par le CPF ne peut pas dépasser 1 600,00 €.",
        ),
        ({"prix": D("0")}, "prix_invalide", "Le prix doit être un montant positif en euros."),
        (
            {"declaration_aucun_bilan_5_ans": False},
            "declaration_requise",
            "Le bénéficiaire doit déclarer n'avoir suivi aucun autre bilan de compétences "
            "financé au cours des 5 dernières années (article D6323-6 du Code du travail).",
        ),
        (
            {"numero_dossier": "   "},
            "numero_dossier_requis",
            "Le numéro de dossier CPF est obligatoire.",
        ),
    ],
)
def test_financement_cpf_set_bad_input_is_refused(engage, overrides, code, message) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(BilanError) as exc:
        financement_cpf(engage, **overrides)
    assert (exc.value.code, exc.value.message) == (code, message)
    _nothing_saved(engage, before)


def test_financement_cpf_set_by_another_consultant_is_refused(engage, autre_consultant) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(BilanError) as exc:
        financement_cpf(engage, consultant=autre_consultant)
    assert exc.value.code == "not_assigned"
    _nothing_saved(engage, before)


@pytest.mark.parametrize("etat", ["prealable", "en_cours", "abandonne"])
def test_financement_cpf_set_outside_engagement_is_refused(bilan, etat) -> None:
    Bilan.objects.filter(pk=bilan.pk).update(etat=etat)
    before = AuditEvent.objects.count()
    with pytest.raises(BilanError) as exc:
        financement_cpf(bilan)
    assert (exc.value.code, exc.value.message) == (
        "wrong_state",
        "Le financement s'enregistre quand le bilan est en engagement.",
    )
    _nothing_saved(bilan, before)


def test_financement_cpf_set_on_a_self_funded_bilan_is_refused(engage) -> None:
    _autofinancement(engage)
    with pytest.raises(BilanError) as exc:
        financement_cpf(engage)
    assert (exc.value.code, exc.value.message) == (
        "financement_autre",
        "Ce bilan a déjà un autre financement : Autofinancement.",
    )
    assert FinancementCPF.objects.count() == 0


def test_financement_cpf_has_no_refund_path() -> None:
    """domain.md, Funding: the reste à charge is never refunded by the provider."""
    from beneficiaires import financement, services

    names = dir(financement) + dir(services)
    assert not [name for name in names if "rembours" in name or "refund" in name]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("prix", D("1600.01")),
        ("prix", D("0")),
        ("numero_dossier", ""),
        ("declaration_aucun_bilan_5_ans", False),
    ],
)
def test_financement_cpf_constraints_hold_without_the_service(engage, field, value) -> None:
    fields = {
        "prix": D("1600.00"),
        "numero_dossier": "CPF-1",
        "declaration_aucun_bilan_5_ans": True,
        "declaration_at": timezone.now(),
        field: value,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        FinancementCPF.objects.create(bilan=engage, **fields)


def test_financement_cpf_constraint_accepts_the_cap(engage) -> None:
    FinancementCPF.objects.create(
        bilan=engage,
        prix=D("1600.00"),
        numero_dossier="CPF-1",
        declaration_aucun_bilan_5_ans=True,
        declaration_at=timezone.now(),
    )
    assert FinancementCPF.objects.count() == 1


@pytest.mark.parametrize(
    ("on", "montant"),
    [
        (datetime.date(2023, 12, 31), D("0.00")),
        (datetime.date(2024, 1, 1), D("100.00")),
        (datetime.date(2024, 12, 31), D("100.00")),
        (datetime.date(2025, 1, 1), D("102.23")),
        (datetime.date(2025, 12, 31), D("102.23")),
        (datetime.date(2026, 1, 1), D("103.20")),
        (datetime.date(2026, 11, 24), D("103.20")),
    ],
)
def test_cpf_reste_a_charge_is_the_amount_in_force_on_the_date(on, montant) -> None:
    salarie = DossierFactory(
        statut_professionnel=StatutProfessionnel.SALARIE, employeur_nom="Transports du Val"
    )
    assert cpf_reste_a_charge(on=on, beneficiaire=salarie) == montant


def test_cpf_reste_a_charge_is_not_due_for_a_jobseeker() -> None:
    demandeur = DossierFactory(statut_professionnel=StatutProfessionnel.DEMANDEUR_EMPLOI)
    assert cpf_reste_a_charge(on=datetime.date(2026, 3, 1), beneficiaire=demandeur) == D("0")


def test_cpf_reste_a_charge_follows_the_setting(settings) -> None:
    settings.CPF_RESTE_A_CHARGE = [("2026-01-01", "103.20"), ("2027-01-01", "105.00")]
    independant = DossierFactory(statut_professionnel=StatutProfessionnel.INDEPENDANT)
    on = datetime.date(2027, 1, 1)
    assert cpf_reste_a_charge(on=on, beneficiaire=independant) == D("105.00")


# --- the schedule validator --------------------------------------------------------------


def test_echeancier_errors_accepts_a_valid_schedule() -> None:
    assert echeancier_errors(prix=D("1500.00"), signe_le=SIGNE, echeances=VALIDE) == []


def test_echeancier_errors_accepts_exactly_30_percent_first() -> None:
    echeances = [(_jour(11), D("300.00")), (_jour(30), D("700.00"))]
    assert echeancier_errors(prix=D("1000.00"), signe_le=SIGNE, echeances=echeances) == []


@pytest.mark.parametrize("day", [0, 5, 10])
def test_echeancier_errors_refuses_a_payment_inside_the_withdrawal_period(day) -> None:
    echeances = [(_jour(day), D("300.00")), (_jour(30), D("700.00"))]
    errors = echeancier_errors(prix=D("1000.00"), signe_le=SIGNE, echeances=echeances)
    assert errors == [
        f"L'échéance du {_jour(day):%d/%m/%Y} tombe pendant le délai de rétractation de 10 "
        "jours, qui court jusqu'au 12/11/2026 inclus : aucun paiement ne peut être exigé "
        "avant (article L6353-5 du Code du travail)."
    ]


def test_echeancier_errors_refuses_a_first_payment_over_30_percent() -> None:
    echeances = [(_jour(11), D("300.01")), (_jour(30), D("699.99"))]
    errors = echeancier_errors(prix=D("1000.00"), signe_le=SIGNE, echeances=echeances)
    assert errors == [
        "Le premier paiement (300,01 €) dépasse 30 % du prix, soit 300,00 € ; le reste doit "
        "être réparti sur des échéances ultérieures (article L6353-6 du Code du travail)."
    ]


def test_echeancier_errors_adds_up_payments_on_the_first_date() -> None:
    echeances = [(_jour(12), D("200.00")), (_jour(12), D("200.00")), (_jour(30), D("600.00"))]
    errors = echeancier_errors(prix=D("1000.00"), signe_le=SIGNE, echeances=echeances)
    assert len(errors) == 1
    assert errors[0].startswith("Le premier paiement (400,00 €) dépasse 30 % du prix")


def test_echeancier_errors_refuses_a_single_payment_of_the_whole_price() -> None:
    errors = echeancier_errors(
        prix=D("1000.00"), signe_le=SIGNE, echeances=[(_jour(20), D("1000.00"))]
    )
    assert len(errors) == 2
    assert errors[0].startswith("Le premier paiement (1 000,00 €) dépasse 30 % du prix")
    assert errors[1] == DEUX_DATES


DEUX_DATES = (
    "L'échéancier doit compter au moins deux dates de paiement : au plus 30 % du prix à la "
    "première, le reste réparti sur des échéances ultérieures pendant le déroulement du bilan "
    "(article L6353-6 du Code du travail)."
)


def test_echeancier_errors_refuses_the_whole_price_split_on_a_single_date() -> None:
    """L6353-6: the rest is spread over the action, not due with the first payment."""
    echeances = [(_jour(20), D("300.00")), (_jour(20), D("700.00"))]
    errors = echeancier_errors(prix=D("1000.00"), signe_le=SIGNE, echeances=echeances)
    assert errors == [
        "Le premier paiement (1 000,00 €) dépasse 30 % du prix, soit 300,00 € ; le reste doit "
        "être réparti sur des échéances ultérieures (article L6353-6 du Code du travail).",
        DEUX_DATES,
    ]


def test_echeancier_errors_accepts_two_dates() -> None:
    echeances = [(_jour(11), D("300.00")), (_jour(12), D("700.00"))]
    assert echeancier_errors(prix=D("1000.00"), signe_le=SIGNE, echeances=echeances) == []


def test_financement_autofinancement_set_on_a_single_date_saves_nothing(engage) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(BilanError) as exc:
        _autofinancement(engage, echeances=[(_jour(20), D("1500.00"))])
    assert exc.value.code == "echeancier_invalide"
    assert exc.value.message.endswith(DEUX_DATES)
    _nothing_saved(engage, before)


@pytest.mark.parametrize("last", [D("699.99"), D("700.01")])
def test_echeancier_errors_refuses_a_sum_other_than_the_price(last) -> None:
    echeances = [(_jour(11), D("300.00")), (_jour(30), last)]
    errors = echeancier_errors(prix=D("1000.00"), signe_le=SIGNE, echeances=echeances)
    total = f"{D('300.00') + last}".replace(".", ",").replace("1000", "1 000")
    assert errors == [f"La somme des échéances ({total} €) doit être égale au prix (1 000,00 €)."]


def test_echeancier_errors_refuses_an_empty_schedule() -> None:
    assert echeancier_errors(prix=D("1000.00"), signe_le=SIGNE, echeances=[]) == [
        "L'échéancier doit compter au moins une échéance."
    ]


def test_echeancier_errors_refuses_a_payment_after_the_planned_end() -> None:
    errors = echeancier_errors(
        prix=D("1500.00"), signe_le=SIGNE, echeances=VALIDE, date_fin_prevue=_jour(60)
    )
    assert errors == [
        f"L'échéance du {_jour(70):%d/%m/%Y} tombe après la fin prévue du bilan "
        f"({_jour(60):%d/%m/%Y})."
    ]


def test_echeancier_errors_lists_every_breach() -> None:
    echeances = [(_jour(3), D("900.00")), (_jour(30), D("50.00"))]
    errors = echeancier_errors(prix=D("1000.00"), signe_le=SIGNE, echeances=echeances)
    assert [error.split(" ")[:3] for error in errors] == [
        ["L'échéance", "du", f"{_jour(3):%d/%m/%Y}"],
        ["Le", "premier", "paiement"],
        ["La", "somme", "des"],
    ]


# --- self-funded -------------------------------------------------------------------------


def test_financement_autofinancement_set_records_contract_and_schedule(engage, consultant) -> None:
    before = AuditEvent.objects.count()
    contrat = _autofinancement(engage, echeances=list(reversed(VALIDE)), ip="198.51.100.7")
    stored = ContratAutofinancement.objects.get(bilan=engage)
    assert (stored.pk, stored.prix, stored.signe_le) == (contrat.pk, D("1500.00"), SIGNE)
    assert list(stored.echeances.values_list("date", "montant")) == VALIDE
    assert Bilan.objects.get(pk=engage.pk).financement == "autofinancement"
    rows = list(
        AuditEvent.objects.order_by("pk").values_list(
            "event", "actor_id", "target_type", "target_id", "ip"
        )
    )[before:]
    assert rows == [
        (
            "financement.autofinancement_set",
            consultant.pk,
            "beneficiaires.contratautofinancement",
            str(contrat.pk),
            "198.51.100.7",
        )
    ]


def test_financement_autofinancement_set_twice_replaces_the_schedule(engage) -> None:
    first = _autofinancement(engage)
    echeances = [(_jour(11), D("300.00")), (_jour(50), D("700.00"))]
    second = _autofinancement(engage, prix=D("1000.00"), echeances=echeances)
    assert second.pk == first.pk
    assert list(Echeance.objects.values_list("date", "montant")) == echeances


@pytest.mark.parametrize(
    "echeances",
    [
        [(_jour(10), D("450.00")), (_jour(40), D("1050.00"))],
        [(_jour(11), D("450.01")), (_jour(40), D("1049.99"))],
        [(_jour(11), D("450.00")), (_jour(40), D("1000.00"))],
    ],
    ids=["inside_withdrawal", "first_over_30_percent", "sum_mismatch"],
)
def test_financement_autofinancement_set_bad_schedule_saves_nothing(engage, echeances) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(BilanError) as exc:
        _autofinancement(engage, echeances=echeances)
    assert exc.value.code == "echeancier_invalide"
    assert exc.value.message == " ".join(
        echeancier_errors(prix=D("1500.00"), signe_le=SIGNE, echeances=echeances)
    )
    _nothing_saved(engage, before)


def test_financement_autofinancement_set_by_another_consultant_is_refused(
    engage, autre_consultant
) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(BilanError) as exc:
        _autofinancement(engage, consultant=autre_consultant)
    assert exc.value.code == "not_assigned"
    _nothing_saved(engage, before)


def test_financement_autofinancement_set_in_prealable_is_refused(bilan) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(BilanError) as exc:
        _autofinancement(bilan)
    assert exc.value.code == "wrong_state"
    _nothing_saved(bilan, before)


@pytest.mark.parametrize("prix", [D("0"), D("-1")])
def test_contrat_autofinancement_constraint_holds_without_the_service(engage, prix) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ContratAutofinancement.objects.create(bilan=engage, prix=prix, signe_le=SIGNE)


def test_echeance_constraint_holds_without_the_service(engage) -> None:
    contrat = ContratAutofinancement.objects.create(bilan=engage, prix=D("10"), signe_le=SIGNE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Echeance.objects.create(contrat=contrat, date=_jour(20), montant=D("0"))


# --- engagement → en cours ---------------------------------------------------------------


def test_en_cours_without_funding_is_refused(engage, consultant) -> None:
    assert bilan_engagement_complete(bilan=engage) is False
    with pytest.raises(BilanError) as exc:
        bilan_transition(bilan=engage, vers="en_cours", by=consultant)
    assert (exc.value.code, exc.value.message) == (
        "conditions_unmet",
        "L'engagement n'est pas complet : le financement doit être enregistré et, pour un "
        "autofinancement, le délai de rétractation de 10 jours écoulé.",
    )
    assert Bilan.objects.get(pk=engage.pk).etat == "engagement"


def test_en_cours_with_cpf_funding_is_allowed(engage, consultant) -> None:
    financement_cpf(engage)
    assert bilan_engagement_complete(bilan=engage) is True
    assert bilan_transition(bilan=engage, vers="en_cours", by=consultant).etat == "en_cours"


def test_en_cours_self_funded_waits_for_the_withdrawal_period(
    engage, consultant, time_machine
) -> None:
    time_machine.move_to(time.time())
    signe_le = timezone.localdate()
    echeances = [
        (signe_le + datetime.timedelta(days=11), D("300.00")),
        (signe_le + datetime.timedelta(days=40), D("700.00")),
    ]
    _autofinancement(engage, prix=D("1000.00"), signe_le=signe_le, echeances=echeances)

    time_machine.shift(datetime.timedelta(days=10))  # the 10th day: still withdrawable
    assert timezone.localdate() == signe_le + datetime.timedelta(days=10)
    assert bilan_engagement_complete(bilan=engage) is False
    with pytest.raises(BilanError) as exc:
        bilan_transition(bilan=engage, vers="en_cours", by=consultant)
    assert exc.value.code == "conditions_unmet"
    assert Bilan.objects.get(pk=engage.pk).etat == "engagement"

    time_machine.shift(datetime.timedelta(days=1))
    assert bilan_engagement_complete(bilan=engage) is True
    assert bilan_transition(bilan=engage, vers="en_cours", by=consultant).etat == "en_cours"


@pytest.mark.parametrize("chemin", ["plan_developpement", "conge_reclassement", "autre_financeur"])
def test_bilan_engagement_complete_waits_for_the_convention_slice(engage, chemin) -> None:
    Bilan.objects.filter(pk=engage.pk).update(financement=chemin)
    engage.refresh_from_db()
    assert bilan_engagement_complete(bilan=engage) is False


def test_bilan_factory_funds_bilans_past_engagement() -> None:
    bilan = BilanFactory(etat="termine")
    assert (bilan.financement, FinancementCPF.objects.filter(bilan=bilan).count()) == ("cpf", 1)


def test_engagement_is_not_complete_once_the_bilan_has_ended() -> None:
    """An abandoned bilan keeps its funding record but no session may be planned."""
    from beneficiaires.services import bilan_engagement_complete, bilan_transition
    from tests.beneficiaires.factories import BilanFactory

    bilan = BilanFactory(etat="en_cours")
    assert bilan_engagement_complete(bilan=bilan) is True
    bilan_transition(bilan=bilan, vers="abandonne", by=bilan.consultant)
    bilan.refresh_from_db()
    assert bilan_engagement_complete(bilan=bilan) is False


# --- the contract's signature date (L6353-5) ---------------------------------------------


def test_financement_autofinancement_set_signed_today_is_accepted(engage, time_machine) -> None:
    time_machine.move_to(time.time())
    today = timezone.localdate()
    echeances = [
        (today + datetime.timedelta(days=11), D("300.00")),
        (today + datetime.timedelta(days=40), D("700.00")),
    ]
    contrat = _autofinancement(engage, prix=D("1000.00"), signe_le=today, echeances=echeances)
    assert ContratAutofinancement.objects.get().signe_le == contrat.signe_le == today


def test_financement_autofinancement_set_signed_on_the_engagement_day_is_accepted(engage) -> None:
    echeances = [
        (ENGAGE_AT.date() + datetime.timedelta(days=11), D("450.00")),
        (_jour(40), D("1050.00")),
    ]
    _autofinancement(engage, signe_le=ENGAGE_AT.date(), echeances=echeances)
    assert ContratAutofinancement.objects.get().signe_le == datetime.date(2026, 11, 1)


def test_financement_autofinancement_set_signed_in_the_future_is_refused(
    engage, time_machine
) -> None:
    time_machine.move_to(time.time())
    demain = timezone.localdate() + datetime.timedelta(days=1)
    echeances = [
        (demain + datetime.timedelta(days=11), D("450.00")),
        (demain + datetime.timedelta(days=40), D("1050.00")),
    ]
    before = AuditEvent.objects.count()
    with pytest.raises(BilanError) as exc:
        _autofinancement(engage, signe_le=demain, echeances=echeances)
    assert (exc.value.code, exc.value.message) == (
        "signature_future",
        f"La date de signature du contrat ({demain:%d/%m/%Y}) ne peut pas être dans le futur.",
    )
    _nothing_saved(engage, before)


def test_financement_autofinancement_set_signed_before_the_engagement_is_refused(engage) -> None:
    """A backdated contract would let payments fall due inside the real withdrawal period."""
    veille = datetime.date(2026, 10, 31)
    echeances = [(veille + datetime.timedelta(days=11), D("450.00")), (_jour(40), D("1050.00"))]
    before = AuditEvent.objects.count()
    with pytest.raises(BilanError) as exc:
        _autofinancement(engage, signe_le=veille, echeances=echeances)
    assert (exc.value.code, exc.value.message) == (
        "signature_anterieure",
        "La date de signature du contrat (31/10/2026) ne peut pas précéder l'entrée du bilan "
        "en engagement, le 01/11/2026 : le délai de rétractation de 10 jours court à partir "
        "de la signature réelle (article L6353-5 du Code du travail).",
    )
    _nothing_saved(engage, before)


def test_financement_autofinancement_set_uses_the_paris_date_of_the_engagement(engage) -> None:
    """Engaged at 00:30 Paris on 02/11 (23:30 UTC on 01/11): 01/11 is before the engagement."""
    at = datetime.datetime(2026, 11, 1, 23, 30, tzinfo=datetime.UTC)
    BilanEvenement.objects.filter(bilan=engage, vers="engagement").update(at=at)
    with pytest.raises(BilanError) as exc:
        _autofinancement(engage, signe_le=datetime.date(2026, 11, 1))
    assert exc.value.code == "signature_anterieure"
    assert ContratAutofinancement.objects.count() == 0


def test_financement_autofinancement_set_without_timeline_uses_the_state_change(engage) -> None:
    BilanEvenement.objects.filter(bilan=engage).delete()
    Bilan.objects.filter(pk=engage.pk).update(
        etat_changed_at=ENGAGE_AT + datetime.timedelta(days=2)
    )
    with pytest.raises(BilanError) as exc:
        _autofinancement(engage)
    assert exc.value.message.startswith(
        "La date de signature du contrat (02/11/2026) ne peut pas précéder l'entrée du bilan "
        "en engagement, le 03/11/2026"
    )
    assert ContratAutofinancement.objects.count() == 0
