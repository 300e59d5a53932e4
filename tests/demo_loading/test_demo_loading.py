"""Loading the demo: into an empty database by the command, next to an existing national root,
refused on a conflicting code, and without email for the history. Each test needs a database
of its own (empty, or committed for the worker), not the folder-wide load of tests/demo."""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from dienhinh.accounts.models import User
from dienhinh.demo.loader import DemoConflict, load_demo
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan

EMAIL = "@demo.dienhinh.vn"


def run_command(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def parent_of(unit: OrgUnit) -> OrgUnit:
    return OrgUnit.objects.get_parent(unit)


def this_years_plan() -> Plan:
    return Plan.objects.get(issuing_unit__code="TV", year=timezone.localdate().year, number=12)


def test_command_loads_an_empty_database_and_prints_the_logins(db):
    out = run_command("--if-empty")
    assert "Demo data loaded" in out
    assert f"coso1{EMAIL}" in out and f"admin{EMAIL}" in out
    assert settings.DEMO_PASSWORD in out
    assert OrgUnit.objects.filter(code="TV").exists()
    assert User.objects.get(email=f"coso1{EMAIL}").check_password(settings.DEMO_PASSWORD)


def test_if_empty_does_nothing_on_a_non_empty_database(db):
    OrgUnit.objects.add_root(
        instance=OrgUnit(code="X1", name="Liên đoàn Lao động thành phố Hà Nội", kind="province")
    )
    out = run_command("--if-empty")
    assert "demo data not loaded" in out
    assert list(OrgUnit.objects.values_list("code", flat=True)) == ["X1"]
    assert not User.objects.exists()


def test_command_reuses_a_national_root_and_keeps_a_configured_password_unprinted(db, settings):
    """Two cases in one load (each load costs seconds on both databases): a database that
    already holds the national root, and a password set by the operator."""
    root = OrgUnit.objects.add_root(
        instance=OrgUnit(code="TLD", name="Tổng Liên đoàn Lao động Việt Nam", kind="national")
    )
    settings.DEMO_PASSWORD = "a-private-demo-secret"
    out = run_command()
    assert "a-private-demo-secret" not in out
    assert "DIENHINH_DEMO_PASSWORD" in out
    assert User.objects.get(email=f"theodoi{EMAIL}").check_password("a-private-demo-secret")
    assert OrgUnit.objects.get_root_nodes().count() == 1
    assert parent_of(OrgUnit.objects.get(code="TV")) == root
    # The summary counts the units it made, not the root it found.
    assert f"Demo data loaded: {OrgUnit.objects.count() - 1} units," in out


def test_conflicting_code_loads_nothing(db):
    OrgUnit.objects.add_root(
        instance=OrgUnit(code="TV-CL", name="Một đơn vị khác", kind="province")
    )
    with pytest.raises(DemoConflict, match="TV-CL"):
        load_demo(password=settings.DEMO_PASSWORD)
    with pytest.raises(CommandError, match="TV-CL"):
        run_command()
    assert OrgUnit.objects.count() == 1
    assert not User.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker closes its connection, as in production
def test_loading_sends_no_email_but_keeps_the_reminders_of_this_years_plan():
    load_demo(password=settings.DEMO_PASSWORD)
    assert DBTaskResult.objects.ready().exists()  # the notifications were queued …
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert mail.outbox == []  # … and found the history already notified
    assert not DBTaskResult.objects.ready().exists()
    reminders = DBTaskResult.objects.filter(task_path__endswith="send_reminders_task")
    plan = this_years_plan()
    assert sorted(timezone.localtime(r.run_after).date() for r in reminders) == [
        plan.nomination_deadline - datetime.timedelta(days=7),
        plan.nomination_deadline - datetime.timedelta(days=1),
    ]
