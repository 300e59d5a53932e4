"""Adding and editing movements."""

import unicodedata

from django.urls import reverse

from dienhinh.plans.models import Movement


def movement_data(**overrides) -> dict:
    return {
        "name": unicodedata.normalize("NFD", "Thi đua lao động giỏi"),
        "kind": "thematic",
        "launched_by_code": "TV",
        "starts_on": "01/01/2017",
        "ends_on": "31/12/2017",
        "description": "Dòng một\r\nDòng hai",
        **overrides,
    }


def test_add_a_movement(login, world):
    client = login(world.monitor)
    form = client.get(reverse("plans:movement_create"))
    assert 'value="TV"' in form.text
    response = client.post(reverse("plans:movement_create"), movement_data())
    assert response.status_code == 302
    movement = Movement.objects.get()
    assert movement.name == "Thi đua lao động giỏi"
    assert unicodedata.is_normalized("NFC", movement.name)
    assert movement.launched_by == world.province
    assert movement.description == "Dòng một\nDòng hai"
    assert str(movement.ends_on) == "2017-12-31"


def test_a_unit_the_user_does_not_plan_for_is_refused_keeping_the_input(login, world):
    response = login(world.monitor).post(
        reverse("plans:movement_create"),
        movement_data(launched_by_code="KHONG-CO", ends_on="01/01/2016"),
    )
    assert response.status_code == 200
    assert "There is no unit with the code KHONG-CO among the units you plan for." in response.text
    assert "The end date is before the start date." in response.text
    assert "Thi đua lao động giỏi" in unicodedata.normalize("NFC", response.text)
    assert Movement.objects.count() == 0


def test_edit_a_movement(login, world, movement):
    client = login(world.fed_admin)
    url = reverse("plans:movement_edit", args=[movement.pk])
    assert "Lao động giỏi, lao động sáng tạo" in client.get(url).text
    response = client.post(url, movement_data(name="Tên mới", launched_by_code="TV-CL"))
    assert response.status_code == 302
    movement.refresh_from_db()
    assert movement.name == "Tên mới" and movement.launched_by == world.district


def test_officers_cannot_post_a_movement(login, world, movement):
    url = reverse("plans:movement_edit", args=[movement.pk])
    assert login(world.officer_a).post(url, movement_data()).status_code == 403
    assert login(world.officer_a).post(reverse("plans:movement_create")).status_code == 403
    movement.refresh_from_db()
    assert movement.name == "Lao động giỏi, lao động sáng tạo"
