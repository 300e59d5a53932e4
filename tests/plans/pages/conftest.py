import datetime

import pytest

from dienhinh.plans.models import Criterion, Movement, Plan, PlanBasis, PlanField, PlanStatus


@pytest.fixture
def page_language():
    """English pages: assertions read the English msgids whatever translations exist."""
    return "en"


@pytest.fixture
def movement(world):
    return Movement.objects.create(
        name="Lao động giỏi, lao động sáng tạo",
        kind="regular",
        launched_by=world.province,
        starts_on=datetime.date(2017, 1, 1),
    )


def make_plan(world, *, number=57, status=PlanStatus.DRAFT, **fields) -> Plan:
    values = {
        "issuing_unit": world.province,
        "year": 2017,
        "number": number,
        "title": "Tuyên truyền các điển hình tiên tiến, mô hình mới, nhân tố mới",
        "issued_on": datetime.date(2017, 6, 29),
        "place": "Trà Vinh",
        "purposes": "Nhân rộng, biểu dương, tôn vinh gương điển hình tiên tiến.",
        "nomination_deadline": datetime.date(2017, 11, 30),
        "report_deadline": datetime.date(2017, 12, 15),
        "status": status,
        **fields,
    }
    plan = Plan.objects.create(**values)
    PlanBasis.objects.create(
        plan=plan,
        text="Thực hiện Kế hoạch số 09/KH-HĐTĐKT ngày 27/4/2017 của Hội đồng Thi đua - "
        "Khen thưởng tỉnh Trà Vinh",
    )
    PlanField.objects.create(plan=plan, name="Lao động sản xuất")
    Criterion.objects.create(
        plan=plan, group="Tiêu chí chung", text="Có sáng tạo, sáng kiến", max_points=5
    )
    return plan


@pytest.fixture
def draft(world):
    return make_plan(world)


@pytest.fixture
def issued(world):
    return make_plan(world, number=58, status=PlanStatus.ISSUED)
