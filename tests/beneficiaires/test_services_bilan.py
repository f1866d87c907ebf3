"""Opening a bilan and moving its consultant (domain.md, The people; Confidentiality and
data: "a change of consultant moves the access"; R6313-5)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from guardian.shortcuts import get_perms

from beneficiaires.models import Bilan, BilanUserObjectPermission
from beneficiaires.selectors import VIEW_BILAN
from beneficiaires.services import BilanError, bilan_assign_consultant, bilan_create
from bilan.audit.models import AuditEvent
from bilan.permissions import content_visible_to
from tests.beneficiaires.factories import BilanFactory, DossierFactory
from tests.factories import ConsultantFactory

pytestmark = pytest.mark.django_db


def _visible(user) -> list[Bilan]:
    return list(content_visible_to(user, Bilan.objects.all(), VIEW_BILAN))


def _audit() -> list[tuple]:
    return list(
        AuditEvent.objects.order_by("pk").values_list(
            "event", "actor_id", "target_type", "target_id", "ip"
        )
    )


def test_bilan_create_opens_it_in_prealable_with_a_reference(dossier, consultant) -> None:
    bilan = bilan_create(beneficiaire=dossier, consultant=consultant, created_by=consultant)
    year = timezone.localdate().year
    assert (bilan.reference, bilan.etat, bilan.financement) == (
        f"BC-{year}-00001",
        "prealable",
        "",
    )
    assert bilan.consultant == consultant


def test_bilan_create_numbers_references_in_sequence(dossier, consultant) -> None:
    year = timezone.localdate().year
    Bilan.objects.create(reference=f"BC-{year}-99999", beneficiaire=dossier)
    first = bilan_create(beneficiaire=dossier, consultant=consultant, created_by=None)
    second = bilan_create(beneficiaire=dossier, consultant=consultant, created_by=None)
    assert (first.reference, second.reference) == (f"BC-{year}-100000", f"BC-{year}-100001")


def test_bilan_create_gives_the_content_to_the_consultant_and_the_beneficiary(
    bilan, consultant, beneficiaire
) -> None:
    """domain.md, Confidentiality: the beneficiary and the assigned consultant only."""
    assert set(get_perms(consultant, bilan)) == {"view_bilan", "change_bilan"}
    assert set(get_perms(beneficiaire, bilan)) == {"view_bilan"}
    assert _visible(consultant) == [bilan]
    assert _visible(beneficiaire) == [bilan]


@pytest.mark.parametrize(
    "persona", ["autre_consultant", "autre_beneficiaire", "admin", "superuser", "anonyme"]
)
def test_bilan_create_gives_nothing_to_anyone_else(bilan, request, persona) -> None:
    """domain.md, The people: administrators and superusers never read content."""
    from django.contrib.auth.models import AnonymousUser

    user = request.getfixturevalue(persona) or AnonymousUser()
    assert _visible(user) == []


def test_bilan_create_audits_the_creation_without_values(dossier, consultant, admin) -> None:
    bilan = bilan_create(beneficiaire=dossier, consultant=consultant, created_by=admin, ip="::1")
    assert _audit() == [("bilan.created", admin.pk, "beneficiaires.bilan", str(bilan.pk), "::1")]


def test_bilan_create_for_an_employee_of_the_provider_is_refused(consultant) -> None:
    """R6313-5: the provider cannot run the bilan of its own employee (domain.md, Funding)."""
    dossier = DossierFactory(
        statut_professionnel="salarie", employeur_nom="Organisme", employe_par_organisme=True
    )
    with pytest.raises(BilanError) as exc:
        bilan_create(beneficiaire=dossier, consultant=consultant, created_by=consultant)
    assert exc.value.code == "r6313_5"
    assert exc.value.message == (
        "L'organisme ne peut pas réaliser le bilan de compétences de l'un de ses salariés "
        "(article R6313-5 du Code du travail)."
    )
    assert Bilan.objects.count() == 0
    assert BilanUserObjectPermission.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("persona", ["autre_beneficiaire", "admin", "superuser"])
def test_bilan_create_with_someone_not_a_consultant_is_refused(dossier, request, persona) -> None:
    """domain.md, The people: a bilan is run by a consultant."""
    user = request.getfixturevalue(persona)
    with pytest.raises(BilanError) as exc:
        bilan_create(beneficiaire=dossier, consultant=user, created_by=None)
    assert exc.value.code == "consultant_role"
    assert exc.value.message == "Seul un consultant peut être chargé d'un bilan."
    assert Bilan.objects.count() == 0


def test_bilan_create_with_a_superuser_holding_the_consultant_role_is_refused(dossier) -> None:
    """domain.md, The people: a superuser is an administrator, never more."""
    root = ConsultantFactory(is_superuser=True)
    with pytest.raises(BilanError) as exc:
        bilan_create(beneficiaire=dossier, consultant=root, created_by=None)
    assert exc.value.code == "consultant_role"


def test_bilan_create_with_a_deactivated_consultant_is_refused(dossier) -> None:
    parti = ConsultantFactory(is_active=False)
    with pytest.raises(BilanError) as exc:
        bilan_create(beneficiaire=dossier, consultant=parti, created_by=None)
    assert exc.value.code == "consultant_inactive"
    assert Bilan.objects.count() == 0


def test_bilan_assign_consultant_moves_the_access(
    bilan, consultant, autre_consultant, beneficiaire, admin, superuser
) -> None:
    """domain.md, Confidentiality: "a change of consultant moves the access"."""
    bilan_assign_consultant(bilan=bilan, consultant=autre_consultant, by=admin)
    bilan.refresh_from_db()
    assert bilan.consultant == autre_consultant
    assert _visible(consultant) == []
    assert get_perms(consultant, bilan) == []
    assert _visible(autre_consultant) == [bilan]
    assert set(get_perms(autre_consultant, bilan)) == {"view_bilan", "change_bilan"}
    assert _visible(beneficiaire) == [bilan]
    assert _visible(admin) == []
    assert _visible(superuser) == []


def test_bilan_assign_consultant_audits_the_change_without_values(
    bilan, autre_consultant, admin
) -> None:
    before = AuditEvent.objects.count()
    bilan_assign_consultant(bilan=bilan, consultant=autre_consultant, by=admin, ip="10.0.0.1")
    assert _audit()[before:] == [
        ("bilan.consultant_changed", admin.pk, "beneficiaires.bilan", str(bilan.pk), "10.0.0.1")
    ]


@pytest.mark.parametrize("etat", ["clos", "abandonne", "refuse"])
def test_bilan_assign_consultant_on_an_ended_bilan_is_refused(
    etat, dossier, consultant, autre_consultant, admin
) -> None:
    bilan = BilanFactory(beneficiaire=dossier, consultant=consultant, etat=etat)
    before = AuditEvent.objects.count()
    with pytest.raises(BilanError) as exc:
        bilan_assign_consultant(bilan=bilan, consultant=autre_consultant, by=admin)
    assert exc.value.code == "bilan_closed"
    bilan.refresh_from_db()
    assert bilan.consultant == consultant
    assert _visible(consultant) == [bilan]
    assert _visible(autre_consultant) == []
    assert AuditEvent.objects.count() == before


def test_bilan_assign_consultant_to_the_same_consultant_is_refused(bilan, consultant) -> None:
    with pytest.raises(BilanError) as exc:
        bilan_assign_consultant(bilan=bilan, consultant=consultant, by=None)
    assert exc.value.code == "consultant_unchanged"
    assert set(get_perms(consultant, bilan)) == {"view_bilan", "change_bilan"}


def test_bilan_assign_consultant_to_an_administrator_is_refused(bilan, consultant, admin) -> None:
    with pytest.raises(BilanError) as exc:
        bilan_assign_consultant(bilan=bilan, consultant=admin, by=admin)
    assert exc.value.code == "consultant_role"
    assert _visible(consultant) == [bilan]
    assert get_perms(admin, bilan) == []


def test_bilan_permissions_die_with_the_bilan(bilan) -> None:
    """style.md, rule 4: direct foreign-key permissions leave no orphan when purged."""
    assert BilanUserObjectPermission.objects.filter(content_object=bilan).count() == 3
    bilan.delete()
    assert BilanUserObjectPermission.objects.count() == 0
