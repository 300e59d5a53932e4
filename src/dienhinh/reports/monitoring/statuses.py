"""Where every expected unit stands, counted in SQL: the same rule as reports.status.status_of
written as one CASE over the unit and its report, so a subtree of 100,000 units is counted
by the database in one GROUP BY instead of loaded row by row."""

from django.db.models import Case, CharField, Count, F, FilteredRelation, Q, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from dienhinh.orgs.models import EmulationGroup, OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.plans.reporting import on_time_until
from dienhinh.reports.enums import ReportState, Timeliness
from dienhinh.reports.expected import expected_units
from dienhinh.reports.timing import end_of_day, is_overdue


def status_case(plan: Plan, *, now=None) -> Case:
    """Timeliness of the unit's report on ``plan`` (the relation ``plan_report``)."""
    last_on_time = on_time_until(plan)
    unsent = (
        Timeliness.MISSING if is_overdue(plan, now or timezone.now()) else Timeliness.NOT_YET_DUE
    )
    return Case(
        When(plan_report__state=ReportState.EXEMPT, then=Value(Timeliness.EXEMPT.value)),
        When(plan_report__state=ReportState.MISSING, then=Value(Timeliness.CLOSED.value)),
        When(
            plan_report__first_submitted_at__lte=end_of_day(last_on_time),
            then=Value(Timeliness.ON_TIME.value),
        ),
        When(plan_report__first_submitted_at__isnull=False, then=Value(Timeliness.LATE.value)),
        When(plan_report__received_on__lte=last_on_time, then=Value(Timeliness.ON_TIME.value)),
        When(plan_report__received_on__isnull=False, then=Value(Timeliness.LATE.value)),
        default=Value(unsent.value),
        output_field=CharField(),
    )


def expected_with_status(plan: Plan, within: OrgUnit):
    """The expected units of ``within``'s subtree (itself included), each with ``status``."""
    return (
        expected_units(plan)
        .filter(path__startswith=within.path)
        .order_by()
        .annotate(plan_report=FilteredRelation("reports", condition=Q(reports__plan=plan)))
        .annotate(status=status_case(plan))
    )


def status_by_prefix(plan: Plan, within: OrgUnit, length: int) -> list[dict]:
    """Rows {prefix, depth, status, n}: the expected units counted by the first ``length``
    characters of their path (a child of ``within`` and its subtree share a prefix; the
    unit itself has its own shorter path), their depth and their status. One query."""
    return list(
        expected_with_status(plan, within)
        .annotate(prefix=Substr("path", 1, length))
        .values("prefix", "depth", "status")
        .annotate(n=Count("pk"))
    )


def groups_of_year(plan: Plan, within: OrgUnit):
    """The emulation groups of the plan's year that ``within`` or a unit above it organises
    (a province's clusters on the province's board and below it, not on the country's), as
    a subquery: the planner then reaches the memberships by unit rather than trying every
    group for every row."""
    step = OrgUnit.steplen
    above = [within.path[:end] for end in range(step, len(within.path) + 1, step)]
    return EmulationGroup.objects.filter(year=plan.year, organizer__path__in=above).values("pk")


def status_by_group(plan: Plan, within: OrgUnit) -> list[dict]:
    """Rows {member_of, status, n}: the expected units of the subtree that belong to an
    emulation group of the plan's year, counted by group and status. One query."""
    return list(
        expected_with_status(plan, within)
        .filter(group_memberships__group__in=groups_of_year(plan, within))
        .annotate(member_of=F("group_memberships__group_id"))
        .values("member_of", "status")
        .annotate(n=Count("pk"))
    )
