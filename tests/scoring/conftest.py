"""A fixed data set for the scoring tests: plan 57 of the personas' province with a rubric
like a union scorecard (95 points over two groups plus up to 5 bonus points), and the
records behind unit A's computed items, counted by hand in the docstring of ``scorecard``."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import translation

from dienhinh.activities.models import Activity, ActivityKind
from dienhinh.nominations.enums import State
from dienhinh.reports.domain import report_for, save_narrative
from dienhinh.reports.workflow import transition_report
from dienhinh.scoring import rubric as rubrics
from dienhinh.scoring.models import Rubric, RubricItem
from tests.factories import make_nomination


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def page_language():
    return "en"


@dataclass
class Scorecard:
    rubric: Rubric
    report: RubricItem
    submitted: RubricItem
    selected: RubricItem
    meetings: RubricItem
    articles: RubricItem  # per occurrence, typed
    plan_made: RubricItem  # pass/fail
    quality: RubricItem  # points
    bonus: RubricItem  # -5..5


def meeting(plan, unit, participants=20, kind=ActivityKind.MEETING, **fields):
    return Activity.objects.create(
        kind=kind,
        unit=unit,
        unit_name=unit.name,
        plan=plan,
        title=fields.pop("title", "Sinh hoạt công đoàn lan tỏa điển hình"),
        held_on=datetime.date(2017, 9, 15),
        participants=participants,
        **fields,
    )


def submit_report(plan, unit, by):
    report = report_for(plan, unit)
    save_narrative(report, by=by, results="Đã tổ chức tuyên truyền.")
    return transition_report(report, action="submit", by=by)


@pytest.fixture
def scorecard(world, plan) -> Scorecard:
    """I. Tuyên truyền (40): report on time 10 (late 5); 2 per dossier submitted, at most
    10; 5 from one selected dossier; 2.5 per meeting, at most 10; 1 per article typed, at
    most 5. II. Tổ chức (55): a plan made, pass/fail 10; quality, points up to 45.
    Bonus or penalty from -5 to 5. Maximum 100.

    Unit A has 3 dossiers sent up (submitted, forwarded, selected), one draft and one
    withdrawn (not counted), 5 meetings (12.5 points, capped at 10) and its report on time.
    """
    m = world.monitor
    r = rubrics.rubric_for(plan, create=True)
    one = rubrics.add_item(r, by=m, kind="group", title="I. Tuyên truyền", max_points=40)
    add = rubrics.add_item
    card = Scorecard(
        rubric=r,
        report=add(
            r,
            by=m,
            kind="computed",
            title="Báo cáo đúng hạn",
            max_points=10,
            source="report",
            formula="on_time",
            late_points=5,
            parent=one,
        ),
        submitted=add(
            r,
            by=m,
            kind="computed",
            title="Hồ sơ gửi lên",
            max_points=10,
            source="dossiers_submitted",
            formula="per_occurrence",
            points_each=2,
            parent=one,
        ),
        selected=add(
            r,
            by=m,
            kind="computed",
            title="Hồ sơ được chọn",
            max_points=5,
            source="dossiers_selected",
            formula="at_least",
            threshold=1,
            parent=one,
        ),
        meetings=add(
            r,
            by=m,
            kind="computed",
            title="Buổi sinh hoạt",
            max_points=10,
            source="meetings",
            formula="per_occurrence",
            points_each=Decimal("2.5"),
            parent=one,
        ),
        articles=add(
            r,
            by=m,
            kind="per_occurrence",
            title="Tin bài trên trang đơn vị",
            max_points=5,
            points_each=1,
            parent=one,
        ),
        plan_made=None,
        quality=None,
        bonus=None,
    )
    two = add(r, by=m, kind="group", title="II. Tổ chức thực hiện", max_points=55)
    card.plan_made = add(r, by=m, kind="pass_fail", title="Có kế hoạch", max_points=10, parent=two)
    card.quality = add(r, by=m, kind="points", title="Chất lượng", max_points=45, parent=two)
    card.bonus = add(
        r, by=m, kind="adjustment", title="Điểm thưởng, điểm trừ", max_points=5, min_points=-5
    )
    a = world.unit_a
    for state in (State.SUBMITTED, State.FORWARDED, State.SELECTED, State.DRAFT, State.WITHDRAWN):
        make_nomination(
            plan, a, by=world.officer_a, photo=False, state=state, full_name=f"Người {state}"
        )
    for _n in range(5):
        meeting(plan, a)
    submit_report(plan, a, world.officer_a)
    return card


def score_others(world, card, value=0, units=None) -> None:
    """Official scores of ``value`` on every entered item of ``units`` (by default the
    units other than A), by the federation's monitor (so that the results can be
    finalised)."""
    from dienhinh.scoring.entries import OfficialInput, save_official_scores

    items = (card.articles, card.plan_made, card.quality, card.bonus)
    for unit in units or (world.district, world.unit_b, world.other_district, world.unit_c):
        save_official_scores(
            card.rubric,
            unit,
            by=world.monitor,
            entries={i.pk: OfficialInput(Decimal(value)) for i in items},
        )
