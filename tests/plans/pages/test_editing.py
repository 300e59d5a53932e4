"""The domain functions behind the plan form: permission, drafts only, atomic."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dienhinh.nominations.models import Nomination
from dienhinh.plans.editing import (
    BasisInput,
    CriterionInput,
    FieldInput,
    create_movement,
    create_plan,
    update_plan,
)
from dienhinh.plans.models import Plan

VALUES = {
    "year": 2017,
    "number": 57,
    "title": "Tuyên truyền",
    "nomination_deadline": datetime.date(2017, 11, 30),
    "report_deadline": datetime.date(2017, 12, 15),
}


def test_create_plan_needs_the_planner_permission(world):
    with pytest.raises(PermissionDenied):
        create_plan(by=world.reviewer, issuing_unit=world.district, **VALUES)
    assert not Plan.objects.exists()


def test_create_movement_needs_the_planner_permission(world):
    with pytest.raises(PermissionDenied):
        create_movement(
            by=world.editor,
            launched_by=world.province,
            name="X",
            kind="regular",
            starts_on=datetime.date(2017, 1, 1),
        )


def test_update_plan_refuses_issued_plans(world, issued):
    with pytest.raises(PermissionDenied):
        update_plan(issued, by=world.monitor, bases=[], fields=[], criteria=[], **VALUES)


def test_a_failing_update_changes_nothing(world, draft):
    with pytest.raises(ValidationError):
        update_plan(
            draft,
            by=world.monitor,
            bases=[BasisInput(text="Mới")],
            fields=[FieldInput(name="Mới")],
            criteria=[CriterionInput(text="Mới")],
            **{**VALUES, "report_deadline": datetime.date(2017, 1, 1)},
        )
    draft.refresh_from_db()
    assert draft.title != "Tuyên truyền"
    assert list(draft.bases.values_list("text", flat=True)) != ["Mới"]


def test_a_field_used_by_a_dossier_cannot_be_removed(world, draft):
    field = draft.plan_fields.get()
    Nomination.objects.create(
        plan=draft,
        nominating_unit=world.unit_a,
        subject_kind="individual",
        full_name="Nguyễn Văn Mẫu",
        headline="Gương sáng",
        field=field,
        created_by=world.officer_a,
    )
    with pytest.raises(ValidationError, match="already used by a dossier"):
        update_plan(draft, by=world.monitor, bases=[], fields=[], criteria=[], **VALUES)
    assert draft.plan_fields.filter(pk=field.pk).exists()
    draft.refresh_from_db()
    assert draft.title != "Tuyên truyền"
