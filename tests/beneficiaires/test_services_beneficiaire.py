"""Creating beneficiaries: the account and the profile together, nothing more than needed
(domain.md, The people; Confidentiality and data, Minimisation)."""

from __future__ import annotations

import pytest

from beneficiaires.models import Beneficiaire
from beneficiaires.services import BilanError, beneficiaire_create, beneficiaire_profile_create
from bilan.audit.models import AuditEvent
from bilan.comptes.models import User
from bilan.comptes.services import ComptesError
from tests.factories import BeneficiaireFactory

pytestmark = pytest.mark.django_db


def _create(admin: User, **overrides: object) -> Beneficiaire:
    fields: dict[str, object] = {
        "email": "Nina.Roux@Exemple.test",
        "first_name": "Nina",
        "last_name": "Roux",
        "statut_professionnel": "salarie",
        "employeur_nom": " Boulangerie Roux ",
        "telephone": " 06 12 34 56 78 ",
        "created_by": admin,
        "ip": "203.0.113.5",
    }
    fields.update(overrides)
    return beneficiaire_create(**fields)  # type: ignore[arg-type]


def test_beneficiaire_create_makes_a_beneficiary_account_and_profile(admin) -> None:
    beneficiaire = _create(admin)
    assert beneficiaire.user.email == "nina.roux@exemple.test"
    assert beneficiaire.user.role == "beneficiaire"
    assert (beneficiaire.employeur_nom, beneficiaire.telephone) == (
        "Boulangerie Roux",
        "06 12 34 56 78",
    )
    assert beneficiaire.employe_par_organisme is False


def test_beneficiaire_create_audits_the_account_and_the_profile_without_values(admin) -> None:
    beneficiaire = _create(admin)
    rows = list(
        AuditEvent.objects.order_by("pk").values_list(
            "event", "actor_id", "target_type", "target_id", "ip"
        )
    )
    assert rows == [
        ("user.created", admin.pk, "comptes.user", str(beneficiaire.user.pk), "203.0.113.5"),
        (
            "beneficiaire.created",
            admin.pk,
            "beneficiaires.beneficiaire",
            str(beneficiaire.pk),
            "203.0.113.5",
        ),
    ]


def test_beneficiaire_create_salarie_without_employeur_is_refused(admin) -> None:
    """domain.md, Minimisation: the employer's name is what an employee's profile needs."""
    with pytest.raises(BilanError) as exc:
        _create(admin, employeur_nom="  ")
    assert exc.value.code == "employeur_required"
    assert exc.value.message == "Le nom de l'employeur est obligatoire pour un salarié."
    assert User.objects.filter(email="nina.roux@exemple.test").count() == 0
    assert AuditEvent.objects.count() == 0


def test_beneficiaire_create_drops_the_employeur_outside_employment(admin) -> None:
    """domain.md, Minimisation: no question without a direct and necessary link."""
    beneficiaire = _create(admin, statut_professionnel="demandeur_emploi")
    assert beneficiaire.employeur_nom == ""


def test_beneficiaire_create_unknown_statut_is_refused(admin) -> None:
    with pytest.raises(BilanError) as exc:
        _create(admin, statut_professionnel="retraite")
    assert exc.value.code == "statut_invalid"
    assert User.objects.count() == 1  # the admin only


def test_beneficiaire_create_with_a_taken_email_is_refused(admin) -> None:
    BeneficiaireFactory(email="nina.roux@exemple.test")
    with pytest.raises(ComptesError) as exc:
        _create(admin)
    assert exc.value.code == "email_taken"
    assert Beneficiaire.objects.count() == 0


@pytest.mark.parametrize("persona", ["consultant", "admin", "superuser"])
def test_beneficiaire_profile_create_for_another_role_is_refused(request, persona) -> None:
    user = request.getfixturevalue(persona)
    with pytest.raises(BilanError) as exc:
        beneficiaire_profile_create(user=user, statut_professionnel="independant", created_by=None)
    assert exc.value.code == "role_not_beneficiaire"
    assert Beneficiaire.objects.count() == 0


def test_beneficiaire_profile_create_twice_is_refused(beneficiaire) -> None:
    beneficiaire_profile_create(
        user=beneficiaire, statut_professionnel="independant", created_by=None
    )
    with pytest.raises(BilanError) as exc:
        beneficiaire_profile_create(
            user=beneficiaire, statut_professionnel="autre", created_by=None
        )
    assert exc.value.code == "profile_exists"
    assert Beneficiaire.objects.get().statut_professionnel == "independant"
