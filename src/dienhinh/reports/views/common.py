"""Lookups the report pages share: every one goes through the visibility functions, so a
unit outside the user's scope, or a plan they do not see, is a 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.reports.domain import is_reporting_unit
from dienhinh.reports.models import Report


def visible_plan(user, plan_id: int) -> Plan:
    plan = get_object_or_404(
        Plan.objects.visible_to(user).select_related("issuing_unit"), pk=plan_id
    )
    # A draft plan's report pages show that nothing is due yet (its planners see it).
    return plan


def plan_and_unit(user, plan_id: int, unit_id: int) -> tuple[Plan, OrgUnit, Report | None]:
    """The plan, the reporting unit and its report (None when not started), or 404."""
    plan = visible_plan(user, plan_id)
    unit = get_object_or_404(OrgUnit.objects.visible_to(user), pk=unit_id)
    if unit.pk != plan.issuing_unit_id and not is_reporting_unit(plan, unit):
        raise Http404
    report = (
        Report.objects.visible_to(user)
        .select_related("last_version", "plan__issuing_unit", "unit")
        .filter(plan=plan, unit=unit)
        .first()
    )
    return plan, unit, report


def visible_report(user, pk: int) -> Report:
    return get_object_or_404(
        Report.objects.visible_to(user).select_related("plan__issuing_unit", "unit"), pk=pk
    )
