"""Ranking inside each emulation group: by official total, then the tie-break the rubric
sets; units equal on every key share a rank."""

import datetime
from decimal import Decimal

from dienhinh.orgs.models import EmulationGroup, EmulationGroupMember, GroupKind
from dienhinh.reports.models import Report
from dienhinh.scoring import rubric as rubrics
from dienhinh.scoring.compute import compute_results
from dienhinh.scoring.entries import OfficialInput, save_official_scores
from dienhinh.scoring.ranking import rank

from .conftest import meeting, submit_report


def _row(name, official, computed="0", report_at=None, self_total=None, pk=1):
    return {
        "unit": {"id": pk, "name": name, "sort_name": name},
        "official_total": official,
        "self_total": self_total or official,
        "computed_total": computed,
        "report_at": report_at,
    }


def test_ties_are_broken_in_the_configured_order():
    early = "2017-12-10T08:00:00+07:00"
    late = "2017-12-14T08:00:00+07:00"
    rows = [
        _row("b", "80", computed="20", report_at=late, pk=1),
        _row("a", "80", computed="10", report_at=early, pk=2),
        _row("c", "90", pk=3),
        _row("d", "70", pk=4),
        _row("e", "70", pk=5),
    ]
    by_computed = [(place, r["unit"]["name"]) for place, r in rank(rows, ["computed", "report"])]
    assert by_computed == [(1, "c"), (2, "b"), (3, "a"), (4, "d"), (5, "e")]
    by_report = [(place, r["unit"]["name"]) for place, r in rank(rows, ["report", "computed"])]
    assert by_report == [(1, "c"), (2, "a"), (3, "b"), (4, "d"), (5, "e")]
    # Equal on every key (the same name too): the same rank, and the next one skipped.
    same = [_row("x", "50", pk=7), _row("x", "50", pk=8), _row("y", "40", pk=9)]
    assert [place for place, _r in rank(same, [])] == [1, 1, 3]


def test_the_group_ranking_follows_the_rubric(world, plan, scorecard):
    group = EmulationGroup.objects.create(
        name="Cụm thi đua số 1",
        kind=GroupKind.CLUSTER,
        year=plan.year,
        organizer=world.province,
        leader=world.unit_a,
    )
    for unit in (world.unit_a, world.unit_b, world.unit_c):
        EmulationGroupMember.objects.create(group=group, unit=unit)
    # B and C: the same official total (20); B's computed part is higher (a meeting), C
    # reported earlier.
    meeting(plan, world.unit_b)
    submit_report(plan, world.unit_c, world.fed_admin)
    submit_report(plan, world.unit_b, world.officer_b)
    Report.objects.filter(unit=world.unit_c).update(
        first_submitted_at=datetime.datetime(2017, 12, 1, tzinfo=datetime.UTC)
    )
    quality = {world.unit_b: Decimal("7.5"), world.unit_c: Decimal(10)}
    for unit, points in quality.items():
        save_official_scores(
            scorecard.rubric,
            unit,
            by=world.monitor,
            entries={scorecard.quality.pk: OfficialInput(points)},
        )

    def order():
        results = compute_results(scorecard.rubric)
        [found] = results["groups"]
        names = {r["unit"]["id"]: r["unit"]["code"] for r in results["units"]}
        return [(e["rank"], names[e["unit"]]) for e in found["ranking"]]

    assert order() == [(1, "TV-CL-A"), (2, "TV-CL-B"), (3, "TV-TP-C")]
    rubrics.save_settings(
        scorecard.rubric,
        by=world.monitor,
        classes=[("Xuất sắc", Decimal(90)), ("Khá", Decimal(0))],
        tie_break=["report", "computed"],
        group_year=None,
    )
    assert order() == [(1, "TV-CL-A"), (2, "TV-TP-C"), (3, "TV-CL-B")]
