"""The entretien préalable and the funding forms of the back office (domain.md, The life of a
bilan, 1; Funding: CPF at most 1,600 €, self-funded 10-day withdrawal and 30 % first payment).
"Where a rule says refuse, the platform refuses with a clear French message and changes
nothing"."""

from __future__ import annotations

import datetime
import time
from decimal import Decimal

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from beneficiaires.models import (
    Bilan,
    BilanEvenement,
    ContratAutofinancement,
    Echeance,
    EntretienPrealable,
    FinancementCPF,
)
from beneficiaires.services import bilan_transition
from bilan.audit.models import AuditEvent
from tests.beneficiaires.factories import (
    BilanFactory,
    DossierFactory,
    consentement_donne,
    entretien_record,
    financement_cpf,
)

pytestmark = pytest.mark.django_db

D = Decimal
ENTRETIEN = {
    "besoin": "Faire le point après dix ans dans la logistique.",
    "attentes": "Des métiers accessibles.",
    "situation": "Salariée à temps plein.",
    "objectifs": "Un projet réaliste.",
    "format": "distanciel",
    "tenu_le": "2026-11-02",
}


@pytest.fixture
def client(client_de, consultant):
    return client_de(consultant)


@pytest.fixture
def engage(bilan: Bilan, consultant) -> Bilan:
    """The persona consultant's bilan in engagement (entretien and consent recorded)."""
    consentement_donne(bilan)
    bilan = bilan_transition(bilan=bilan, vers="engagement", by=consultant)
    # Engaged on 01/11/2026, before the contract signed on SIGNE (L6353-5: never earlier).
    BilanEvenement.objects.filter(bilan=bilan, vers="engagement").update(at=ENGAGE_AT)
    return bilan


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _url(name: str, bilan: Bilan) -> str:
    return reverse(f"backoffice:{name}", args=[bilan.pk])


# --- Entretien préalable -----------------------------------------------------------------


def test_entretien_records_the_interview_and_goes_back_to_the_bilan(
    client, bilan, consultant
) -> None:
    response = client.post(_url("entretien", bilan), ENTRETIEN)
    assert response["Location"] == _url("bilan", bilan)
    assert _messages(response) == ["L'entretien préalable est enregistré."]
    stored = EntretienPrealable.objects.get(bilan=bilan)
    assert (stored.besoin, stored.objectifs, stored.format, stored.tenu_le, stored.acteur_id) == (
        ENTRETIEN["besoin"],
        "Un projet réaliste.",
        "distanciel",
        datetime.date(2026, 11, 2),
        consultant.pk,
    )


def test_entretien_form_is_prefilled_from_the_record(client, bilan) -> None:
    entretien_record(bilan)
    response = client.get(_url("entretien", bilan))
    form = response.context["form"]
    assert form.initial["besoin"] == "Faire le point après dix ans dans la logistique."
    assert form.initial["format"] == "mixte"
    assert form.initial["tenu_le"] == datetime.date(2026, 11, 2)
    html = response.content.decode()
    assert "Faire le point après dix ans dans la logistique.</textarea>" in html
    assert 'value="2026-11-02"' in html


def test_entretien_without_record_says_it_is_to_be_done(client, bilan) -> None:
    html = client.get(_url("entretien", bilan)).content.decode()
    assert "L'entretien préalable n'est pas encore enregistré." in html


@pytest.mark.parametrize("missing", ["besoin", "objectifs", "format", "tenu_le"])
def test_entretien_with_a_missing_field_records_nothing(client, bilan, missing) -> None:
    response = client.post(_url("entretien", bilan), {**ENTRETIEN, missing: ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {missing: ["Ce champ est obligatoire."]}
    assert EntretienPrealable.objects.count() == 0


def test_entretien_with_blank_text_is_refused_by_the_rule(client, bilan) -> None:
    """A text of spaces counts as missing."""
    response = client.post(_url("entretien", bilan), {**ENTRETIEN, "besoin": "   "})
    assert response.context["form"].errors["besoin"] == ["Ce champ est obligatoire."]
    assert EntretienPrealable.objects.count() == 0


def test_entretien_after_the_prealable_says_it_no_longer_changes(client, engage) -> None:
    html = client.get(_url("entretien", engage)).content.decode()
    assert (
        "Le bilan a quitté le stade préalable (état « Engagement ») : l'entretien préalable ne "
        "se modifie plus." in html
    )


def test_entretien_after_the_prealable_is_refused_with_the_reason(client, engage) -> None:
    before = EntretienPrealable.objects.get(bilan=engage).besoin
    response = client.post(_url("entretien", engage), {**ENTRETIEN, "besoin": "Autre chose."})
    assert response.context["form"].non_field_errors() == [
        "L'entretien préalable ne s'enregistre plus : le bilan a quitté le stade préalable."
    ]
    assert EntretienPrealable.objects.get(bilan=engage).besoin == before


def test_entretien_of_another_consultants_bilan_answers_404(
    client_de, autre_consultant, bilan
) -> None:
    response = client_de(autre_consultant).post(_url("entretien", bilan), ENTRETIEN)
    assert response.status_code == 404
    assert EntretienPrealable.objects.count() == 0


# --- Funding paths -----------------------------------------------------------------------


def test_financement_explains_the_five_paths_and_links_the_forms(client, engage) -> None:
    html = client.get(_url("financement", engage)).content.decode()
    assert html.count("<li>\n    <h2>") == 5
    assert f'href="{_url("financement_cpf", engage)}"' in html
    assert f'href="{_url("financement_autofinancement", engage)}"' in html
    assert "Aucun financement n'est encore choisi." in html
    assert html.count(f'href="{_url("convention", engage)}"') == 3


def test_financement_outside_engagement_says_when_it_is_recorded(client, bilan) -> None:
    html = client.get(_url("financement", bilan)).content.decode()
    assert "Le financement s'enregistre quand le bilan est en engagement" in html


# --- CPF ---------------------------------------------------------------------------------

CPF = {
    "prix": "1600.00",
    "numero_dossier": "CPF-2026-000777",
    "declaration_aucun_bilan_5_ans": "on",
}


def test_financement_cpf_records_the_funding(client, engage) -> None:
    response = client.post(_url("financement_cpf", engage), CPF)
    assert response["Location"] == _url("bilan", engage)
    assert _messages(response) == ["Le financement CPF est enregistré."]
    stored = FinancementCPF.objects.get(bilan=engage)
    assert (stored.prix, stored.numero_dossier, stored.declaration_aucun_bilan_5_ans) == (
        D("1600.00"),
        "CPF-2026-000777",
        True,
    )
    assert Bilan.objects.get(pk=engage.pk).financement == "cpf"


def test_financement_cpf_shows_the_reste_a_charge(client, consultant, settings) -> None:
    """domain.md, Funding: CPF: the dated flat amount is shown (an employee pays it)."""
    settings.CPF_RESTE_A_CHARGE = [("2000-01-01", "103.20")]
    bilan = BilanFactory(
        beneficiaire=DossierFactory(statut_professionnel="independant"), consultant=consultant
    )
    response = client.get(_url("financement_cpf", bilan))
    assert response.context["reste_a_charge"] == D("103.20")
    assert "Reste à charge du bénéficiaire aujourd'hui : 103,20 €." in (response.content.decode())


def test_financement_cpf_shows_no_reste_a_charge_for_a_jobseeker(client, bilan) -> None:
    response = client.get(_url("financement_cpf", bilan))
    assert response.context["reste_a_charge"] == D("0.00")


def test_financement_cpf_is_prefilled_from_the_record(client, engage) -> None:
    financement_cpf(engage)
    form = client.get(_url("financement_cpf", engage)).context["form"]
    assert (form.initial["prix"], form.initial["numero_dossier"]) == (
        D("1450.00"),
        "CPF-2026-000123",
    )


def test_financement_cpf_above_1600_is_refused_next_to_the_price(client, engage) -> None:
    audit = AuditEvent.objects.count()
    response = client.post(_url("financement_cpf", engage), {**CPF, "prix": "1600.01"})
    assert response.context["form"].errors == {
        "prix": ["Le prix d'un bilan financé par le CPF ne peut pas dépasser 1 600,00 €."]
    }
    assert FinancementCPF.objects.count() == 0
    assert Bilan.objects.get(pk=engage.pk).financement == ""
    assert AuditEvent.objects.count() == audit


def test_financement_cpf_without_the_declaration_is_refused(client, engage) -> None:
    """D6323-6: no other funded bilan in the previous 5 years, declared by the beneficiary."""
    data = {k: v for k, v in CPF.items() if k != "declaration_aucun_bilan_5_ans"}
    response = client.post(_url("financement_cpf", engage), data)
    assert response.context["form"].errors["declaration_aucun_bilan_5_ans"] == [
        "Le bénéficiaire doit déclarer n'avoir suivi aucun autre bilan de compétences financé "
        "au cours des 5 dernières années (article D6323-6 du Code du travail)."
    ]
    assert FinancementCPF.objects.count() == 0


def test_financement_cpf_in_prealable_says_when_it_is_recorded(client, bilan) -> None:
    html = client.get(_url("financement_cpf", bilan)).content.decode()
    assert (
        "Le financement s'enregistre quand le bilan est en engagement ; il est aujourd'hui à "
        "l'état « Préalable »." in html
    )


def test_financement_cpf_in_prealable_is_refused(client, bilan) -> None:
    response = client.post(_url("financement_cpf", bilan), CPF)
    assert response.context["form"].non_field_errors() == [
        "Le financement s'enregistre quand le bilan est en engagement."
    ]
    assert FinancementCPF.objects.count() == 0


def test_financement_cpf_of_another_consultants_bilan_answers_404(
    client_de, autre_consultant, engage
) -> None:
    response = client_de(autre_consultant).post(_url("financement_cpf", engage), CPF)
    assert response.status_code == 404
    assert FinancementCPF.objects.count() == 0


# --- Self-funding ------------------------------------------------------------------------


def _autofinancement(signe_le: datetime.date, echeances: list[tuple[int, str]], prix="1500.00"):
    """The POST data: the contract and its schedule (days after the signature, amount)."""
    data = {
        "prix": prix,
        "signe_le": signe_le.isoformat(),
        "echeances-TOTAL_FORMS": str(len(echeances) + 1),  # one blank row, ignored
        "echeances-INITIAL_FORMS": "0",
    }
    for i, (jours, montant) in enumerate(echeances):
        data[f"echeances-{i}-date"] = (signe_le + datetime.timedelta(days=jours)).isoformat()
        data[f"echeances-{i}-montant"] = montant
    return data


SIGNE = datetime.date(2026, 11, 2)  # the withdrawal period runs to 12/11 inclusive
ENGAGE_AT = timezone.make_aware(datetime.datetime(2026, 11, 1, 9, 30))
VALIDE = [(11, "450.00"), (40, "525.00"), (70, "525.00")]


def _nothing_saved(engage: Bilan, audit: int) -> None:
    assert ContratAutofinancement.objects.count() == 0
    assert Echeance.objects.count() == 0
    assert Bilan.objects.get(pk=engage.pk).financement == ""
    assert AuditEvent.objects.count() == audit


def test_financement_autofinancement_records_contract_and_schedule(client, engage) -> None:
    response = client.post(
        _url("financement_autofinancement", engage), _autofinancement(SIGNE, VALIDE)
    )
    assert response["Location"] == _url("bilan", engage)
    assert _messages(response) == ["Le contrat d'autofinancement est enregistré."]
    contrat = ContratAutofinancement.objects.get(bilan=engage)
    assert (contrat.prix, contrat.signe_le) == (D("1500.00"), SIGNE)
    assert list(contrat.echeances.values_list("date", "montant")) == [
        (datetime.date(2026, 11, 13), D("450.00")),
        (datetime.date(2026, 12, 12), D("525.00")),
        (datetime.date(2027, 1, 11), D("525.00")),
    ]
    assert Bilan.objects.get(pk=engage.pk).financement == "autofinancement"


def test_financement_autofinancement_is_prefilled_with_the_schedule(client, engage) -> None:
    client.post(_url("financement_autofinancement", engage), _autofinancement(SIGNE, VALIDE))
    response = client.get(_url("financement_autofinancement", engage))
    formset = response.context["formset"]
    assert [f.initial for f in formset.initial_forms] == [
        {"date": datetime.date(2026, 11, 13), "montant": D("450.00")},
        {"date": datetime.date(2026, 12, 12), "montant": D("525.00")},
        {"date": datetime.date(2027, 1, 11), "montant": D("525.00")},
    ]
    assert len(formset.forms) == 6  # three spare rows
    assert response.context["form"].initial == {"prix": D("1500.00"), "signe_le": SIGNE}


def test_financement_autofinancement_within_the_withdrawal_period_is_refused(
    client, engage
) -> None:
    """L6353-5: nothing is due before the 10-day withdrawal period ends."""
    audit = AuditEvent.objects.count()
    schedule = [(10, "450.00"), (40, "1050.00")]
    response = client.post(
        _url("financement_autofinancement", engage), _autofinancement(SIGNE, schedule)
    )
    assert response.context["form"].non_field_errors() == [
        "L'échéance du 12/11/2026 tombe pendant le délai de rétractation de 10 jours, qui court "
        "jusqu'au 12/11/2026 inclus : aucun paiement ne peut être exigé avant (article L6353-5 "
        "du Code du travail)."
    ]
    _nothing_saved(engage, audit)


def test_financement_autofinancement_with_a_first_payment_above_30_percent_is_refused(
    client, engage
) -> None:
    """L6353-6: at most 30 % when the withdrawal period ends."""
    audit = AuditEvent.objects.count()
    schedule = [(11, "450.01"), (40, "1049.99")]
    response = client.post(
        _url("financement_autofinancement", engage), _autofinancement(SIGNE, schedule)
    )
    assert response.context["form"].non_field_errors() == [
        "Le premier paiement (450,01 €) dépasse 30 % du prix, soit 450,00 € ; le reste doit "
        "être réparti sur des échéances ultérieures (article L6353-6 du Code du travail)."
    ]
    assert "dépasse 30 % du prix" in response.content.decode()
    _nothing_saved(engage, audit)


def test_financement_autofinancement_whose_sum_differs_from_the_price_is_refused(
    client, engage
) -> None:
    audit = AuditEvent.objects.count()
    schedule = [(11, "450.00"), (40, "1000.00")]
    response = client.post(
        _url("financement_autofinancement", engage), _autofinancement(SIGNE, schedule)
    )
    assert response.context["form"].non_field_errors() == [
        "La somme des échéances (1 450,00 €) doit être égale au prix (1 500,00 €)."
    ]
    _nothing_saved(engage, audit)


def test_financement_autofinancement_without_any_row_is_refused(client, engage) -> None:
    audit = AuditEvent.objects.count()
    response = client.post(_url("financement_autofinancement", engage), _autofinancement(SIGNE, []))
    assert response.context["form"].non_field_errors() == [
        "L'échéancier doit compter au moins une échéance."
    ]
    _nothing_saved(engage, audit)


def test_financement_autofinancement_with_a_half_filled_row_is_refused(client, engage) -> None:
    audit = AuditEvent.objects.count()
    data = _autofinancement(SIGNE, VALIDE)
    data["echeances-1-montant"] = ""
    response = client.post(_url("financement_autofinancement", engage), data)
    assert response.context["formset"].errors[1] == {"montant": ["Ce champ est obligatoire."]}
    _nothing_saved(engage, audit)


def test_financement_autofinancement_then_start_after_the_withdrawal_period(
    client, engage, consultant
) -> None:
    """domain.md, Engagement: en cours needs the funding complete, here 10 days after."""
    with time_machine.travel(time.time(), tick=False) as traveller:
        today = timezone.localdate()
        client.post(_url("financement_autofinancement", engage), _autofinancement(today, VALIDE))
        response = client.post(_url("transition", engage), {"vers": "en_cours"})
        assert _messages(response)[-1:] == [
            "L'engagement n'est pas complet : le financement doit être enregistré et, pour un "
            "autofinancement, le délai de rétractation de 10 jours écoulé."
        ]
        assert Bilan.objects.get(pk=engage.pk).etat == "engagement"
        traveller.shift(datetime.timedelta(days=11))
        client.force_login(consultant)  # the session's 12-hour limit has passed
        client.post(_url("transition", engage), {"vers": "en_cours"})
        assert Bilan.objects.get(pk=engage.pk).etat == "en_cours"


def test_financement_autofinancement_backdated_before_the_engagement_is_refused(
    client, engage
) -> None:
    """L6353-5: the withdrawal period runs from the real signature, after the engagement."""
    audit = AuditEvent.objects.count()
    signe = datetime.date(2026, 10, 20)
    data = _autofinancement(signe, [(11, "450.00"), (40, "1050.00")])
    response = client.post(_url("financement_autofinancement", engage), data)
    assert response.context["form"].errors["signe_le"] == [
        "La date de signature du contrat (20/10/2026) ne peut pas précéder l'entrée du bilan "
        "en engagement, le 01/11/2026 : le délai de rétractation de 10 jours court à partir "
        "de la signature réelle (article L6353-5 du Code du travail)."
    ]
    _nothing_saved(engage, audit)


def test_entretien_page_read_is_audited(client, bilan, consultant) -> None:
    """domain.md, Confidentiality and data: reads of content are in the audit log."""
    entretien = entretien_record(bilan)
    response = client.get(_url("entretien", bilan))
    assert response.status_code == 200
    rows = list(
        AuditEvent.objects.filter(event="entretien.viewed").values_list(
            "actor_id", "target_type", "target_id", "ip"
        )
    )
    assert rows == [
        (consultant.pk, "beneficiaires.entretienprealable", str(entretien.pk), "127.0.0.1")
    ]


def test_entretien_page_without_a_record_audits_no_read(client, bilan) -> None:
    client.get(_url("entretien", bilan))
    assert AuditEvent.objects.filter(event="entretien.viewed").count() == 0
