"""The convention's services (domain.md, Funding: "convention tripartite (R6313-8) ...
mandatory fields: title, objective, content, means, duration and period, how it runs and is
followed up, how results and the synthèse are handed over, price and payment terms"; another
funder's convention has the same fields without the 10-day rule). "Where a rule says refuse,
the platform refuses with a clear French message and changes nothing."
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from beneficiaires.convention import (
    convention_empreinte,
    convention_sign_beneficiaire,
    convention_sign_provider,
)
from beneficiaires.errors import BilanError
from beneficiaires.financement import financement_complet
from beneficiaires.models import Bilan, Convention, SignatureConvention
from beneficiaires.services import bilan_engagement_complete, bilan_transition
from bilan.audit.models import AuditEvent
from bilan.signatures import empreinte
from tests.beneficiaires.factories import (
    CONVENTION,
    bilan_engage,
    convention_record,
    convention_signee_organisme,
    financement_cpf,
)

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def engage(bilan: Bilan) -> Bilan:
    return bilan_engage(bilan)


def _refused(code: str, message: str, call, *args, **kwargs) -> None:
    with pytest.raises(BilanError) as exc:
        call(*args, **kwargs)
    assert (exc.value.code, exc.value.message) == (code, message)


def _nothing_saved(bilan: Bilan, audit_before: int) -> None:
    assert Convention.objects.count() == 0
    assert Bilan.objects.get(pk=bilan.pk).financement == ""
    assert AuditEvent.objects.count() == audit_before


# --- convention_set ----------------------------------------------------------------------


def test_convention_set_records_every_field_and_the_funding_path(engage, consultant) -> None:
    convention = convention_record(engage, ip="198.51.100.7")
    stored = Convention.objects.get(bilan=engage)
    assert stored.pk == convention.pk
    for name, value in CONVENTION.items():
        if name != "financement":
            assert getattr(stored, name) == value
    assert Bilan.objects.get(pk=engage.pk).financement == "plan_developpement"
    event = AuditEvent.objects.order_by("pk").last()
    assert (event.event, event.actor_id, event.target_type, event.target_id, event.ip) == (
        "convention.saved",
        consultant.pk,
        "beneficiaires.convention",
        str(convention.pk),
        "198.51.100.7",
    )


def test_convention_set_lets_the_consultant_change_path_before_any_signature(engage) -> None:
    convention_record(engage)
    convention_record(engage, financement="autre_financeur", intitule="Bilan OPCO")
    assert Convention.objects.get(bilan=engage).intitule == "Bilan OPCO"
    assert Bilan.objects.get(pk=engage.pk).financement == "autre_financeur"


@pytest.mark.parametrize(
    ("champ", "nom"),
    [
        ("intitule", "l'intitulé de l'action"),
        ("objectif", "l'objectif"),
        ("contenu", "le contenu"),
        ("moyens", "les moyens"),
        ("duree_heures", "la durée"),
        ("date_debut", "le début de la période"),
        ("date_fin", "la fin de la période"),
        ("deroulement_suivi", "le déroulement et le suivi"),
        ("modalites_restitution", "les modalités de restitution des résultats et de la synthèse"),
        ("prix", "le prix"),
        ("modalites_paiement", "les modalités de paiement"),
        ("signataire_organisation", "la raison sociale de l'organisme signataire"),
        ("signataire_nom", "le nom du contact signataire"),
        ("signataire_email", "l'e-mail du contact signataire"),
    ],
)
def test_convention_set_without_a_mandatory_field_names_it(engage, champ, nom) -> None:
    before = AuditEvent.objects.count()
    vide = None if champ in {"duree_heures", "date_debut", "date_fin", "prix"} else "   "
    _refused(
        "champ_manquant",
        f"La convention est incomplète : renseignez {nom}.",
        convention_record,
        engage,
        **{champ: vide},
    )
    _nothing_saved(engage, before)


DUREE = (
    "La durée doit être comprise entre 0 et 24 heures : un bilan de compétences dure au plus "
    "24 heures (article L6313-4 du Code du travail)."
)


@pytest.mark.parametrize("duree", [D("0"), D("-2"), D("24.5"), D("30"), "vingt"])
def test_convention_set_with_a_duration_outside_24_hours_is_refused(engage, duree) -> None:
    before = AuditEvent.objects.count()
    _refused("duree_invalide", DUREE, convention_record, engage, duree_heures=duree)
    _nothing_saved(engage, before)


@pytest.mark.parametrize(
    ("champs", "code", "message"),
    [
        (
            {"date_debut": datetime.date(2027, 3, 2)},
            "periode_invalide",
            "La fin de la période ne peut pas précéder son début.",
        ),
        ({"prix": D("0")}, "prix_invalide", "Le prix doit être un montant positif en euros."),
        ({"prix": D("-10")}, "prix_invalide", "Le prix doit être un montant positif en euros."),
        (
            {"signataire_email": "pas-une-adresse"},
            "email_invalide",
            "L'e-mail du contact signataire n'est pas une adresse valide.",
        ),
        (
            {"financement": "cpf"},
            "financement_invalide",
            "Choisissez un financement par convention : plan de développement des compétences, "
            "congé de reclassement ou autre financeur.",
        ),
    ],
)
def test_convention_set_with_bad_input_is_refused(engage, champs, code, message) -> None:
    before = AuditEvent.objects.count()
    _refused(code, message, convention_record, engage, **champs)
    _nothing_saved(engage, before)


def test_convention_set_accepts_exactly_24_hours(engage) -> None:
    convention_record(engage, duree_heures=D("24"))
    assert Convention.objects.get(bilan=engage).duree_heures == D("24")


def test_convention_set_on_a_cpf_bilan_is_refused(engage) -> None:
    financement_cpf(engage)
    before = AuditEvent.objects.count()
    _refused(
        "financement_autre",
        "Ce bilan a déjà un autre financement : Compte personnel de formation (CPF).",
        convention_record,
        engage,
    )
    assert Convention.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_convention_set_in_prealable_is_refused(bilan) -> None:
    before = AuditEvent.objects.count()
    _refused(
        "wrong_state",
        "La convention s'établit quand le bilan est en engagement.",
        convention_record,
        bilan,
    )
    _nothing_saved(bilan, before)


def test_convention_set_by_another_consultant_is_refused(engage, autre_consultant) -> None:
    before = AuditEvent.objects.count()
    _refused(
        "not_assigned",
        "Vous n'êtes pas le consultant chargé de ce bilan.",
        convention_record,
        engage,
        consultant=autre_consultant,
    )
    _nothing_saved(engage, before)


def test_convention_set_after_the_first_signature_is_refused(engage, consultant) -> None:
    convention_record(engage)
    convention_sign_provider(bilan=engage, user=consultant)
    before = AuditEvent.objects.count()
    _refused(
        "convention_signee",
        "La convention a déjà été signée : elle ne peut plus être modifiée. Toute modification "
        "annulerait les signatures recueillies.",
        convention_record,
        engage,
        prix=D("1.00"),
    )
    assert Convention.objects.get(bilan=engage).prix == D("1800.00")
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    "champs",
    [
        {"intitule": ""},
        {"objectif": ""},
        {"modalites_restitution": ""},
        {"modalites_paiement": ""},
        {"signataire_email": ""},
        {"duree_heures": D("0")},
        {"duree_heures": D("24.5")},
        {"date_fin": datetime.date(2026, 11, 30)},
        {"prix": D("0")},
    ],
)
def test_convention_constraints_hold_in_the_database(engage, champs) -> None:
    fields = {k: v for k, v in CONVENTION.items() if k != "financement"}
    with pytest.raises(IntegrityError), transaction.atomic():
        Convention.objects.create(bilan=engage, **{**fields, **champs})


# --- Signatures --------------------------------------------------------------------------


def test_convention_sign_provider_keeps_who_when_where_and_the_hash(engage, consultant) -> None:
    from beneficiaires.convention import Signe

    convention = convention_record(engage)
    signature = convention_sign_provider(
        bilan=engage, user=consultant, signe=Signe(ip="203.0.113.9", user_agent="Firefox/140")
    )
    stored = SignatureConvention.objects.get(pk=signature.pk)
    assert (stored.role, stored.signataire_id, stored.signataire_nom) == (
        "prestataire",
        consultant.pk,
        "Claire Martin",
    )
    assert (stored.ip, stored.user_agent) == ("203.0.113.9", "Firefox/140")
    assert stored.empreinte == convention_empreinte(Convention.objects.get(pk=convention.pk))
    assert len(stored.empreinte) == 64
    assert stored.signe_at.utcoffset() == datetime.timedelta(0)
    event = AuditEvent.objects.order_by("pk").last()
    assert (event.event, event.actor_id, event.target_type, event.ip) == (
        "convention.signed",
        consultant.pk,
        "beneficiaires.signatureconvention",
        "203.0.113.9",
    )


def test_convention_empreinte_is_the_sha256_of_the_canonical_data(engage) -> None:
    convention = convention_record(engage)
    from beneficiaires.convention import convention_donnees

    assert convention_empreinte(convention) == empreinte(convention_donnees(convention))
    before = convention_empreinte(convention)
    convention.prix = D("1799.99")
    assert convention_empreinte(convention) != before  # any change is detectable


def test_convention_sign_provider_by_an_administrator_is_allowed(engage, admin) -> None:
    convention_record(engage)
    signature = convention_sign_provider(bilan=engage, user=admin)
    assert (signature.role, signature.signataire_id) == ("prestataire", admin.pk)


@pytest.mark.parametrize("persona", ["autre_consultant", "beneficiaire"])
def test_convention_sign_provider_by_someone_else_is_refused(engage, persona, request) -> None:
    convention_record(engage)
    _refused(
        "not_assigned",
        "Vous n'êtes pas le consultant chargé de ce bilan.",
        convention_sign_provider,
        bilan=engage,
        user=request.getfixturevalue(persona),
    )
    assert SignatureConvention.objects.count() == 0


def test_convention_sign_provider_twice_is_refused(engage, consultant) -> None:
    convention_record(engage)
    first = convention_sign_provider(bilan=engage, user=consultant)
    with pytest.raises(BilanError) as exc:
        convention_sign_provider(bilan=engage, user=consultant)
    assert exc.value.code == "deja_signee"
    assert exc.value.message.startswith("Cette partie a déjà signé la convention, le ")
    assert list(SignatureConvention.objects.values_list("pk", flat=True)) == [first.pk]


def test_convention_sign_provider_without_a_convention_is_refused(engage, consultant) -> None:
    _refused(
        "convention_absente",
        "Ce bilan n'a pas de convention à signer.",
        convention_sign_provider,
        bilan=engage,
        user=consultant,
    )


def test_convention_sign_beneficiaire_before_the_employer_is_refused(engage, beneficiaire) -> None:
    convention_signee_organisme(engage)
    _refused(
        "ordre_signatures",
        "Votre employeur doit signer la convention avant vous.",
        convention_sign_beneficiaire,
        bilan=engage,
        user=beneficiaire,
    )
    assert SignatureConvention.objects.filter(role="beneficiaire").count() == 0


def test_convention_sign_beneficiaire_before_the_provider_is_refused(engage, beneficiaire) -> None:
    convention_record(engage, financement="autre_financeur")
    _refused(
        "ordre_signatures",
        "La convention n'est pas encore prête : l'organisme ne l'a pas signée.",
        convention_sign_beneficiaire,
        bilan=engage,
        user=beneficiaire,
    )


def test_convention_sign_beneficiaire_of_another_funder_after_the_provider(
    engage, beneficiaire
) -> None:
    """domain.md, Funding: another funder's convention, "without the 10-day rule"."""
    convention_signee_organisme(engage, financement="autre_financeur")
    signature = convention_sign_beneficiaire(bilan=engage, user=beneficiaire)
    assert (signature.role, signature.signataire_id, signature.signataire_nom) == (
        "beneficiaire",
        beneficiaire.pk,
        "Sophie Durand",
    )


def test_convention_sign_beneficiaire_by_someone_else_is_refused(
    engage, autre_beneficiaire
) -> None:
    convention_signee_organisme(engage, financement="autre_financeur")
    _refused(
        "not_owner",
        "Ce bilan n'est pas le vôtre.",
        convention_sign_beneficiaire,
        bilan=engage,
        user=autre_beneficiaire,
    )


def test_convention_sign_beneficiaire_twice_is_refused(engage, beneficiaire) -> None:
    convention_signee_organisme(engage, financement="autre_financeur")
    convention_sign_beneficiaire(bilan=engage, user=beneficiaire)
    with pytest.raises(BilanError) as exc:
        convention_sign_beneficiaire(bilan=engage, user=beneficiaire)
    assert exc.value.code == "deja_signee"
    assert SignatureConvention.objects.filter(role="beneficiaire").count() == 1


def test_convention_sign_on_an_ended_bilan_is_refused(engage, consultant) -> None:
    convention_record(engage)
    bilan_transition(bilan=engage, vers="abandonne", by=consultant)
    _refused(
        "wrong_state",
        "Ce bilan n'attend plus de signature de convention.",
        convention_sign_provider,
        bilan=engage,
        user=consultant,
    )


# --- Completeness ------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@pytest.mark.parametrize("financement", ["plan_developpement", "conge_reclassement"])
def test_engagement_is_complete_only_with_the_three_signatures(
    engage, consultant, beneficiaire, financement
) -> None:
    """domain.md, Funding: "Nothing of the bilan is scheduled before all three signatures"."""
    from beneficiaires.convention import convention_link_issue, convention_sign_employer

    def complet() -> tuple[bool, bool]:
        fresh = Bilan.objects.get(pk=engage.pk)
        return financement_complet(bilan=fresh), bilan_engagement_complete(bilan=fresh)

    convention_record(engage, financement=financement)
    assert complet() == (False, False)
    convention_sign_provider(bilan=engage, user=consultant)
    assert complet() == (False, False)
    token = convention_link_issue(bilan=engage, user=consultant)
    convention_sign_employer(token=token, signataire_nom="Marc Rivière")
    assert complet() == (False, False)
    with pytest.raises(BilanError) as exc:
        bilan_transition(bilan=engage, vers="en_cours", by=consultant)
    assert (exc.value.code, exc.value.message) == (
        "conditions_unmet",
        "L'engagement n'est pas complet : la convention doit être signée par l'organisme, par "
        "l'employeur ou le financeur et par le bénéficiaire.",
    )
    assert Bilan.objects.get(pk=engage.pk).etat == "engagement"
    convention_sign_beneficiaire(bilan=engage, user=beneficiaire)
    assert complet() == (True, True)
    assert bilan_transition(bilan=engage, vers="en_cours", by=consultant).etat == "en_cours"


def test_engagement_of_another_funder_needs_the_funder_too(engage, consultant, beneficiaire):
    from beneficiaires.convention import convention_link_issue, convention_sign_employer

    convention_signee_organisme(engage, financement="autre_financeur")
    convention_sign_beneficiaire(bilan=engage, user=beneficiaire)
    assert bilan_engagement_complete(bilan=Bilan.objects.get(pk=engage.pk)) is False
    token = convention_link_issue(bilan=engage, user=consultant)
    convention_sign_employer(token=token, signataire_nom="Agnès OPCO")
    assert bilan_engagement_complete(bilan=Bilan.objects.get(pk=engage.pk)) is True


def test_engagement_complete_is_false_outside_the_engaged_states(bilan) -> None:
    assert bilan_engagement_complete(bilan=bilan) is False


def _signature(convention: Convention, **overrides) -> SignatureConvention:
    fields = {
        "convention": convention,
        "role": "prestataire",
        "signataire_id": 1,
        "signataire_nom": "Claire Martin",
        "empreinte": "a" * 64,
        **overrides,
    }
    return SignatureConvention.objects.create(**fields)


@pytest.mark.parametrize(
    "champs",
    [
        {"role": "inconnu"},
        {"signataire_nom": ""},
        {"signataire_id": None},  # only the employer or funder signs without an account
        {"empreinte": "pas-une-empreinte"},
    ],
)
def test_signature_constraints_hold_in_the_database(engage, champs) -> None:
    convention = convention_record(engage)
    with pytest.raises(IntegrityError), transaction.atomic():
        _signature(convention, **champs)


def test_signature_one_per_party_holds_in_the_database(engage) -> None:
    convention = convention_record(engage)
    _signature(convention)
    with pytest.raises(IntegrityError), transaction.atomic():
        _signature(convention)
    assert _signature(convention, role="employeur", signataire_id=None).pk


@pytest.mark.parametrize(
    ("field", "value"),
    [("prix", D("900.00")), ("contenu", "Un autre contenu."), ("duree_heures", D("12"))],
)
def test_engagement_is_incomplete_once_the_signed_convention_is_altered(
    engage, consultant, beneficiaire, field, value
) -> None:
    """The signatures hold the SHA-256 of what was signed: a convention changed in the
    database afterwards is no longer the one the three parties signed."""
    from beneficiaires.convention import convention_link_issue, convention_sign_employer

    convention_signee_organisme(engage)
    token = convention_link_issue(bilan=engage, user=consultant)
    convention_sign_employer(token=token, signataire_nom="Marc Rivière")
    convention_sign_beneficiaire(bilan=engage, user=beneficiaire)
    assert bilan_engagement_complete(bilan=Bilan.objects.get(pk=engage.pk)) is True

    Convention.objects.filter(bilan=engage).update(**{field: value})
    fresh = Bilan.objects.get(pk=engage.pk)
    assert financement_complet(bilan=fresh) is False
    assert bilan_engagement_complete(bilan=fresh) is False
    with pytest.raises(BilanError) as exc:
        bilan_transition(bilan=fresh, vers="en_cours", by=consultant)
    assert exc.value.code == "conditions_unmet"
    assert Bilan.objects.get(pk=engage.pk).etat == "engagement"
