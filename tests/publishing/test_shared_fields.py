"""Shared fields (lĩnh vực across plans): the data migration's linking, plan editing and copy
keep the link, slugs are unique site-wide."""

import datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dienhinh.plans.domain import copy_plan
from dienhinh.plans.editing import FieldInput, update_plan
from dienhinh.plans.fields import free_slug, link_plan_fields, shared_field_for
from dienhinh.plans.models import Plan, PlanField, PlanStatus, SharedField


def draft_plan(world, unit=None, number=57, year=2017, fields=("Dạy tốt", "Học tốt")) -> Plan:
    plan = Plan.objects.create(
        issuing_unit=unit or world.province,
        year=year,
        number=number,
        title="Tuyên truyền điển hình",
        nomination_deadline=datetime.date(2017, 11, 30),
        report_deadline=datetime.date(2017, 12, 15),
        status=PlanStatus.DRAFT,
    )
    PlanField.objects.bulk_create(  # as old data: no shared field
        [PlanField(plan=plan, position=i, name=name) for i, name in enumerate(fields)]
    )
    return plan


def test_linking_the_existing_fields_makes_one_shared_field_per_unit_and_name(world):
    old = draft_plan(world, fields=("Dạy tốt", "Học tốt"))
    new = draft_plan(world, number=12, year=2026, fields=("dạy tốt", "Lao động giỏi"))
    district = draft_plan(world, unit=world.district, number=3, fields=("Dạy tốt",))
    assert link_plan_fields() == 5
    assert link_plan_fields() == 0  # safe to run again
    teach = old.plan_fields.get(name="Dạy tốt").shared
    assert new.plan_fields.get(name="dạy tốt").shared == teach  # the same field, case aside
    assert teach.unit == world.province and teach.slug == "day-tot"
    other = district.plan_fields.get().shared
    assert other != teach and other.slug == "day-tot-2"  # slugs are unique site-wide
    assert list(
        SharedField.objects.filter(unit=world.province).values_list("name", "position")
    ) == [
        ("Dạy tốt", 1),
        ("Học tốt", 2),
        ("Lao động giỏi", 3),
    ]


def test_the_data_migration_links_what_existed(world):
    draft_plan(world, fields=("Người tốt, việc tốt",))
    executor = MigrationExecutor(connection)
    state = executor.loader.project_state(("plans", "0004_link_plan_fields"))
    migration = executor.loader.get_migration("plans", "0004_link_plan_fields")
    forward = migration.operations[0].code
    forward(state.apps, None)
    assert PlanField.objects.get().shared.slug == "nguoi-tot-viec-tot"


def test_editing_and_copying_a_plan_keep_the_link(world):
    plan = draft_plan(world, fields=("Dạy tốt",))
    link_plan_fields()
    row = plan.plan_fields.get()
    teach = row.shared
    update_plan(
        plan,
        by=world.monitor,
        bases=[],
        fields=[FieldInput(name="Dạy tốt", pk=row.pk), FieldInput(name="Đảm việc nhà")],
        criteria=[],
    )
    names = dict(plan.plan_fields.values_list("name", "shared__name"))
    assert names == {"Dạy tốt": "Dạy tốt", "Đảm việc nhà": "Đảm việc nhà"}
    assert plan.plan_fields.get(name="Dạy tốt").shared == teach
    copy = copy_plan(plan, by=world.monitor, number=99)
    assert {f.name: f.shared for f in copy.plan_fields.all()} == {
        f.name: f.shared for f in plan.plan_fields.all()
    }


def test_a_field_saved_any_other_way_is_linked_too(world, plan):
    assert plan.plan_fields.get().shared.name == "Lao động sản xuất"
    assert (
        shared_field_for(world.province, " Lao   động sản xuất ") == plan.plan_fields.get().shared
    )


def test_free_slug_counts_up():
    taken = {"day-tot", "day-tot-2"}
    assert free_slug("Dạy tốt", taken.__contains__) == "day-tot-3"
    assert free_slug("???", taken.__contains__) == "linh-vuc"
