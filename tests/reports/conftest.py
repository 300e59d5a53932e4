import datetime

import pytest
from django.utils import translation

from dienhinh.activities.models import Activity, ActivityKind
from dienhinh.reports.domain import report_for, save_narrative
from dienhinh.reports.workflow import transition_report


@pytest.fixture(autouse=True)
def english_messages():
    """Domain messages are asserted in English here."""
    with translation.override("en"):
        yield


@pytest.fixture
def submit(world, plan):
    """``submit(unit, by=None, text=...)``: the unit's report written and submitted."""
    writers = {
        world.unit_a.pk: world.officer_a,
        world.unit_b.pk: world.officer_b,
    }

    def _submit(unit, *, by=None, text="Đã tổ chức tuyên truyền."):
        by = by or writers.get(unit.pk) or world.fed_admin
        report = report_for(plan, unit)
        save_narrative(report, by=by, results=text)
        return transition_report(report, action="submit", by=by)

    return _submit


@pytest.fixture
def meeting(world, plan):
    def _meeting(unit, participants=10, **fields):
        return Activity.objects.create(
            kind=fields.pop("kind", ActivityKind.MEETING),
            unit=unit,
            unit_name=unit.name,
            plan=plan,
            title=fields.pop("title", "Sinh hoạt công đoàn tháng 9"),
            held_on=fields.pop("held_on", datetime.date(2017, 9, 15)),
            participants=participants,
            **fields,
        )

    return _meeting


@pytest.fixture
def page_language():
    """The pages are asserted in English here."""
    return "en"
