"""Channel and client address come from the context: web pages, the API, tasks, commands."""

import importlib
import pkgutil

import pytest
from django.core.management import call_command
from django.tasks import Task

import dienhinh
from dienhinh.accounts.models import Role
from dienhinh.core.context import Channel, acting_from
from dienhinh.core.models import AuditEntry
from dienhinh.nominations.enums import Action
from dienhinh.nominations.workflow import transition_nomination
from dienhinh.plans.domain import issue_plan
from dienhinh.plans.models import PlanStatus
from tests.audit.conftest import only_entry
from tests.importing.conftest import HEADER, xlsx_bytes


def test_a_page_writes_web_with_the_remote_address(world, login):
    page = login(world.fed_admin, REMOTE_ADDR="203.113.7.21")
    response = page.post(
        f"/account/users/{world.officer_b.pk}/roles/add/",
        {"unit_code": "TV-CL", "role": Role.REVIEWER, "covers_subtree": "on"},
    )
    assert response.status_code == 302
    entry = only_entry(action="role.grant")
    assert (entry.channel, entry.address) == (Channel.WEB, "203.113.7.21")
    assert entry.actor == world.fed_admin


def test_the_api_writes_api(world, make_nomination, api_client):
    nomination = make_nomination()
    client = api_client(world.officer_a)
    response = client.post(
        f"/api/v1/nominations/{nomination.pk}/submit",
        content_type="application/json",
        REMOTE_ADDR="2001:db8::7",
    )
    assert response.status_code == 200, response.content
    entry = only_entry(action="nomination.submit")
    assert (entry.channel, entry.address) == (Channel.API, "2001:db8::7")
    # The token the fixture created is an entry too, written outside any request.
    assert only_entry(action="token.create").channel == Channel.COMMAND


def test_forwarded_for_counts_only_behind_trusted_proxies(world, login, settings):
    headers = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.9, 10.0.0.1"}
    page = login(world.officer_a, **headers)
    page.post("/account/profile/tokens/", {"name": "không proxy"})
    settings.TRUSTED_PROXY_COUNT = 2
    page.post("/account/profile/tokens/", {"name": "sau proxy"})
    addresses = dict(AuditEntry.objects.values_list("extra__name", "address"))
    assert addresses == {"không proxy": "10.0.0.2", "sau proxy": "198.51.100.9"}


def test_a_forged_address_is_not_stored(world, login, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    page = login(world.officer_a, HTTP_X_FORWARDED_FOR="<script>, not-an-ip")
    page.post("/account/profile/tokens/", {"name": "lạ"})
    entry = only_entry(action="token.create")
    assert entry.address is None and entry.channel == Channel.WEB


@pytest.mark.parametrize(
    ("sent", "stored"),
    [("fe80::1%eth0", "fe80::1"), ("::ffff:192.0.2.1", "::ffff:192.0.2.1"), ("", None)],
)
def test_addresses_are_stored_as_the_database_takes_them(world, login, sent, stored):
    login(world.officer_a, REMOTE_ADDR=sent).post("/account/profile/tokens/", {"name": "t"})
    assert only_entry(action="token.create").address == stored


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_a_task_writes_task_even_when_enqueued_by_a_request(world, plan, immediate_tasks):
    from tests.audit.tasks import close_plan_later

    close_plan_later.enqueue(plan.pk, world.monitor.pk)
    entry = only_entry(action="plan.close")
    assert (entry.channel, entry.address, entry.actor) == (Channel.TASK, None, world.monitor)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED


def test_calling_the_task_function_writes_task(world, plan):
    from tests.audit.tasks import close_plan_later

    assert close_plan_later.call(plan.pk, world.monitor.pk) == PlanStatus.CLOSED
    assert only_entry(action="plan.close").channel == Channel.TASK


def test_a_task_run_inside_a_request_is_a_task_and_the_request_stays_web(world, plan, draft_plan):
    """With the immediate backend a task runs inside the request that enqueued it: what it
    records says "task", and what the request records after it still says "web"."""
    from tests.audit.tasks import close_plan_later

    with acting_from(channel=Channel.WEB, address="192.0.2.4"):
        close_plan_later.call(plan.pk, world.monitor.pk)
        issue_plan(draft_plan, by=world.monitor)
    assert only_entry(action="plan.close").channel == Channel.TASK
    issued = only_entry(action="plan.issue")
    assert (issued.channel, issued.address) == (Channel.WEB, "192.0.2.4")


def test_every_task_function_of_the_project_is_marked_as_a_task():
    tasks = []
    for module in pkgutil.walk_packages(dienhinh.__path__, "dienhinh."):
        if module.name.endswith(".tasks"):
            found = importlib.import_module(module.name)
            tasks += [value for value in vars(found).values() if isinstance(value, Task)]
    assert len(tasks) >= 3
    assert all(getattr(t.func, "acts_as_task", False) for t in tasks), [
        t.name for t in tasks if not getattr(t.func, "acts_as_task", False)
    ]


def test_a_management_command_writes_command(world, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    path = tmp_path / "units.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [
                HEADER,
                ["TV-CL-N", "Công đoàn cơ sở Trường Mầm non Hoa Sen", "", "", "grassroots", ""],
                ["TV-CL-N-1", "Tổ công đoàn Giáo viên", "", "TV-CL-N", "group", ""],
            ]
        )
    )
    call_command("import_units", str(path), "--parent", "TV-CL", "--as", world.fed_admin.email)
    entry = only_entry(action="import.apply")
    assert (entry.channel, entry.address, entry.actor) == (Channel.COMMAND, None, world.fed_admin)
    assert (entry.unit_id, entry.target_id) == (world.district.pk, world.district.pk)
    assert entry.extra["created"] == 2 and entry.extra["rows"] == 2
    assert entry.extra["codes"]["created"] == ["TV-CL-N", "TV-CL-N-1"]
    # One entry for the whole file, none per row.
    assert not AuditEntry.objects.filter(action__startswith="unit.").exists()


def test_a_transition_in_the_shell_is_a_command(world, make_nomination):
    transition_nomination(make_nomination(), action=Action.SUBMIT, by=world.officer_a)
    assert only_entry(action="nomination.submit").channel == Channel.COMMAND
