"""On time, late and refused at the exact second in Asia/Ho_Chi_Minh (the server in UTC)."""

import datetime

import pytest

from dienhinh.plans.models import Plan
from dienhinh.plans.reporting import report_rules
from dienhinh.reports.enums import Timeliness
from dienhinh.reports.timing import timeliness

UTC = datetime.UTC


def _plan(**fields) -> Plan:
    values = {
        "report_deadline": datetime.date(2017, 12, 15),
        "nomination_deadline": datetime.date(2017, 10, 1),
        "report_grace_days": 0,
        "report_cutoff": None,
    }
    values.update(fields)
    return Plan(**values)


def at_utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def test_on_time_until_the_last_second_of_the_deadline_in_vietnam():
    plan = _plan()
    # 23:59:59 on 15/12 in Hồ Chí Minh city is 16:59:59 UTC.
    assert timeliness(plan, at_utc(2017, 12, 15, 16, 59, 59)) == Timeliness.ON_TIME
    assert timeliness(plan, at_utc(2017, 12, 15, 17, 0, 0)) == Timeliness.LATE
    # Early morning of the 15th in Vietnam is still the 14th in UTC: on time either way.
    assert timeliness(plan, at_utc(2017, 12, 14, 23, 0, 0)) == Timeliness.ON_TIME


def test_grace_days_move_the_on_time_end():
    plan = _plan(report_grace_days=2)
    assert timeliness(plan, at_utc(2017, 12, 17, 16, 59, 59)) == Timeliness.ON_TIME
    assert timeliness(plan, at_utc(2017, 12, 17, 17, 0, 0)) == Timeliness.LATE


def test_late_until_the_end_of_the_cutoff_then_refused():
    plan = _plan(report_cutoff=datetime.date(2017, 12, 20))
    assert timeliness(plan, at_utc(2017, 12, 20, 16, 59, 59)) == Timeliness.LATE
    assert timeliness(plan, at_utc(2017, 12, 20, 17, 0, 0)) is None


def test_default_cutoff_is_fifteen_days_after_the_deadline():
    plan = _plan()
    assert plan.report_last_day == datetime.date(2017, 12, 30)
    assert timeliness(plan, at_utc(2017, 12, 30, 16, 59, 59)) == Timeliness.LATE
    assert timeliness(plan, at_utc(2017, 12, 30, 17, 0, 0)) is None


def test_a_report_received_by_email_counts_from_the_day_received():
    plan = _plan(report_cutoff=datetime.date(2017, 12, 20))
    assert timeliness(plan, datetime.date(2017, 12, 15)) == Timeliness.ON_TIME
    assert timeliness(plan, datetime.date(2017, 12, 16)) == Timeliness.LATE
    assert timeliness(plan, datetime.date(2017, 12, 20)) == Timeliness.LATE
    assert timeliness(plan, datetime.date(2017, 12, 21)) is None


@pytest.mark.parametrize("server_zone", ["UTC"])
def test_the_rules_are_written_in_plain_words(server_zone):
    plan = _plan(report_grace_days=2, report_cutoff=datetime.date(2017, 12, 20))
    rules = report_rules(plan)
    assert rules[0] == (
        "Deadline: 15/12/2017. A report first submitted by 23:59:59 on 17/12/2017 counts as "
        "on time."
    )
    assert "18/12/2017" in rules[1] and "20/12/2017" in rules[1]
    assert rules[2] == "After 20/12/2017 no report can be submitted any more."
