"""Content is read by the beneficiary and the assigned consultant only (domain.md,
Confidentiality and data; The people: "the superuser flag must not open content")."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from guardian.shortcuts import get_perms

from bilan.permissions import content_grant, content_revoke, content_visible_to
from tests.exemple.models import Carnet, CarnetUserObjectPermission

pytestmark = pytest.mark.django_db

VIEW = "exemple.view_carnet"


@pytest.fixture
def carnet(beneficiaire, consultant) -> Carnet:
    carnet = Carnet.objects.create(beneficiaire=beneficiaire, texte="confidentiel")
    content_grant(user=beneficiaire, obj=carnet, perms=["view_carnet"])
    content_grant(user=consultant, obj=carnet, perms=["view_carnet", "change_carnet"])
    return carnet


def test_content_is_visible_to_the_beneficiary_and_the_assigned_consultant(
    carnet, beneficiaire, consultant
) -> None:
    assert list(content_visible_to(beneficiaire, Carnet.objects.all(), VIEW)) == [carnet]
    assert list(content_visible_to(consultant, Carnet.objects.all(), VIEW)) == [carnet]


@pytest.mark.parametrize("persona", ["autre_beneficiaire", "autre_consultant"])
def test_content_is_invisible_to_unrelated_people(carnet, request, persona) -> None:
    user = request.getfixturevalue(persona)
    assert list(content_visible_to(user, Carnet.objects.all(), VIEW)) == []


def test_content_is_invisible_to_anonymous_users(carnet) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert list(content_visible_to(AnonymousUser(), Carnet.objects.all(), VIEW)) == []


def test_content_is_invisible_to_a_superuser_even_with_every_permission(carnet, superuser) -> None:
    assert superuser.has_perm(VIEW, carnet)  # what Django and guardian would allow
    assert list(content_visible_to(superuser, Carnet.objects.all(), VIEW)) == []


def test_content_is_invisible_to_an_administrator_granted_the_permission(carnet, admin) -> None:
    content_grant(user=admin, obj=carnet, perms=["view_carnet"])
    admin.user_permissions.add(Permission.objects.get(codename="view_carnet"))
    assert list(content_visible_to(admin, Carnet.objects.all(), VIEW)) == []


def test_content_ignores_model_level_permissions(carnet, autre_consultant) -> None:
    autre_consultant.user_permissions.add(Permission.objects.get(codename="view_carnet"))
    assert list(content_visible_to(autre_consultant, Carnet.objects.all(), VIEW)) == []


def test_content_is_invisible_to_a_deactivated_consultant(carnet, consultant) -> None:
    consultant.is_active = False
    consultant.save()
    assert list(content_visible_to(consultant, Carnet.objects.all(), VIEW)) == []


def test_revoking_moves_the_access_away(carnet, consultant, autre_consultant) -> None:
    content_revoke(user=consultant, obj=carnet, perms=["view_carnet", "change_carnet"])
    content_grant(user=autre_consultant, obj=carnet, perms=["view_carnet"])
    assert list(content_visible_to(consultant, Carnet.objects.all(), VIEW)) == []
    assert list(content_visible_to(autre_consultant, Carnet.objects.all(), VIEW)) == [carnet]


def test_permissions_use_direct_foreign_keys_and_die_with_the_content(carnet, consultant) -> None:
    assert set(get_perms(consultant, carnet)) == {"view_carnet", "change_carnet"}
    assert CarnetUserObjectPermission.objects.filter(content_object=carnet).count() == 3
    carnet.delete()
    assert CarnetUserObjectPermission.objects.count() == 0


def test_content_selector_query_count_is_constant(
    beneficiaire, consultant, django_assert_num_queries
) -> None:
    for _ in range(3):
        c = Carnet.objects.create(beneficiaire=beneficiaire, texte="x")
        content_grant(user=consultant, obj=c, perms=["view_carnet"])
    with django_assert_num_queries(1):
        assert len(list(content_visible_to(consultant, Carnet.objects.all(), VIEW))) == 3
