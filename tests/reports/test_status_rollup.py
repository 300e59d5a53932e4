"""The status cells (reports.status_rollup) behind the boards of a root and its children
give what the live count gives after any write — a submission, an exemption, a report
deleted, a unit closed, moved or founded, a membership changed, the plan's deadline moved —
on the very next read, and a deadline day ending turns "not yet due" into "missing" with no
write at all. Run on SQLite and PostgreSQL (their triggers differ)."""

import datetime
import random
from collections import Counter

import pytest
from django.utils import timezone

from dienhinh.orgs.domain import move_unit
from dienhinh.orgs.models import EmulationGroup, EmulationGroupMember, OrgUnit
from dienhinh.reports import status_rollup
from dienhinh.reports.enums import ReportState
from dienhinh.reports.models import Report, StatusDirty
from dienhinh.reports.monitoring import statuses
from dienhinh.reports.monitoring.board import live_report_months, monitoring_board
from tests.factories import make_unit

ZONE = timezone.get_default_timezone()
TODAY = datetime.date.today()


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZONE)


def _child(board, unit) -> dict:
    return next(line for line in board["children"] if line["id"] == unit.pk)


def _assert_same(plan):
    """For every unit the cells answer: statuses by child and by group, and the reports by
    month, equal the live count's."""
    groups = EmulationGroup.objects.values("pk")
    for unit in OrgUnit.objects.filter(depth__lte=2):
        status_rollup.bring_up_to_date(plan, unit)
        length = len(unit.path) + OrgUnit.steplen
        rows, months = status_rollup.status_by_prefix(plan, unit, length)
        live = statuses.status_by_prefix(plan, unit, length)
        key = ("prefix", "depth", "status")
        assert Counter({tuple(r[k] for k in key): r["n"] for r in rows}) == Counter(
            {tuple(r[k] for k in key): r["n"] for r in live}
        ), unit.name
        assert months == live_report_months(plan, unit), unit.name
        found = status_rollup.status_by_group(plan, unit, groups)
        live = statuses.expected_with_status(plan, unit).filter(group_memberships__isnull=False)
        live = live.values("group_memberships__group_id", "status").order_by()
        expected = Counter()
        for row in live:
            expected[(row["group_memberships__group_id"], row["status"])] += 1
        assert Counter({(r["member_of"], r["status"]): r["n"] for r in found}) == expected
        # The board's one statement gives the same as the two.
        both, both_months, both_groups = status_rollup.statuses(plan, unit, length, groups)
        assert both_months == months
        for one, other in ((both, rows), (both_groups, found)):
            as_text = [sorted((k, str(v)) for k, v in row.items()) for row in one]
            assert sorted(as_text) == sorted(
                sorted((k, str(v)) for k, v in row.items()) for row in other
            ), unit.name


def test_a_submission_shows_on_the_root_board_at_once(world, plan, submit):
    before = monitoring_board(plan, world.province).as_dict()
    assert _child(before, world.district)["not_yet_due"] >= 2
    submit(world.unit_a)
    after = monitoring_board(plan, world.province).as_dict()
    district = _child(after, world.district)
    assert district["on_time"] == _child(before, world.district)["on_time"] + 1
    assert district["not_yet_due"] == _child(before, world.district)["not_yet_due"] - 1
    assert after["total"]["on_time"] == before["total"]["on_time"] + 1
    assert sum(m["reports"] for m in after["months"]) == 1
    assert not StatusDirty.objects.exists()  # the read recounted the marked cell


def test_an_exemption_and_a_deleted_report_show_at_once(world, plan):
    monitoring_board(plan, world.province)
    report = Report.objects.create(plan=plan, unit=world.unit_b, state=ReportState.EXEMPT)
    board = monitoring_board(plan, world.district).as_dict()
    assert _child(board, world.unit_b)["exempt"] == 1
    report.delete()
    board = monitoring_board(plan, world.district).as_dict()
    assert _child(board, world.unit_b)["exempt"] == 0
    assert _child(board, world.unit_b)["not_yet_due"] == 1


def test_a_unit_moved_or_closed_changes_the_figures(world, plan):
    Report.objects.create(
        plan=plan, unit=world.unit_a, state=ReportState.SUBMITTED, first_submitted_at=_at(TODAY, 9)
    )
    before = monitoring_board(plan, world.province).as_dict()
    assert _child(before, world.district)["on_time"] == 1
    assert _child(before, world.other_district)["on_time"] == 0

    move_unit(world.unit_a, new_parent=world.other_district, by=world.sysadmin, audited=False)
    moved = monitoring_board(plan, world.province).as_dict()
    district, other = _child(moved, world.district), _child(moved, world.other_district)
    assert (district["on_time"], other["on_time"]) == (0, 1)
    # unit_a left the district (its union group does not report on this plan).
    assert district["expected"] == _child(before, world.district)["expected"] - 1
    assert moved["total"]["expected"] == before["total"]["expected"]

    # Closed before the deadline, without a report: no longer expected anywhere.
    OrgUnit.objects.filter(pk=world.unit_b.pk).update(
        is_active=False, valid_to=plan.report_deadline - datetime.timedelta(days=5)
    )
    closed = monitoring_board(plan, world.province).as_dict()
    assert _child(closed, world.district)["expected"] == district["expected"] - 1
    assert closed["total"]["expected"] == moved["total"]["expected"] - 1
    for line in [closed["total"], *closed["children"]]:
        assert line["reported"] <= line["expected"]


def test_the_deadline_day_ending_turns_not_yet_due_into_missing(world, plan, monkeypatch):
    board = monitoring_board(plan, world.province).as_dict()
    waiting = board["total"]["not_yet_due"]
    assert waiting > 0 and board["total"]["missing"] == 0
    last = plan.report_deadline + datetime.timedelta(days=plan.report_grace_days)
    after = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time(0, 0, 1))
    monkeypatch.setattr(timezone, "now", lambda: after.replace(tzinfo=ZONE))
    board = monitoring_board(plan, world.province).as_dict()
    assert (board["total"]["missing"], board["total"]["not_yet_due"]) == (waiting, 0)


def test_a_new_deadline_counts_the_plan_again(world, plan):
    OrgUnit.objects.filter(pk=world.unit_b.pk).update(
        is_active=False, valid_to=plan.report_deadline - datetime.timedelta(days=5)
    )
    expected = monitoring_board(plan, world.province).total.rates.expected
    # Moved before the closing date: unit_b was still open then, so it is expected again.
    plan.report_deadline -= datetime.timedelta(days=10)
    plan.save()
    assert monitoring_board(plan, world.province).total.rates.expected == expected + 1


@pytest.mark.parametrize("seed", [1, 2])
def test_cells_equal_the_live_count_after_random_writes(world, plan, seed):
    rng = random.Random(seed)
    monitoring_board(plan, world.province)  # the plan's cells counted: now kept by marks
    group = EmulationGroup.objects.create(
        name="Cụm thi đua số 2", kind="cluster", year=2017, organizer=world.province
    )
    units = list(OrgUnit.objects.filter(depth__gte=2))
    districts = list(OrgUnit.objects.filter(depth=2))
    for step in range(25):
        unit = rng.choice(units)
        action = rng.choice(["report", "report", "state", "delete", "move", "close", "member"])
        report = Report.objects.filter(plan=plan, unit=unit).first()
        if action == "report" and report is None and unit.kind in plan.report_kinds:
            # A report exists only for a unit of the plan's reporting kinds (report_for).
            day = plan.report_deadline + datetime.timedelta(days=rng.choice([-3, 0, 1, 20]))
            fields = rng.choice(
                [{"first_submitted_at": _at(day, rng.choice([0, 12, 23]))}, {"received_on": day}]
            )
            Report.objects.create(plan=plan, unit=unit, state=ReportState.SUBMITTED, **fields)
        elif action == "state" and report is not None:
            report.state = rng.choice([ReportState.EXEMPT, ReportState.MISSING, ReportState.DRAFT])
            report.save()
        elif action == "delete" and report is not None:
            report.delete()
        elif action == "move" and unit.depth > 2:
            target = rng.choice([d for d in districts if not unit.path.startswith(d.path)])
            unit.refresh_from_db()
            move_unit(unit, new_parent=target, by=world.sysadmin, audited=False)
        elif action == "close":
            OrgUnit.objects.filter(pk=unit.pk).update(
                is_active=rng.choice([True, False]),
                valid_to=rng.choice([None, plan.report_deadline - datetime.timedelta(days=2)]),
            )
        elif action == "member":
            found = EmulationGroupMember.objects.filter(group=group, unit=unit)
            if found.exists():
                found.delete()
            else:
                EmulationGroupMember.objects.create(group=group, unit=unit)
        if step % 6 == 5:
            _assert_same(plan)
    new = make_unit("CĐCS Công ty mới", parent=world.other_district, code="TV-TP-NEW")
    Report.objects.create(plan=plan, unit=new, state=ReportState.SUBMITTED, received_on=TODAY)
    _assert_same(plan)
