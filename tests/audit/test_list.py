"""The audit list and its CSV export: who sees what, filters, pagination, no N+1."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from dienhinh.accounts.models import Role
from dienhinh.core import audit
from dienhinh.core.context import Channel, acting_from
from dienhinh.core.models import AuditEntry
from dienhinh.nominations.enums import Action
from dienhinh.nominations.workflow import transition_nomination
from tests.factories import UserFactory, grant
from tests.otp import sign_in

LIST = "/audit/"
EXPORT = "/audit/export.csv"


def actions_on(response) -> list[str]:
    """The action codes of the rows of an audit list page, top to bottom."""
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'class="audit-entry">.*?<span class="muted">([a-z_.]+)</span>', html, re.S)


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def three_actions(world, draft_plan, make_nomination, login, api_client):
    """The issue's acceptance scenario: a plan issued on its page, a dossier returned through
    the API and a role granted on the user's page, each from its own address."""
    monitor_page = login(world.monitor, REMOTE_ADDR="203.113.7.10")
    assert monitor_page.post(f"/plans/{draft_plan.pk}/issue/").status_code == 302

    nomination = make_nomination()
    transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
    reviewer_api = api_client(world.reviewer)
    returned = reviewer_api.post(
        f"/api/v1/nominations/{nomination.pk}/return",
        {"reason": "Bổ sung minh chứng"},
        content_type="application/json",
        REMOTE_ADDR="2001:db8::20",
    )
    assert returned.status_code == 200, returned.content

    admin_page = login(world.fed_admin, REMOTE_ADDR="198.51.100.30")
    granted = admin_page.post(
        f"/account/users/{world.officer_b.pk}/roles/add/",
        {"unit_code": "TV-CL", "role": Role.REVIEWER, "covers_subtree": "on"},
    )
    assert granted.status_code == 302
    return nomination


def test_the_audit_list_shows_issue_return_and_grant_with_address_and_channel(
    world, login, three_actions
):
    response = login(world.sysadmin).get(LIST)
    html = response.content.decode()
    listed = actions_on(response)
    for action in ("plan.issue", "nomination.return", "role.grant"):
        assert action in listed
    assert "Plan issued" in html and "Dossier: Return for revision" in html
    assert "Role granted" in html and "Reviewer, with the units below" in html
    assert "Submitted → Returned for revision" in html
    assert "Reason: Bổ sung minh chứng" in html
    for address in ("203.113.7.10", "2001:db8::20", "198.51.100.30"):
        assert address in html
    assert "Web page" in html and "API" in html
    assert f'href="/dossiers/{three_actions.pk}/"' in html


def test_the_province_monitor_sees_the_subtree_without_addresses(world, login, three_actions):
    response = login(world.monitor).get(LIST)
    listed = actions_on(response)
    assert {"plan.issue", "nomination.return", "role.grant"} <= set(listed)
    html = response.content.decode()
    assert "203.113.7.10" not in html and "Client address" not in html
    assert "Web page" in html


def test_monitors_elsewhere_see_only_their_branch(world, login, three_actions):
    elsewhere = UserFactory(full_name="Lý Văn Khác")
    grant(elsewhere, world.other_district, Role.MONITOR)
    page = login(elsewhere)
    assert actions_on(page.get(LIST)) == []
    assert csv_rows(page.get(EXPORT)) == []
    # Something in their branch: they see it, and only it.
    login(world.fed_admin).post(
        f"/account/users/{world.officer_b.pk}/roles/add/",
        {"unit_code": "TV-TP-C", "role": Role.OFFICER},
    )
    assert actions_on(page.get(LIST)) == ["role.grant"]
    assert "Công đoàn cơ sở Công ty Đồng Tâm" in page.get(LIST).content.decode()


def test_a_monitor_of_one_unit_only_sees_that_unit(world, login, three_actions):
    district_only = UserFactory(full_name="Tô Văn Một")
    grant(district_only, world.district, Role.MONITOR, subtree=False)
    # The role grant was at the district itself; the dossier belongs to unit A below it.
    assert actions_on(login(district_only).get(LIST)) == ["role.grant"]


@pytest.mark.parametrize(
    "persona", ["fed_admin", "editor", "reviewer", "officer_a", "officer_b", "outsider"]
)
def test_everybody_else_gets_404_and_no_menu_entry(world, login, three_actions, persona):
    page = login(getattr(world, persona))
    assert page.get(LIST).status_code == 404
    assert page.get(EXPORT).status_code == 404
    assert 'href="/audit/"' not in page.get("/workspace/").content.decode()


def test_the_menu_shows_the_audit_list_to_monitors_and_system_admins(world, login):
    for person in (world.monitor, world.sysadmin):
        assert 'href="/audit/"' in login(person).get("/workspace/").content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    assert client.get(LIST).status_code == 302


def test_the_csv_export_gives_the_same_rows(world, login, three_actions):
    page = login(world.sysadmin)
    listed = actions_on(page.get(LIST))
    rows = csv_rows(page.get(EXPORT))
    assert [row["Action code"] for row in rows] == listed
    returned = next(row for row in rows if row["Action code"] == "nomination.return")
    assert returned["Done by"] == "Huỳnh Văn Duyệt"
    assert returned["About"] == "Nguyễn Thị Mai"
    assert returned["Unit"] == world.unit_a.name
    assert returned["State before"] == "Submitted"
    assert returned["State after"] == "Returned for revision"
    assert returned["Reason"] == "Bổ sung minh chứng"
    assert (returned["Channel"], returned["Client address"]) == ("API", "2001:db8::20")
    monitor_rows = csv_rows(login(world.monitor).get(EXPORT))
    assert "Client address" not in monitor_rows[0]
    filtered = csv_rows(page.get(EXPORT, {"action": "role.grant"}))
    assert [row["Action code"] for row in filtered] == ["role.grant"]


def test_the_csv_is_in_the_language_of_the_page(world, three_actions):
    from django.test import Client

    vietnamese = Client()
    sign_in(vietnamese, world.sysadmin)
    rows = csv_rows(vietnamese.get(EXPORT, {"action": "plan.issue"}))
    assert rows[0]["Thao tác"] == "Ban hành kế hoạch"
    assert rows[0]["Kênh"] == "Trang web"


def test_a_typed_formula_never_reaches_the_spreadsheet_as_one(world, login, make_nomination):
    nomination = make_nomination()
    transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
    from dienhinh.nominations.workflow import Decision

    transition_nomination(
        nomination,
        action=Action.RETURN,
        by=world.reviewer,
        decision=Decision(reason='=HYPERLINK("http://x","bấm")'),
    )
    rows = csv_rows(login(world.sysadmin).get(EXPORT, {"action": "nomination.return"}))
    assert rows[0]["Reason"] == '\'=HYPERLINK("http://x","bấm")'


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"action": "role.grant"}, ["role.grant"]),
        # Huỳnh Văn Duyệt without diacritics: the return, and the token the API call used.
        ({"actor": "duyet"}, ["nomination.return", "token.create"]),
        ({"actor": "monitor@example"}, ["plan.issue"]),
        ({"unit": "TV-CL-A"}, ["nomination.return", "nomination.submit"]),
        ({"unit": "tv-cl"}, ["role.grant"]),
        (
            {"unit": "TV-CL", "subtree": "on"},
            ["role.grant", "nomination.return", "nomination.submit"],
        ),
        ({"channel": "api"}, ["nomination.return"]),
        ({"channel": "command"}, ["token.create", "nomination.submit"]),
    ],
)
def test_filters(world, login, three_actions, filters, expected):
    assert actions_on(login(world.sysadmin).get(LIST, filters)) == expected


def test_date_filters_use_the_local_day(world, login, three_actions):
    page = login(world.sysadmin)
    today = datetime.date.today()
    assert len(actions_on(page.get(LIST, {"date_from": today, "date_to": today}))) == 5
    tomorrow = today + datetime.timedelta(days=1)
    assert actions_on(page.get(LIST, {"date_from": tomorrow})) == []
    assert actions_on(page.get(LIST, {"date_to": today - datetime.timedelta(days=1)})) == []
    # The Vietnamese way of typing a date works too.
    assert len(actions_on(page.get(LIST, {"date_from": today.strftime("%d/%m/%Y")}))) == 5


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"unit": "TV-XX"}, "No unit you can see has the code TV-XX."),
        ({"date_from": "31/02/2026"}, "Enter a valid date."),
        ({"date_from": "01/01/0001"}, "Enter a date between 1900 and 2999."),
        ({"date_from": "2026-05-02", "date_to": "2026-05-01"}, "The end date is before"),
        ({"channel": "fax"}, "Select a valid choice."),
    ],
)
def test_a_bad_filter_says_so_and_shows_nothing(world, login, three_actions, filters, message):
    response = login(world.sysadmin).get(LIST, filters)
    assert message in response.content.decode()
    assert actions_on(response) == []
    assert csv_rows(login(world.sysadmin).get(EXPORT, filters)) == []


def test_a_monitor_cannot_filter_on_a_unit_outside_their_scope(world, login, three_actions):
    elsewhere = UserFactory()
    grant(elsewhere, world.other_district, Role.MONITOR)
    response = login(elsewhere).get(LIST, {"unit": "TV-CL-A"})
    assert "No unit you can see has the code TV-CL-A." in response.content.decode()


def _entries(world, count: int) -> None:
    with transaction.atomic(), acting_from(channel=Channel.WEB, address="192.0.2.1"):
        for number in range(count):
            audit.record(
                "role.grant",
                actor=world.fed_admin,
                target=world.officer_a,
                unit=world.unit_a,
                extra={"role": "officer", "covers_subtree": False, "n": number},
            )


def test_fifty_entries_a_page_and_the_filters_stay_in_the_page_links(world, login):
    _entries(world, 51)
    page = login(world.sysadmin)
    first = page.get(LIST, {"channel": "web"})
    assert len(actions_on(first)) == 50
    assert "?channel=web&amp;page=2" in first.content.decode()
    assert len(actions_on(page.get(LIST, {"channel": "web", "page": 2}))) == 1
    assert page.get(LIST, {"page": "junk"}).status_code == 200
    assert len(csv_rows(page.get(EXPORT, {"channel": "web"}))) == 51


@pytest.mark.parametrize("persona", ["sysadmin", "monitor"])
def test_the_list_costs_the_same_queries_for_1_and_3_entries_and_pages(
    world, login, django_assert_num_queries, persona
):
    page = login(getattr(world, persona))
    _entries(world, 1)
    page.get(LIST)  # content types and the session are loaded once
    with CaptureQueriesContext(connection) as one:
        assert len(actions_on(page.get(LIST))) == 1
    _entries(world, 2)
    with django_assert_num_queries(len(one)):
        assert len(actions_on(page.get(LIST))) == 3
    _entries(world, 147)  # three pages
    with django_assert_num_queries(len(one)):
        assert len(actions_on(page.get(LIST, {"page": 3}))) == 50
    with django_assert_num_queries(len(one)):
        assert len(actions_on(page.get(LIST, {"page": 1}))) == 50


def test_entries_keep_the_unit_as_it_was(world, login, three_actions):
    """After the district is renamed and moved, its old entries keep its old name and stay
    with the branch they happened in."""
    from dienhinh.orgs.domain import move_unit, update_unit

    update_unit(world.district, by=world.sysadmin, name="Liên đoàn Lao động huyện Càng Long mới")
    entry = AuditEntry.objects.get(action="role.grant")
    assert entry.unit_name == "Liên đoàn Lao động huyện Càng Long"
    move_unit(world.unit_a, new_parent=world.other_district, by=world.sysadmin)
    moved_monitor = UserFactory()
    grant(moved_monitor, world.other_district, Role.MONITOR)
    # The earlier return of unit A's dossier stays with Càng Long's branch.
    assert "nomination.return" not in actions_on(login(moved_monitor).get(LIST))
    assert "unit.move" in actions_on(login(moved_monitor).get(LIST))
