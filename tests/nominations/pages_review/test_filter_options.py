"""The dossier filters' plan and field options are cached per scope (nominations.queries
FilterForm.options): the next page after any change shows it, nobody sees another scope's
options, and a cached page runs no query for them."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dienhinh.accounts.models import Role
from dienhinh.orgs.domain import move_unit
from dienhinh.plans.domain import copy_plan
from dienhinh.plans.models import Plan, PlanField, PlanStatus
from tests import factories

LIST = reverse("nominations:list")


def _options(client) -> str:
    html = client.get(LIST).content.decode()
    start = html.index('name="plan"')
    return html[start : html.index("</form>", start)]


def _district_plan(world, **fields) -> Plan:
    return Plan.objects.create(
        issuing_unit=world.other_district,
        year=2026,
        number=3,
        title="Kế hoạch của thành phố",
        issued_on=datetime.date(2026, 1, 5),
        report_deadline=datetime.date(2026, 12, 31),
        status=fields.pop("status", PlanStatus.ISSUED),
        **fields,
    )


def test_a_changed_title_a_new_field_and_a_new_plan_show_on_the_next_page(world, plan, login):
    client = login(world.officer_a)
    first = _options(client)
    assert "Tuyên truyền các điển hình tiên tiến" in first and "Lao động sản xuất" in first
    plan.title = "Tuyên truyền gương người tốt"
    plan.save()
    PlanField.objects.create(plan=plan, name="Học tập sáng tạo")
    page = _options(client)
    assert "Tuyên truyền gương người tốt" in page and "Học tập sáng tạo" in page
    assert "Tuyên truyền các điển hình tiên tiến" not in page
    PlanField.objects.filter(plan=plan, name="Học tập sáng tạo").delete()
    assert "Học tập sáng tạo" not in _options(client)
    copy = copy_plan(plan, by=world.fed_admin, year=2018, number=1)
    # A copy is a draft: its issuer's administrator sees it, the officer does not.
    assert "(2018)" not in _options(client)
    assert f"{copy.reference} (2018)" in _options(login(world.fed_admin))


def test_a_granted_role_or_a_moved_unit_changes_the_options_at_once(world, plan, login):
    _district_plan(world)
    client = login(world.officer_a)
    assert "Kế hoạch của thành phố" not in _options(client)
    factories.grant(world.officer_a, world.other_district, Role.REVIEWER)
    assert "Kế hoạch của thành phố" in _options(login(world.officer_a))
    # The district's plan is the city's: moving Trường A's district under the city puts the
    # officer under its issuer, and its plans (addressed to the subtree) reach them.
    reviewer = login(world.reviewer)
    assert "Kế hoạch của thành phố" not in _options(reviewer)
    move_unit(world.district, new_parent=world.other_district, by=world.sysadmin)
    assert "Kế hoạch của thành phố" in _options(reviewer)


def test_each_scope_is_offered_exactly_the_plans_it_sees(world, plan, login):
    _district_plan(world, status=PlanStatus.DRAFT)
    city = factories.UserFactory(email="city@example.vn")
    factories.grant(city, world.other_district, Role.SUBTREE_ADMIN)
    assert "Kế hoạch của thành phố" in _options(login(city))
    # Right after, with the city's options cached: each scope gets its own.
    people = [world.officer_a, world.reviewer, world.editor, world.monitor, world.outsider]
    for person in [*people, city, world.sysadmin]:
        html = _options(login(person))
        offered = {plan.pk for plan in Plan.objects.all() if f'value="{plan.pk}"' in html}
        assert offered == set(Plan.objects.visible_to(person).values_list("pk", flat=True))
    assert "Kế hoạch của thành phố" not in _options(login(world.officer_a))


def test_a_cached_page_runs_no_query_for_the_options(world, plan, login):
    client = login(world.editor)
    client.get(LIST)
    with CaptureQueriesContext(connection) as captured:
        client.get(LIST)
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert "plans_planfield" not in sql
    assert 'FROM "plans_plan"' not in sql
