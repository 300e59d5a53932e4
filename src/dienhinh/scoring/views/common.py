"""Lookups the scoring pages share: every one goes through the visibility functions, so a
plan the user does not see, a unit outside their scope or an item of another plan is a 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.scoring.compute import describe, results_of
from dienhinh.scoring.models import Rubric, RubricItem


def visible_plan(user, plan_id: int) -> Plan:
    return get_object_or_404(
        Plan.objects.visible_to(user).select_related("issuing_unit"), pk=plan_id
    )


def visible_rubric(user, plan_id: int) -> Rubric:
    plan = visible_plan(user, plan_id)
    rubric = Rubric.objects.filter(plan=plan).select_related("last_version").first()
    if rubric is None:
        raise Http404
    rubric.plan = plan
    return rubric


def visible_item(user, item_id: int) -> RubricItem:
    return get_object_or_404(
        RubricItem.objects.filter(rubric__in=Rubric.objects.visible_to(user)).select_related(
            "rubric__plan__issuing_unit", "parent"
        ),
        pk=item_id,
    )


def unit_row(user, plan_id: int, unit_id: int):
    """The rubric, the unit (in the user's scope) and its row of the results (frozen or
    live), or 404 when the unit is not scored on the plan."""
    rubric = visible_rubric(user, plan_id)
    unit = get_object_or_404(OrgUnit.objects.visible_to(user), pk=unit_id)
    # Only this unit and the members of its groups are computed (its ranks need them).
    results, frozen = results_of(rubric, unit=unit)
    row = next((r for r in results["units"] if r["unit"]["id"] == unit.pk), None)
    if row is None:
        raise Http404
    return rubric, unit, results, describe(row), frozen
