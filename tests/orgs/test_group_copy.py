"""Copying an organiser's emulation groups to a new year in one step."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dienhinh.orgs.domain import copy_emulation_groups
from dienhinh.orgs.models import EmulationGroup


def test_the_groups_of_a_year_come_back_the_next_year(world, groups):
    district_group, _other = groups
    world.unit_b.is_active = False
    world.unit_b.save()
    copies = copy_emulation_groups(
        organizer=world.district, from_year=2024, to_year=2025, by=world.fed_admin
    )
    [copy] = copies
    assert (copy.name, copy.kind, copy.year, copy.leader) == (
        district_group.name,
        district_group.kind,
        2025,
        world.unit_a,
    )
    # A unit no longer active is left out.
    assert list(copy.members.all()) == [world.unit_a]
    # Twice is once.
    assert (
        copy_emulation_groups(
            organizer=world.district, from_year=2024, to_year=2025, by=world.fed_admin
        )
        == []
    )
    assert EmulationGroup.objects.filter(organizer=world.district, year=2025).count() == 1


def test_only_the_organisers_administrators_copy(world, groups):
    with pytest.raises(PermissionDenied):
        copy_emulation_groups(
            organizer=world.district, from_year=2024, to_year=2025, by=world.officer_a
        )


def test_the_copy_page(world, groups, login):
    client = login(world.fed_admin)
    url = reverse("orgs:groups_copy")
    page = client.get(url)
    assert page.status_code == 200
    assert "Copy the groups" in page.text
    district = world.district.pk
    response = client.post(url, {"organizer": district, "from_year": 2024, "to_year": 2026})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('orgs:group_list')}?year=2026"
    assert EmulationGroup.objects.filter(organizer=world.district, year=2026).count() == 1
    # Officers organise nothing: the page does not exist for them.
    assert login(world.officer_a).get(url).status_code == 403
