"""Seminars hosted and seminars attended, by hand on a small fixed set: the live figures, the
figures by child unit, the monitoring board, the frozen version and the report form's label.

The tree: the province above Càng Long (units A and B) and the other district (unit C).
- S1, hosted by the other district (40 people): A, B and C took part;
- S2, hosted by A (25 people): A and B took part;
- S3, hosted by C (12 people): the district Càng Long itself took part;
- a seminar of no plan hosted by C with A taking part: never counted.
By hand, hosted / attended: A 1/1 (S2; S1), B 0/2 (S1, S2), Càng Long 1/2 (S2; S1 once
though two of its units took part, and S3), C 1/1 (S3; S1), the other district 2/0 (S1 and
S3 were hosted inside it), the province 3/0.
"""

import datetime

import pytest
from django.urls import reverse

from dienhinh.activities.models import ActivityKind
from dienhinh.orgs.models import EmulationGroup, EmulationGroupMember
from dienhinh.reports.domain import report_for
from dienhinh.reports.figures import grouped_figures, live_figures
from dienhinh.reports.monitoring.board import monitoring_board


@pytest.fixture
def seminars(world, plan, meeting):
    def seminar(host, people, joined, **fields):
        found = meeting(host, people, kind=ActivityKind.SEMINAR, title="Tọa đàm", **fields)
        found.participating_units.set(joined)
        return found

    s1 = seminar(world.other_district, 40, [world.unit_a, world.unit_b, world.unit_c])
    s2 = seminar(world.unit_a, 25, [world.unit_a, world.unit_b])
    s3 = seminar(world.unit_c, 12, [world.district], held_on=datetime.date(2017, 10, 20))
    stray = seminar(world.unit_c, 9, [world.unit_a])
    type(stray).objects.filter(pk=stray.pk).update(plan=None)
    return s1, s2, s3


def _counts(figures):
    return figures["seminars"], figures["seminars_attended"]


def test_live_figures_count_each_seminar_once_per_unit(world, plan, seminars):
    expected = {
        world.unit_a: (1, 1),
        world.unit_b: (0, 2),
        world.district: (1, 2),
        world.unit_c: (1, 1),
        world.other_district: (2, 0),
        world.province: (3, 0),
    }
    assert {u: _counts(live_figures(plan, u)) for u in expected} == expected
    # The participants stay the host's: the district's hosted seminar S2 alone.
    assert live_figures(plan, world.district)["seminar_participants"] == 25
    assert live_figures(plan, world.unit_b)["seminar_participants"] == 0


def test_by_child_each_child_counts_its_own_and_the_district_counts_s1_once(
    world, plan, seminars, django_assert_num_queries
):
    with django_assert_num_queries(4):
        by_district = grouped_figures(plan, within=world.district, level=1)
    assert _counts(by_district[world.unit_a.path]) == (1, 1)
    assert _counts(by_district[world.unit_b.path]) == (0, 2)
    # A and B each attended S1; the district above them attended it once (and S3).
    assert live_figures(plan, world.district)["seminars_attended"] == 2
    by_province = grouped_figures(plan, within=world.province, level=1)
    assert _counts(by_province[world.district.path]) == (1, 2)
    assert _counts(by_province[world.other_district.path]) == (2, 0)


def test_the_monitoring_board_shows_seminars_attended(world, plan, seminars):
    group = EmulationGroup.objects.create(
        name="Cụm thi đua số 1", kind="cluster", year=2017, organizer=world.province
    )
    for unit in (world.unit_a, world.unit_b, world.unit_c):
        EmulationGroupMember.objects.create(group=group, unit=unit)
    province = monitoring_board(plan, world.province).as_dict()
    assert (province["total"]["seminars"], province["total"]["seminars_attended"]) == (3, 0)
    children = {line["name"]: line for line in province["children"]}
    assert _counts(children[world.district.name]) == (1, 2)
    assert _counts(children[world.other_district.name]) == (2, 0)
    # The cluster hosted S2 and S3 through its members; S1 (hosted by the other district,
    # not a member) is the one its members attended.
    (cluster,) = province["groups"]
    assert (cluster["seminars"], cluster["seminars_attended"]) == (2, 1)

    district = monitoring_board(plan, world.district).as_dict()
    assert (district["total"]["seminars"], district["total"]["seminars_attended"]) == (1, 2)
    assert district["own"]["seminars_attended"] == 1  # S3, which the district itself joined
    lines = {line["name"]: line for line in district["children"]}
    assert _counts(lines[world.unit_a.name]) == (1, 1)
    assert _counts(lines[world.unit_b.name]) == (0, 2)
    months = {line["key"]: line["seminars_attended"] for line in district["months"]}
    assert months == {"2017-09": 1, "2017-10": 1}


def test_the_frozen_version_carries_seminars_attended(world, plan, seminars, submit, meeting):
    report = submit(world.unit_b)
    frozen = report.last_version.figures
    assert frozen["schema"] == 2 and _counts(frozen) == (0, 2)
    later = meeting(world.unit_c, 30, kind=ActivityKind.SEMINAR, title="Giao lưu")
    later.participating_units.set([world.unit_b])
    report.refresh_from_db()
    assert _counts(report.last_version.figures) == (0, 2)
    assert live_figures(plan, world.unit_b)["seminars_attended"] == 3


def test_the_report_form_says_the_rule(world, plan, seminars, login):
    report_for(plan, world.unit_b)
    page = login(world.officer_b).get(
        reverse("reports:unit_report", args=[plan.pk, world.unit_b.pk])
    )
    text = page.content.decode()
    assert "Seminars and experience exchanges hosted by the unit or a unit below it" in text
    label = (
        "Seminars and experience exchanges attended: hosted by another unit, with the unit "
        "or a unit below it taking part (each counted once)</th><td>2</td>"
    )
    assert label in text
