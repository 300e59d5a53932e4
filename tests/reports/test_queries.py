"""The roll-up page costs the same for one child report as for three (no query per child)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def test_the_roll_up_page_does_not_grow_with_children(world, plan, login, submit):
    client = login(world.monitor)
    page = reverse("reports:unit_report", args=[plan.pk, world.province.pk])
    client.get(page)  # session and caches warmed
    submit(world.district, by=world.fed_admin)
    with CaptureQueriesContext(connection) as one:
        assert client.get(page).status_code == 200
    submit(world.other_district, by=world.fed_admin)
    with CaptureQueriesContext(connection) as two:
        text = client.get(page).content.decode()
    assert len(two) == len(one)
    assert world.district.name in text and world.other_district.name in text
