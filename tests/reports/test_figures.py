"""Figures equal a hand count; frozen figures do not move; rates stay within 100% with a unit
closed mid-period."""

import datetime

from dienhinh.activities.models import ActivityKind
from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Nomination
from dienhinh.orgs.domain import move_unit
from dienhinh.reports.expected import expected_units, rates
from dienhinh.reports.figures import grouped_figures, live_figures
from dienhinh.reports.status import plan_status


def _data(world, plan, make_nomination, meeting):
    """By hand: under Càng Long, unit A has 2 submitted dossiers and a draft, B one selected
    (and a withdrawn one, not counted); C (another district) one draft. Meetings: A 2 (15 and
    20 people), B 1 (7); a seminar hosted by the district (40 people); C a meeting (99)."""
    for state in (State.SUBMITTED, State.SUBMITTED, State.DRAFT):
        make_nomination(world.unit_a, state=state)
    make_nomination(world.unit_b, state=State.SELECTED, by=world.officer_b)
    make_nomination(world.unit_b, state=State.WITHDRAWN, by=world.officer_b)
    make_nomination(world.unit_c, state=State.DRAFT)
    meeting(world.unit_a, 15)
    meeting(world.unit_a, 20)
    meeting(world.unit_b, 7)
    meeting(world.district, 40, kind=ActivityKind.SEMINAR, title="Tọa đàm cụm thi đua")
    meeting(world.unit_c, 99)


def test_figures_equal_a_hand_count(
    world, plan, make_nomination, meeting, django_assert_num_queries
):
    _data(world, plan, make_nomination, meeting)
    # dossiers, stories, readings, activities, seminars attended
    with django_assert_num_queries(5):
        district = live_figures(plan, world.district)
    assert district["dossiers"]["submitted"] == 2
    assert district["dossiers"]["draft"] == 1
    assert district["dossiers"]["selected"] == 1
    assert "withdrawn" not in district["dossiers"]
    assert district["dossiers_total"] == 4
    assert (district["meetings"], district["meeting_participants"]) == (3, 42)
    assert (district["seminars"], district["seminar_participants"]) == (1, 40)
    unit_a = live_figures(plan, world.unit_a)
    assert (unit_a["dossiers_total"], unit_a["meetings"], unit_a["meeting_participants"]) == (
        3,
        2,
        35,
    )
    province = live_figures(plan, world.province)
    assert province["dossiers_total"] == 5 and province["meetings"] == 4


def test_grouped_by_child_is_one_group_by_per_figure(
    world, plan, make_nomination, meeting, django_assert_num_queries
):
    _data(world, plan, make_nomination, meeting)
    with django_assert_num_queries(4):
        by_child = grouped_figures(plan, within=world.province, level=1)
    assert by_child[world.district.path]["dossiers_total"] == 4
    assert by_child[world.district.path]["meetings"] == 3
    assert by_child[world.other_district.path]["meeting_participants"] == 99
    by_unit = grouped_figures(plan, within=world.district, level=1)
    assert by_unit[world.unit_a.path]["dossiers"]["submitted"] == 2
    # The district's own seminar is not any child's.
    assert sum(f["seminars"] for f in by_unit.values()) == 0


def test_frozen_figures_stay_after_a_move_and_new_data(
    world, plan, make_nomination, meeting, submit
):
    _data(world, plan, make_nomination, meeting)
    report = submit(world.unit_a)
    frozen = report.last_version.figures
    assert frozen["schema"] == 2 and frozen["dossiers_total"] == 3
    assert frozen["unit"]["name"] == world.unit_a.name
    make_nomination(world.unit_a, state=State.SUBMITTED)
    meeting(world.unit_a, 100)
    move_unit(world.unit_a, new_parent=world.other_district, by=world.sysadmin)
    report.refresh_from_db()
    assert report.last_version.figures == frozen
    assert report.last_version.unit_path != report.unit.path  # kept as it was
    assert Nomination.objects.filter(nominating_unit=world.unit_a).count() == 4


def test_a_unit_closed_mid_period_is_not_expected_and_rates_stay_within_100(world, plan, submit):
    closed_on = plan.report_deadline - datetime.timedelta(days=10)
    world.unit_b.valid_to = closed_on
    world.unit_b.is_active = False
    world.unit_b.save()
    expected = list(expected_units(plan))
    assert world.unit_b not in expected
    assert len(expected) == 4  # the two districts, A and C
    for unit in (world.unit_a, world.district, world.other_district, world.unit_c):
        submit(unit)
    result = rates(plan, plan_status(plan))
    assert (result.reported, result.expected) == (4, 4)
    assert result.reporting_rate == 100.0


def test_a_closed_unit_that_reported_anyway_counts_once(world, plan, submit):
    submit(world.unit_b)
    world.unit_b.valid_to = plan.report_deadline - datetime.timedelta(days=1)
    world.unit_b.is_active = False
    world.unit_b.save()
    rows = plan_status(plan)
    assert [r.unit for r in rows].count(world.unit_b) == 1
    result = rates(plan, rows)
    assert result.reported == 1 and result.expected == 5
    assert result.reporting_rate <= 100.0


def test_readings_of_the_subtrees_stories_count_from_the_plans_issue(world, plan, make_nomination):
    import datetime

    from django.utils import timezone

    from dienhinh.publishing.editing import create_story
    from dienhinh.publishing.models import StoryDossier, StoryReadings

    dossier = make_nomination(world.unit_a, state=State.SELECTED)
    story = create_story(unit=world.district, by=world.editor, headline="Gương sáng ở Càng Long")
    StoryDossier.objects.create(story=story, nomination=dossier)
    type(story).objects.filter(pk=story.pk).update(first_published_at=timezone.now())
    today = timezone.localdate()
    StoryReadings.objects.create(story=story, day=today, count=12)
    StoryReadings.objects.create(story=story, day=today - datetime.timedelta(days=1), count=3)
    issued = plan.issued_on or datetime.date(plan.year, 1, 1)
    StoryReadings.objects.create(story=story, day=issued - datetime.timedelta(days=1), count=500)
    assert live_figures(plan, world.district)["story_views"] == 15
    assert live_figures(plan, world.other_district)["story_views"] == 0
