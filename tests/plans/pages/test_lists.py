"""The plan and movement lists: what each user sees, filters, and no N+1."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dienhinh.plans.models import Movement, PlanStatus
from tests.plans.pages.conftest import make_plan


@pytest.fixture
def plans(world):
    return {
        "draft": make_plan(world, number=57, title="Tuyên truyền điển hình tiên tiến"),
        "issued": make_plan(
            world, number=21, year=2016, status=PlanStatus.ISSUED, title="Học tập làm theo Bác"
        ),
        "district": make_plan(
            world,
            number=3,
            issuing_unit=world.district,
            status=PlanStatus.ISSUED,
            symbol="KH-LĐLĐH",
            title="Đoàn viên giỏi việc nước",
        ),
    }


def _references(response) -> set[str]:
    return {plan.reference for plan in response.context["page_obj"]}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("monitor", {"57/KH-LĐLĐ", "21/KH-LĐLĐ", "3/KH-LĐLĐH"}),
        ("reviewer", {"21/KH-LĐLĐ", "3/KH-LĐLĐH"}),
        ("officer_a", {"21/KH-LĐLĐ", "3/KH-LĐLĐH"}),
        ("outsider", set()),
    ],
)
def test_each_user_sees_the_plans_of_their_scope(login, world, plans, persona, expected):
    response = login(world.persona(persona)).get(reverse("plans:list"))
    assert _references(response) == expected


def test_the_list_shows_the_columns_of_a_plan(login, world, plans):
    text = login(world.monitor).get(reverse("plans:list")).text
    assert "57/KH-LĐLĐ" in text and "Tuyên truyền điển hình tiên tiến" in text
    assert "LĐLĐ tỉnh" in text and "30/11/2017" in text and "15/12/2017" in text
    assert "Draft" in text and "Issued" in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2016", {"21/KH-LĐLĐ"}),
        ("status=draft", {"57/KH-LĐLĐ"}),
        ("q=doan vien", {"3/KH-LĐLĐH"}),
        ("q=ĐIỂN HÌNH", {"57/KH-LĐLĐ"}),
        ("q=21/KH", {"21/KH-LĐLĐ"}),
        ("year=1999&status=bad", {"57/KH-LĐLĐ", "21/KH-LĐLĐ", "3/KH-LĐLĐH"}),
    ],
)
def test_filters(login, world, plans, query, expected):
    response = login(world.monitor).get(f"{reverse('plans:list')}?{query}")
    assert response.status_code == 200
    assert _references(response) == expected


def test_the_list_costs_the_same_queries_for_1_and_3_plans(login, world, django_assert_num_queries):
    client = login(world.monitor)
    make_plan(world, number=1)
    client.get(reverse("plans:list"))  # the session is loaded once, as in real use
    with CaptureQueriesContext(connection) as one:
        response = client.get(reverse("plans:list"))
    assert len(response.context["page_obj"]) == 1
    make_plan(world, number=2, issuing_unit=world.district)
    make_plan(world, number=3, year=2018)
    with django_assert_num_queries(len(one)):
        response = client.get(reverse("plans:list"))
    assert len(response.context["page_obj"]) == 3


def test_movement_list_search_and_kind(login, world, movement):
    Movement.objects.create(
        name="Phong trào Xanh - Sạch - Đẹp",
        kind="thematic",
        launched_by=world.district,
        starts_on="2017-03-01",
    )
    Movement.objects.create(
        name="Phong trào của thành phố",
        kind="thematic",
        launched_by=world.other_district,
        starts_on="2017-03-01",
    )
    client = login(world.officer_a)
    names = {m.name for m in client.get(reverse("plans:movement_list")).context["page_obj"]}
    assert names == {"Lao động giỏi, lao động sáng tạo", "Phong trào Xanh - Sạch - Đẹp"}
    response = client.get(reverse("plans:movement_list") + "?q=xanh sach&kind=thematic")
    assert [m.name for m in response.context["page_obj"]] == ["Phong trào Xanh - Sạch - Đẹp"]
    response = client.get(reverse("plans:movement_list") + "?kind=regular")
    assert [m.name for m in response.context["page_obj"]] == ["Lao động giỏi, lao động sáng tạo"]
    assert reverse("plans:movement_edit", args=[movement.pk]) not in response.text


def test_movement_list_costs_the_same_queries_for_1_and_3(
    login, world, movement, django_assert_num_queries
):
    client = login(world.monitor)
    client.get(reverse("plans:movement_list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("plans:movement_list"))
    for name, unit in [("Một", world.district), ("Hai", world.unit_a)]:
        Movement.objects.create(name=name, kind="regular", launched_by=unit, starts_on="2017-01-01")
    with django_assert_num_queries(len(one)):
        response = client.get(reverse("plans:movement_list"))
    assert len(response.context["page_obj"]) == 3
