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


def _mixed_group(world, plan):
    """A block organised by another province (outside the issuer's subtree): units A and C
    are scored; the other province's unit is outside the plan, A's union group does not
    report, unit B is exempted and a closed union is not active on the deadline."""
    from dienhinh.reports.domain import report_for
    from dienhinh.reports.workflow import transition_report
    from tests.factories import make_unit

    other = make_unit("Liên đoàn Lao động tỉnh Vĩnh Long", kind="province", code="VL")
    stranger = make_unit("CĐCS Công ty Vĩnh Long", parent=other, code="VL-X")
    closed = make_unit(
        "CĐCS Nhà máy đã giải thể", parent=world.district, code="TV-CL-D", is_active=False
    )
    group = EmulationGroup.objects.create(
        name="Khối doanh nghiệp",
        kind=GroupKind.BLOCK,
        year=plan.year,
        organizer=other,
    )
    for unit in (world.unit_a, world.unit_c, stranger, world.group_a1, world.unit_b, closed):
        EmulationGroupMember.objects.create(group=group, unit=unit)
    transition_report(
        report_for(plan, world.unit_b), action="exempt", by=world.monitor, exempt_reason="merged"
    )
    return group, stranger, closed


def test_a_group_of_another_organiser_ranks_the_scored_members_and_says_why_not_the_rest(
    world, plan, scorecard, login, api_client
):
    group, stranger, closed = _mixed_group(world, plan)
    results = compute_results(scorecard.rubric)
    [ranked] = [g for g in results["groups"] if g["id"] == group.pk]
    codes = {r["unit"]["id"]: r["unit"]["code"] for r in results["units"]}
    assert [(e["rank"], codes[e["unit"]]) for e in ranked["ranking"]] == [
        (1, "TV-CL-A"),
        (2, "TV-TP-C"),
    ]
    assert {e["unit"]: e["reason"] for e in ranked["unscored"]} == {
        stranger.pk: "outside",
        world.group_a1.pk: "not_reporting",
        world.unit_b.pk: "exempt",
        closed.pk: "inactive",
    }
    page = login(world.monitor).get(f"/scoring/plans/{plan.pk}/").content.decode()
    assert "Ranked among the 2 members scored by this plan." in page
    for line in (
        "CĐCS Công ty Vĩnh Long: not among the units this plan reaches",
        f"{world.group_a1.name}: its kind of unit does not report on this plan",
        f"{world.unit_b.name}: exempted from reporting on this plan",
        "CĐCS Nhà máy đã giải thể: not active on the plan&#x27;s report deadline",
    ):
        assert line in page
    # Unit A's officer: the unit outside the plan and A's own union group by name; B's
    # exemption and the closed union (not theirs to see) only counted.
    own = login(world.officer_a).get(f"/scoring/plans/{plan.pk}/").content.decode()
    assert "CĐCS Công ty Vĩnh Long: not among the units this plan reaches" in own
    assert "exempted" not in own and world.unit_b.name not in own
    assert "2 other members outside your scope." in own
    body = api_client(world.officer_a).get(f"/api/v1/scores?plan_id={plan.pk}").json()
    [api_group] = body["groups"]
    assert sorted(m["reason"] for m in api_group["unscored"]) == ["not_reporting", "outside"]
    assert api_group["unscored_hidden"] == 2 and api_group["size"] == 2


def test_the_unit_page_computes_only_the_unit_and_its_groups(
    world, plan, scorecard, login, django_assert_num_queries
):
    """The unit's rank on its page is the plan page's; the page reads the same queries
    whatever the number of the plan's units, and computes the unit and its group only."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_unit

    _mixed_group(world, plan)
    partial = compute_results(scorecard.rubric, unit=world.unit_c)
    assert sorted(r["unit"]["code"] for r in partial["units"]) == ["TV-CL-A", "TV-TP-C"]
    whole = compute_results(scorecard.rubric)
    row = next(r for r in whole["units"] if r["unit"]["id"] == world.unit_c.pk)
    assert (
        partial["units"][[r["unit"]["id"] for r in partial["units"]].index(world.unit_c.pk)] == row
    )
    alone = compute_results(scorecard.rubric, unit=world.district)
    assert [r["unit"]["code"] for r in alone["units"]] == ["TV-CL"]
    client = login(world.monitor)
    url = f"/scoring/plans/{plan.pk}/units/{world.unit_c.pk}/"
    client.get(url)  # session and caches warmed
    with CaptureQueriesContext(connection) as first:
        page = client.get(url).content.decode()
    assert "Rank 2 of 2" in page
    for n in range(4):  # four more scored units, outside C's group
        unit = make_unit(f"CĐCS Mới {n}", parent=world.other_district, code=f"TV-TP-N{n}")
        meeting(plan, unit)
    with django_assert_num_queries(len(first)):
        assert "Rank 2 of 2" in client.get(url).content.decode()


def test_a_group_with_no_scored_member_is_listed_with_its_members_and_why(
    world, plan, scorecard, login, api_client
):
    """A cluster whose only members are A's union group (a kind that does not report) and
    the exempted unit B: no ranking, but the group is there with both reasons."""
    from dienhinh.reports.domain import report_for
    from dienhinh.reports.workflow import transition_report

    group = EmulationGroup.objects.create(
        name="Cụm không có đơn vị chấm",
        kind=GroupKind.CLUSTER,
        year=plan.year,
        organizer=world.province,
    )
    for unit in (world.group_a1, world.unit_b):
        EmulationGroupMember.objects.create(group=group, unit=unit)
    transition_report(
        report_for(plan, world.unit_b), action="exempt", by=world.monitor, exempt_reason="merged"
    )
    [ranked] = [g for g in compute_results(scorecard.rubric)["groups"] if g["id"] == group.pk]
    assert ranked["ranking"] == []
    assert {e["unit"]: e["reason"] for e in ranked["unscored"]} == {
        world.group_a1.pk: "not_reporting",
        world.unit_b.pk: "exempt",
    }
    page = login(world.monitor).get(f"/scoring/plans/{plan.pk}/").content.decode()
    section = page[page.index("Cụm không có đơn vị chấm") :]
    assert "No member of this group is scored by this plan." in section
    assert f"{world.unit_b.name}: exempted from reporting on this plan" in section
    assert "Ranked among the 0" not in section
    body = api_client(world.monitor).get(f"/api/v1/scores?plan_id={plan.pk}").json()
    [api_group] = [g for g in body["groups"] if g["id"] == group.pk]
    assert api_group["ranking"] == [] and api_group["size"] == 0
    assert sorted(m["reason"] for m in api_group["unscored"]) == ["exempt", "not_reporting"]
    # A's officer reads A's union group by name and only counts B's exemption.
    own = login(world.officer_a).get(f"/scoring/plans/{plan.pk}/").content.decode()
    assert f"{world.group_a1.name}: its kind of unit does not report on this plan" in own
    assert "1 other member outside your scope." in own and world.unit_b.name not in own


def test_a_version_finalised_before_the_list_was_kept_shows_it_drawn_from_the_members(
    world, plan, scorecard, login, api_client
):
    from dienhinh.scoring.models import ScoringVersion
    from dienhinh.scoring.workflow import transition_scoring

    group, stranger, closed = _mixed_group(world, plan)
    from .conftest import score_others

    # Every scored unit (B is exempted).
    score_others(
        world, scorecard, units=(world.unit_a, world.district, world.other_district, world.unit_c)
    )
    version = transition_scoring(scorecard.rubric, action="finalise", by=world.monitor).last_version
    old = version.results
    for entry in old["groups"]:
        del entry["unscored"]  # as versions were finalised before the list was kept
    ScoringVersion.objects.filter(pk=version.pk).update(results=old)

    client = login(world.monitor)
    for url in (f"/scoring/versions/{version.pk}/", f"/scoring/plans/{plan.pk}/"):
        page = client.get(url).content.decode()
        assert "CĐCS Công ty Vĩnh Long: not among the units this plan reaches" in page
        assert f"{world.unit_b.name}: exempted from reporting on this plan" in page
        assert "drawn from the group's members as they are now" in page
    body = api_client(world.monitor).get(f"/api/v1/scores?plan_id={plan.pk}").json()
    [api_group] = [g for g in body["groups"] if g["id"] == group.pk]
    assert {m["unit_id"]: m["reason"] for m in api_group["unscored"]} == {
        stranger.pk: "outside",
        world.group_a1.pk: "not_reporting",
        world.unit_b.pk: "exempt",
        closed.pk: "inactive",
    }
    # Read, never written back: the frozen dict is as it was.
    assert ScoringVersion.objects.get(pk=version.pk).results == old
