"""Administrators cannot widen their own power: roles over a subtree, and moves across scopes."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from dienhinh.accounts.domain import assign_role, issue_token
from dienhinh.accounts.invitations import invite_user
from dienhinh.accounts.models import Role, RoleAssignment
from dienhinh.orgs.domain import move_unit
from tests.factories import UserFactory, grant


@pytest.fixture
def unit_only_admin(world):
    person = UserFactory(email="unitonly@example.vn")
    grant(person, world.district, Role.SUBTREE_ADMIN, subtree=False)
    return person


def test_an_admin_of_one_unit_cannot_grant_itself_the_subtree(world, unit_only_admin):
    with pytest.raises(PermissionDenied):
        assign_role(
            user=unit_only_admin,
            unit=world.district,
            role=Role.SUBTREE_ADMIN,
            covers_subtree=True,
            by=unit_only_admin,
        )
    with pytest.raises(PermissionDenied):
        invite_user(
            email="friend@example.vn",
            full_name="Bạn",
            unit=world.district,
            role=Role.REVIEWER,
            covers_subtree=True,
            by=unit_only_admin,
        )
    assert not RoleAssignment.objects.filter(
        unit=world.district,
        covers_subtree=True,
        user__email__in=["unitonly@example.vn", "friend@example.vn"],
    ).exists()
    # A role for the unit alone is within its power.
    assign_role(
        user=world.officer_b,
        unit=world.district,
        role=Role.REVIEWER,
        covers_subtree=False,
        by=unit_only_admin,
    )


def test_the_same_escalation_through_the_api_is_refused(world, unit_only_admin):
    _token, key = issue_token(user=unit_only_admin, name="t")
    api = Client(headers={"Authorization": f"Bearer {key}"})
    response = api.post(
        "/api/v1/role-assignments",
        {
            "user_id": unit_only_admin.pk,
            "unit_id": world.district.pk,
            "role": "subtree_admin",
            "covers_subtree": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_moves_need_the_whole_subtree_and_both_parents(world, unit_only_admin):
    other_admin = UserFactory(email="two@example.vn")
    grant(other_admin, world.other_district, Role.SUBTREE_ADMIN)
    grant(other_admin, world.unit_a, Role.SUBTREE_ADMIN)
    # Administers unit_a's subtree and the target, but not the unit it would leave.
    with pytest.raises(PermissionDenied):
        move_unit(world.unit_a, new_parent=world.other_district, by=other_admin)
    # Administers the district alone: cannot move it to pull in its children elsewhere.
    with pytest.raises(PermissionDenied):
        move_unit(world.unit_a, new_parent=world.district, by=unit_only_admin)
    world.unit_a.refresh_from_db()
    assert world.unit_a.path.startswith(world.district.path)
    # The federation's administrator may.
    move_unit(world.unit_a, new_parent=world.other_district, by=world.fed_admin)
    world.unit_a.refresh_from_db()
    assert world.unit_a.path.startswith(world.other_district.path)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/units?offset=9223372036854775808",
        "/api/v1/role-assignments?user=99999999999999999999",
        "/api/v1/users?unit=99999999999999999999",
    ],
)
def test_absurd_numbers_are_422_not_500(world, url):
    _token, key = issue_token(user=world.fed_admin, name="t")
    response = Client(headers={"Authorization": f"Bearer {key}"}).get(url)
    assert response.status_code == 422


@pytest.mark.parametrize(
    "url", ["/units/import/?parent=²", "/units/groups/add/?organizer=99999999999999999999"]
)
def test_absurd_ids_in_pages_are_4xx(world, login, url):
    assert login(world.fed_admin).get(url).status_code in (400, 404)
