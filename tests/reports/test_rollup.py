"""The monitoring roll-up (reports.rollup) equals the live count after any sequence of
writes: dossiers created, moved through states, fields and months, deleted; activities
created, changed and deleted; units moved across districts and roots, and closed; units
joining, leaving and swapped in emulation groups; folds and a rebuild in between. Run on
SQLite and PostgreSQL (their triggers differ)."""

import datetime
import io
import random
from collections import Counter

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from dienhinh.activities.models import Activity, ActivityKind
from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Nomination
from dienhinh.orgs.domain import move_unit
from dienhinh.orgs.models import EmulationGroup, EmulationGroupMember, OrgUnit, UnitKind
from dienhinh.plans.models import Plan, PlanField, SharedField
from dienhinh.reports import rollup
from dienhinh.reports.models import RollupDelta
from dienhinh.reports.monitoring.board import (
    live_activity_group_rows,
    live_activity_rows,
    live_dossier_group_rows,
    live_dossier_rows,
    monitoring_board,
    month_key,
)
from tests.factories import make_unit

ZONE = timezone.get_default_timezone()


def _counts(rows, key: tuple, figures: tuple) -> Counter:
    """The rows' figures summed by the ``key`` columns (a month as the board keys it)."""
    found = Counter()
    for row in rows:
        cell = tuple(month_key(row[k]) if k == "month" else row[k] for k in key)
        for figure in figures:
            found[(*cell, figure)] += row[figure]
    return +found  # zero cells dropped


_DOSSIER = ("n", "selected")
_ACTIVITY = ("count", "people")


def _group_counts(rows) -> Counter:
    found = Counter()
    for row in rows:
        for figure in ("n", "selected", "count", "people"):
            if figure in row:
                found[(row["member_of"], row.get("kind"), figure)] += row[figure]
    return +found


def _assert_same(plans):
    """For every root and child of a root, the figures by child; for them and the
    children of those, the figures by emulation group: the roll-up's equal the live
    count's."""
    groups = EmulationGroup.objects.values("pk")
    for plan in plans:
        for unit in OrgUnit.objects.filter(depth__lte=3):
            if rollup.answers(unit):
                length = len(unit.path) + OrgUnit.steplen
                live = list(live_dossier_rows(plan, unit, length))
                found = rollup.records(plan.pk, unit)
                by_child, by_field = found["dossiers"]
                assert _counts(by_child, ("prefix",), _DOSSIER) == _counts(
                    live, ("prefix",), _DOSSIER
                )
                assert _counts(by_field, ("shared", "month"), _DOSSIER) == _counts(
                    live, ("shared", "month"), _DOSSIER
                )
                live = list(live_activity_rows(plan, unit, length))
                by_child, by_month = found["activities"]
                assert _counts(by_child, ("prefix", "kind"), _ACTIVITY) == _counts(
                    live, ("prefix", "kind"), _ACTIVITY
                )
                assert _counts(by_month, ("kind", "month"), _ACTIVITY) == _counts(
                    live, ("kind", "month"), _ACTIVITY
                )
            dossiers, activities = rollup.group_records(plan.pk, unit, groups)
            live = _group_counts(live_dossier_group_rows(plan, unit, groups))
            assert _group_counts(dossiers) == live
            live = _group_counts(live_activity_group_rows(plan, unit, groups))
            assert _group_counts(activities) == live


@pytest.fixture
def scene(world, plan):
    """A second plan of the province, a second root with a district, a shared field."""
    other_root = make_unit("LĐLĐ tỉnh Bến Tre", kind=UnitKind.PROVINCE, code="BT")
    other_district = make_unit("LĐLĐ Châu Thành", parent=other_root, kind=UnitKind.DISTRICT)
    shared = SharedField.objects.create(unit=world.province, name="Dạy tốt, học tốt")
    second = Plan.objects.create(
        issuing_unit=world.province,
        year=2017,
        number=58,
        symbol="KH-LĐLĐ",
        title="Kế hoạch thứ hai",
        report_deadline=datetime.date(2017, 12, 15),
    )
    fields = {
        plan.pk: [*plan.plan_fields.all(), PlanField.objects.create(plan=plan, name="Dạy tốt")],
        second.pk: [PlanField.objects.create(plan=second, name="Khác")],
    }
    fields[plan.pk][1].shared = shared
    fields[plan.pk][1].save()
    groups = [
        EmulationGroup.objects.create(name=name, kind="cluster", year=2017, organizer=organizer)
        for name, organizer in (("Cụm 1", world.province), ("Khối 1", other_root))
    ]
    return {
        "groups": groups,
        "plans": [plan, second],
        "fields": fields,
        "districts": [world.district, world.other_district, other_district],
        "movable": [world.unit_a, world.unit_b, world.unit_c],
        "units": [
            world.province,
            world.district,
            world.unit_a,
            world.group_a1,
            world.unit_b,
            world.other_district,
            world.unit_c,
            other_root,
            other_district,
        ],
    }


def _when(rng) -> datetime.datetime | None:
    if rng.random() < 0.2:
        return None
    # Early mornings of the 1st too: 06:00 on 1 October in Vietnam is still September in
    # UTC, and the month counted must be the local one.
    day = datetime.date(2017, rng.randint(1, 12), rng.choice([1, 15, 28]))
    return datetime.datetime.combine(day, datetime.time(rng.choice([0, 6, 23])), tzinfo=ZONE)


@pytest.mark.parametrize("seed", [1, 2])
def test_rollup_equals_live_count_after_random_writes(world, scene, seed):
    rng = random.Random(seed)
    plans, units, states = scene["plans"], scene["units"], list(State.values)

    def new_dossier():
        plan = rng.choice(plans)
        Nomination.objects.create(
            plan=plan,
            nominating_unit=rng.choice(units),
            subject_kind="individual",
            full_name="Nguyễn Thị Mai",
            state=rng.choice(states),
            field=rng.choice([*scene["fields"][plan.pk], None]),
            submitted_at=_when(rng),
            created_by=world.officer_a,
        )

    def some(model):
        return model.objects.order_by("?").first()

    def change_dossier():
        dossier = some(Nomination)
        if dossier is None:
            return
        change = rng.choice(["state", "field", "month", "unit", "update"])
        if change == "state":
            dossier.state = rng.choice(states)
        elif change == "field":
            dossier.field = rng.choice([*scene["fields"][dossier.plan_id], None])
        elif change == "month":
            dossier.submitted_at = _when(rng)
        elif change == "unit":
            dossier.nominating_unit = rng.choice(units)
        else:  # a QuerySet.update, below the model layer
            Nomination.objects.filter(pk=dossier.pk).update(state=rng.choice(states))
            return
        dossier.save()

    def drop(model):
        found = some(model)
        if found is not None:
            found.delete()

    def new_activity():
        Activity.objects.create(
            kind=rng.choice(ActivityKind.values),
            unit=rng.choice(units),
            plan=rng.choice([*plans, None]),
            title="Sinh hoạt công đoàn",
            held_on=datetime.date(2017, rng.randint(1, 12), 28),
            participants=rng.randint(0, 50),
        )

    def change_activity():
        activity = some(Activity)
        if activity is not None:
            activity.participants = rng.randint(0, 50)
            activity.kind = rng.choice(ActivityKind.values)
            activity.held_on = datetime.date(2017, rng.randint(1, 12), 1)
            activity.save()

    def move():
        unit = rng.choice(scene["movable"])
        unit.refresh_from_db()
        target = rng.choice(scene["districts"])
        target.refresh_from_db()
        if (
            not target.path.startswith(unit.path)
            and OrgUnit.objects.get_parent(unit).pk != target.pk
        ):
            move_unit(unit, new_parent=target, by=world.sysadmin, audited=False)

    def close():
        OrgUnit.objects.filter(pk=rng.choice(units).pk).update(
            is_active=False, valid_to=datetime.date(2017, 10, 1)
        )

    def join():
        unit, group = rng.choice(units), rng.choice(scene["groups"])
        EmulationGroupMember.objects.get_or_create(unit=unit, group=group)

    def leave():
        drop(EmulationGroupMember)

    def regroup():
        member = some(EmulationGroupMember)
        if member is not None:
            taken = set(
                EmulationGroupMember.objects.filter(group=member.group).values_list(
                    "unit_id", flat=True
                )
            )
            free = [unit for unit in units if unit.pk not in taken]
            if free:
                member.unit = rng.choice(free)
                member.save()

    steps = [
        (join, 3),
        (leave, 1),
        (regroup, 1),
        (new_dossier, 6),
        (change_dossier, 6),
        (lambda: drop(Nomination), 1),
        (new_activity, 3),
        (change_activity, 2),
        (lambda: drop(Activity), 1),
        (move, 2),
        (close, 1),
        (rollup.fold, 1),
    ]
    actions = [step for step, weight in steps for _ in range(weight)]
    for number in range(120):
        rng.choice(actions)()
        if number % 10 == 9:
            _assert_same(plans)
    assert Nomination.objects.exists() and Activity.objects.exists()
    assert EmulationGroupMember.objects.exists()
    rollup.fold()
    assert not RollupDelta.objects.exists()
    _assert_same(plans)
    out = io.StringIO()
    call_command("rollup_figures", "--rebuild", stdout=out)
    assert out.getvalue().endswith("counts\n")
    _assert_same(plans)


def test_root_board_counts_what_the_rollup_folded_and_what_is_pending(world, plan):
    """The board of a root reads the roll-up: a dossier just submitted shows at once (its
    delta pending), and the same after the fold."""
    work = plan.plan_fields.get()
    october = datetime.datetime(2017, 10, 1, 6, tzinfo=ZONE)  # 23:00 UTC on 30 September
    Nomination.objects.create(
        plan=plan,
        nominating_unit=world.unit_a,
        subject_kind="individual",
        full_name="Nguyễn Thị Mai",
        state=State.SELECTED,
        field=work,
        submitted_at=october,
        created_by=world.officer_a,
    )
    for fold in (False, True):
        if fold:
            assert rollup.fold() >= 1
        board = monitoring_board(plan, world.province).as_dict()
        assert board["total"]["dossiers"] == 1 and board["total"]["selected"] == 1
        (district,) = [c for c in board["children"] if c["id"] == world.district.pk]
        assert district["dossiers"] == 1
        assert [(m["key"], m["dossiers"]) for m in board["months"]] == [("2017-10", 1)]


def test_a_board_read_behind_many_pending_changes_has_them_folded(world, plan, run_tasks):
    """Past FOLD_AFTER pending deltas a root's board read queues the fold on the worker;
    the figures stay the same after it, and no delta is left."""
    cache.delete("rollup-fold")
    Nomination.objects.bulk_create(
        Nomination(
            plan=plan,
            nominating_unit=world.unit_b,
            subject_kind="individual",
            full_name="Trần Văn Nam",
            created_by=world.officer_b,
        )
        for _ in range(rollup.FOLD_AFTER)
    )
    assert RollupDelta.objects.count() == rollup.FOLD_AFTER
    with run_tasks():
        board = monitoring_board(plan, world.province)
    assert board.total.figures["dossiers"] == rollup.FOLD_AFTER
    assert not RollupDelta.objects.exists()
    assert monitoring_board(plan, world.province).total.figures["dossiers"] == rollup.FOLD_AFTER
