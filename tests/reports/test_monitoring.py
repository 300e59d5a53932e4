"""The live monitoring page and API: figures equal a hand count, rates stay within 100% with
units closed mid-period, a sibling's officer gets 404, drill-down stays inside the viewer's
subtree, the queries do not grow with the children, the XLSX holds the tables, and the API
gives the page's numbers."""

import datetime
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dienhinh.accounts.models import Role
from dienhinh.nominations.enums import State
from dienhinh.orgs.models import EmulationGroup, EmulationGroupMember, UnitKind
from dienhinh.plans.models import PlanField
from dienhinh.publishing.editing import create_story
from dienhinh.publishing.models import Story, StoryDossier
from dienhinh.reports.enums import ReportState
from dienhinh.reports.models import Report
from dienhinh.reports.monitoring.board import monitoring_board
from dienhinh.reports.status import plan_status
from tests.factories import UserFactory, grant, make_unit

TODAY = datetime.date.today()
DEADLINE = TODAY - datetime.timedelta(days=30)  # the cut-off (deadline + 15) is past too


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    zone = timezone.get_default_timezone()
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


@pytest.fixture
def data(world, plan, make_nomination, meeting):
    """By hand. Deadline 30 days ago. Expected: district (missing), A (on time, 10:00 on the
    deadline), B (late, 3 days after), other district (exempt), C (received by email on the
    deadline: on time), E under the other district, closed 10 days before the deadline but
    it reported (late: counted), D closed before the deadline without a report (not
    expected). Cụm thi đua số 1 (2017): A and C. Dossiers: A two submitted in "Lao động
    sản xuất" and one selected in "Dạy tốt", B a draft, C one selected; a story about A's
    selected dossier. Meetings: A 15 people, B 7; the district's seminar 40."""
    plan.report_deadline = DEADLINE
    plan.save()
    closed = DEADLINE - datetime.timedelta(days=10)
    unit_d = make_unit("CĐCS Công ty D", parent=world.other_district, code="TV-TP-D")
    unit_e = make_unit("CĐCS Công ty E", parent=world.other_district, code="TV-TP-E")
    type(unit_d).objects.filter(pk__in=[unit_d.pk, unit_e.pk]).update(
        is_active=False, valid_to=closed
    )

    def report(unit, **fields):
        Report.objects.create(plan=plan, unit=unit, **fields)

    report(world.unit_a, state=ReportState.SUBMITTED, first_submitted_at=_at(DEADLINE, 10))
    late = _at(DEADLINE + datetime.timedelta(days=3), 9)
    report(world.unit_b, state=ReportState.ACCEPTED, first_submitted_at=late)
    report(world.other_district, state=ReportState.EXEMPT, exempt_reason="merged")
    report(world.unit_c, state=ReportState.SUBMITTED, received_on=DEADLINE)
    report(unit_e, state=ReportState.SUBMITTED, first_submitted_at=late)

    group = EmulationGroup.objects.create(
        name="Cụm thi đua số 1", kind="cluster", year=2017, organizer=world.province
    )
    for unit in (world.unit_a, world.unit_c):
        EmulationGroupMember.objects.create(group=group, unit=unit)

    work = plan.plan_fields.get()  # "Lao động sản xuất"
    teach = PlanField.objects.create(plan=plan, name="Dạy tốt")
    sept = _at(datetime.date(2017, 9, 5), 8)
    for _ in range(2):
        make_nomination(world.unit_a, state=State.SUBMITTED, field=work, submitted_at=sept)
    chosen = make_nomination(world.unit_a, state=State.SELECTED, field=teach, submitted_at=sept)
    make_nomination(world.unit_b, state=State.DRAFT, by=world.officer_b, field=work)
    oct_ = _at(datetime.date(2017, 10, 2), 8)
    make_nomination(world.unit_c, state=State.SELECTED, field=teach, submitted_at=oct_)
    story = create_story(unit=world.unit_a, by=world.editor, headline="Cô giáo dạy giỏi")
    StoryDossier.objects.create(story=story, nomination=chosen)
    Story.objects.filter(pk=story.pk).update(first_published_at=oct_, field=teach.shared)
    meeting(world.unit_a, 15)
    meeting(world.unit_b, 7)
    meeting(world.district, 40, kind="seminar", title="Tọa đàm cụm")
    return {"group": group, "unit_e": unit_e, "unit_d": unit_d, "teach": teach, "work": work}


def _line(lines, name):
    return next(line for line in lines if line["name"] == name)


def test_figures_equal_a_hand_count(world, plan, data, django_assert_max_num_queries):
    monitoring_board(plan, world.province)  # the first read counts the plan's status cells
    with django_assert_max_num_queries(15):
        board = monitoring_board(plan, world.province).as_dict()
    total = board["total"]
    assert (total["on_time"], total["late"], total["missing"], total["exempt"]) == (2, 2, 1, 1)
    assert total["not_yet_due"] == 0
    # Expected: district, A, B, other district (exempt), C, E (D closed and silent is not).
    assert (total["expected"], total["reported"]) == (5, 4)
    assert (total["reporting_rate"], total["on_time_rate"]) == (80.0, 40.0)
    assert (total["dossiers"], total["selected"], total["stories"]) == (5, 2, 1)
    assert (total["meetings"], total["meeting_participants"], total["seminars"]) == (2, 22, 1)

    district = _line(board["children"], world.district.name)
    assert (district["on_time"], district["late"], district["missing"]) == (1, 1, 1)
    assert (district["reporting_rate"], district["on_time_rate"]) == (66.7, 33.3)
    assert (district["dossiers"], district["meetings"], district["seminar_participants"]) == (
        4,
        2,
        40,
    )
    other = _line(board["children"], world.other_district.name)
    assert (other["exempt"], other["on_time"], other["late"], other["expected"]) == (1, 1, 1, 2)
    assert other["reporting_rate"] == 100.0
    assert [c["name"] for c in board["children"]] == [
        world.district.name,
        world.other_district.name,
    ]

    fields = {f["name"]: f for f in board["fields"]}
    assert (fields["Lao động sản xuất"]["dossiers"], fields["Lao động sản xuất"]["selected"]) == (
        3,
        0,
    )
    assert (fields["Dạy tốt"]["dossiers"], fields["Dạy tốt"]["selected"]) == (2, 2)
    assert fields["Dạy tốt"]["stories"] == 1

    (group,) = board["groups"]
    assert group["name"].startswith("Cụm thi đua số 1")
    assert (group["on_time"], group["expected"], group["reporting_rate"]) == (2, 2, 100.0)
    assert (group["dossiers"], group["selected"], group["meetings"]) == (4, 2, 1)

    months = {m["key"]: m for m in board["months"]}
    assert months["2017-09"]["dossiers"] == 3 and months["2017-10"]["dossiers"] == 1
    assert months["2017-10"]["stories"] == 1
    deadline_month = f"{DEADLINE.year:04d}-{DEADLINE.month:02d}"
    assert sum(m["reports"] for m in board["months"]) == 4
    assert months[deadline_month]["reports"] >= 1

    # The SQL statuses agree with reports.status row by row.
    rows = plan_status(plan)
    assert len(rows) == 6
    by_python = sorted(row.status for row in rows)
    counted = board["total"]
    assert by_python.count("on_time") == counted["on_time"]
    assert by_python.count("late") == counted["late"]


def test_rates_never_exceed_100_with_units_closed_mid_period(world, plan, data):
    # Every unit under the other district has reported or is exempt; D closed silently.
    board = monitoring_board(plan, world.other_district).as_dict()
    assert board["own"]["exempt"] == 1
    names = [c["name"] for c in board["children"]]
    assert "CĐCS Công ty D" not in names
    for line in [board["total"], *board["children"], *board["groups"]]:
        assert line["reporting_rate"] <= 100.0 and line["on_time_rate"] <= 100.0
        assert line["reported"] <= line["expected"]
    assert board["total"]["reporting_rate"] == 100.0


def test_who_is_not_a_monitor_gets_404(world, plan, data, login, api_client):
    page = reverse("reports:monitoring", args=[plan.pk])
    export = reverse("reports:monitoring_export", args=[plan.pk])
    # The sibling unit's officer, the unit's own officer, an editor (no monitoring role)
    # and someone with no role at all.
    for user in (world.officer_b, world.officer_a, world.editor, world.outsider):
        client = login(user)
        assert client.get(page).status_code == 404, user
        assert client.get(export).status_code == 404, user
        answer = api_client(user).get(f"/api/v1/monitoring/{plan.pk}")
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"


def test_drill_down_stays_in_the_viewers_subtree(world, plan, data, login, api_client):
    page = reverse("reports:monitoring", args=[plan.pk])
    reviewer = login(world.reviewer)  # reviewer of Càng Long, with its subtree
    text = reviewer.get(page).content.decode()
    assert world.unit_a.name in text and world.unit_b.name in text
    assert world.unit_c.name not in text and world.other_district.name not in text
    assert reviewer.get(page, {"unit": world.other_district.pk}).status_code == 404
    assert reviewer.get(page, {"unit": world.province.pk}).status_code == 404
    assert reviewer.get(page, {"unit": "x"}).status_code == 404
    api = api_client(world.reviewer)
    assert (
        api.get(f"/api/v1/monitoring/{plan.pk}?unit={world.other_district.pk}").status_code == 404
    )
    # A district reviewer without the subtree sees the district but cannot open below it.
    narrow = UserFactory(email="narrow@example.vn", full_name="Lý Văn Hẹp")
    grant(narrow, world.district, Role.REVIEWER, subtree=False)
    body = api_client(narrow).get(f"/api/v1/monitoring/{plan.pk}").json()
    assert body["unit"]["id"] == world.district.pk
    assert not any(child["drillable"] for child in body["children"])

    monitor = login(world.monitor)
    top = monitor.get(page).content.decode()
    drill = f'href="{page}?unit={world.district.pk}"'
    assert drill in top
    inside = monitor.get(page, {"unit": world.district.pk}).content.decode()
    assert f'href="{page}?unit={world.province.pk}"' in inside  # the breadcrumb back up
    assert world.unit_a.name in inside and world.unit_c.name not in inside


def test_queries_do_not_grow_with_the_children(world, plan, data, login):
    client = login(world.monitor)
    page = reverse("reports:monitoring", args=[plan.pk])
    client.get(page)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as seen:
            assert client.get(page).status_code == 200
        return len(seen)

    def add_children(start, end):
        for n in range(start, end):
            unit = make_unit(f"LĐLĐ huyện mới {n}", parent=world.province, kind=UnitKind.DISTRICT)
            child = make_unit(f"CĐCS mới {n}", parent=unit, code=f"NEW-{n}")
            Report.objects.create(
                plan=plan,
                unit=child,
                state=ReportState.SUBMITTED,
                first_submitted_at=_at(DEADLINE, 9),
            )

    before = count()
    add_children(0, 4)
    # The first read after writes recounts the status cells they marked: a few queries
    # more, as many for 4 new districts as for 8.
    recounting = count()
    assert count() == before
    add_children(4, 12)
    assert count() == recounting
    assert count() == before


def test_a_submission_shows_at_once(world, plan, data, api_client):
    api = api_client(world.monitor)
    url = f"/api/v1/monitoring/{plan.pk}?unit={world.district.pk}"
    assert api.get(url).json()["own"]["missing"] == 1
    Report.objects.create(
        plan=plan, unit=world.district, state=ReportState.SUBMITTED, received_on=TODAY
    )
    own = api.get(url).json()["own"]
    assert (own["missing"], own["late"]) == (0, 1)


def test_the_xlsx_shows_the_tables(world, plan, data, login):
    client = login(world.monitor)
    url = reverse("reports:monitoring_export", args=[plan.pk])
    response = client.get(url, {"unit": world.province.pk})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheets = book.sheetnames
    assert len(sheets) == 4
    rows = [list(r) for r in book[sheets[0]].iter_rows(values_only=True)]
    header = rows[2]
    district = next(r for r in rows if r[1] == world.district.name)
    assert district[header.index("Late")] == 1 and district[header.index("Missing")] == 1
    assert district[header.index("Reporting rate (%)")] == 66.7
    total = rows[-1]
    assert total[1] == "Total" and total[header.index("Expected")] == 5
    fields = [list(r) for r in book[sheets[1]].iter_rows(values_only=True)]
    assert ["Dạy tốt", 2, 2, 1] in fields
    assert login(world.officer_b).get(url).status_code == 404


def test_the_api_gives_the_pages_numbers(world, plan, data, login, api_client):
    page = login(world.monitor).get(reverse("reports:monitoring", args=[plan.pk]))
    text = page.content.decode()
    embedded = re.search(
        r'<script id="monitoring-data" type="application/json">(.*?)</script>', text
    )
    shown = json.loads(embedded.group(1))
    api = api_client(world.monitor).get(f"/api/v1/monitoring/{plan.pk}").json()
    for key in ("total", "own", "children", "fields", "groups", "months", "story_views"):
        assert api[key] == shown[key], key
    # The tables beside the charts hold the same numbers (the district's row).
    assert "66,7%" in text and "33,3%" in text  # the site writes decimals with a comma
    # The charts: the vendored library and the page's script, both under the CSP nonce.
    assert "vendor/chartjs/chart-4.6.1.umd.min" in text and "reports/monitoring" in text
    assert "<script>" not in text


def test_the_tables_rows_show_each_figure_under_its_label(world, plan, data, login):
    """The district's row and the group's row, cell by cell, as a small screen labels them
    (the cells are rendered in Python: reports/templatetags/monitoring_cells.py)."""
    page = login(world.monitor).get(reverse("reports:monitoring", args=[plan.pk]))
    text = page.content.decode()
    district = re.search(
        rf"<tr><th[^>]*><a [^>]*>{re.escape(world.district.name)}</a></th>(.*?)</tr>", text, re.S
    )
    cells = re.findall(r'<td data-label="([^"]+)" class="num">([^<]*)</td>', district.group(1))
    assert cells == [
        ("On time", "1"),
        ("Late", "1"),
        ("Missing", "1"),
        ("Not yet due", "0"),
        ("Exempt", "0"),
        ("Expected", "3"),
        ("Reporting rate", "66,7%"),
        ("On-time rate", "33,3%"),
        ("Dossiers", "4"),
        ("Selected", "1"),
        ("Stories published", "1"),
        ("Meetings (participants)", "2 (22)"),
        ("Seminars hosted (participants)", "1 (40)"),
        ("Seminars attended", "0"),
    ]
    group = re.search(r'id="table-groups".*?<tbody><tr><th[^>]*>[^<]*</th>(.*?)</tr>', text, re.S)
    cells = dict(re.findall(r'<td data-label="([^"]+)" class="num">([^<]*)</td>', group.group(1)))
    assert (cells["On time"], cells["Expected"], cells["Reporting rate"]) == ("2", "2", "100,0%")
    assert cells["Meetings (participants)"] == "1 (15)"
