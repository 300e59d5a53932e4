"""Copy to next year keeps the old plan's sections as the new draft's text, with the old
plan's year written as the new one's in its title and sections (not inside longer
numbers), and the copy's page says the text must be checked before issue."""

import pytest
from django.urls import reverse

from dienhinh.plans.domain import copy_plan
from dienhinh.plans.models import Plan, PlanSection, PlanStatus


@pytest.fixture
def page_language():
    return "en"


def test_the_copy_takes_the_new_year_and_its_page_asks_for_a_check(login, world, plan):
    Plan.objects.filter(pk=plan.pk).update(title="Tuyên truyền điển hình tiên tiến năm 2017")
    PlanSection.objects.create(
        plan=plan,
        position=0,
        heading="I. MỤC ĐÍCH NĂM 2017",
        body="Trong năm 2017, tổ chức tuyên truyền.\nMã hồ sơ 120179 giữ nguyên; năm 2016 cũng.",
    )
    plan.refresh_from_db()
    copy = copy_plan(plan, by=world.monitor, number=12)
    assert copy.title == "Tuyên truyền điển hình tiên tiến năm 2018"
    [section] = copy.sections.all()
    assert section.heading == "I. MỤC ĐÍCH NĂM 2018"
    assert section.body == (
        "Trong năm 2018, tổ chức tuyên truyền.\nMã hồ sơ 120179 giữ nguyên; năm 2016 cũng."
    )
    assert plan.sections.get().body.startswith("Trong năm 2017")  # the old plan unchanged
    notice = "was copied from plan 57/KH-LĐLĐ of 2017"
    client = login(world.monitor)
    page = client.get(reverse("plans:detail", args=[copy.pk])).text
    assert notice in page and "Check every section" in page
    assert notice not in client.get(reverse("plans:detail", args=[plan.pk])).text
    Plan.objects.filter(pk=copy.pk).update(status=PlanStatus.ISSUED)  # once issued, no notice
    assert notice not in client.get(reverse("plans:detail", args=[copy.pk])).text
