"""What the reports app shows on other pages: the plan page's reports panel and the
workspace home's "reports due" panel. Each provider returns a Panel, or None."""

import datetime

from django.db.models import Q
from django.utils import timezone

from dienhinh.accounts.scope import assignments, is_system_admin
from dienhinh.core.hooks import Panel
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan, PlanStatus
from dienhinh.plans.reporting import report_rules
from dienhinh.reports.enums import EDITABLE
from dienhinh.reports.models import Report
from dienhinh.reports.monitoring.access import entry_unit
from dienhinh.reports.roles import WRITER_ROLES, monitors

HOME_ITEMS = 5


def plan_reports(request, *, plan: Plan) -> Panel | None:
    """On an issued plan's page: the reporting rules, the link to the user's own units'
    reports and, for monitors, to the list of every unit's status."""
    if plan.status == PlanStatus.DRAFT:
        return None
    user = request.user
    own = [a.unit for a in assignments(user) if a.role in WRITER_ROLES]
    return Panel(
        "reports/_plan_panel.html",
        {
            "plan": plan,
            "rules": report_rules(plan),
            "own_units": own[:5],
            "is_monitor": monitors(user, plan.issuing_unit),
            "can_monitor": entry_unit(plan, user) is not None,
        },
    )


def reports_due(user) -> list[dict]:
    """The reports the user's units still owe on issued plans whose cut-off has not
    passed: one row per (plan, unit), soonest deadline first. A few queries, one more per
    plan sent to chosen units, however many units the person writes for."""
    if is_system_admin(user):
        return []  # the system administrator reports for nobody
    units = {a.unit_id: a.unit for a in assignments(user) if a.role in WRITER_ROLES}
    if not units:
        return []
    today = timezone.localdate()
    plans = Plan.objects.filter(status=PlanStatus.ISSUED, report_deadline__gte=today - _LATE)
    path_match = Q()
    for unit in units.values():
        path_match |= Q(issuing_unit__path__in=_ancestors(unit))
    plans = list(
        plans.filter(path_match).select_related("issuing_unit").order_by("report_deadline")
    )
    if not plans:
        return []
    done = set(
        Report.objects.filter(plan__in=plans, unit__in=list(units))
        .exclude(state__in=EDITABLE)
        .values_list("plan_id", "unit_id")
    )
    reached = _reached(plans, units)
    rows = []
    for plan in plans:
        if today > plan.report_last_day:
            continue
        for unit in units.values():
            if unit.kind not in plan.report_kinds or unit.pk == plan.issuing_unit_id:
                continue
            if not unit.path.startswith(plan.issuing_unit.path):
                continue
            if (plan.pk, unit.pk) in done:
                continue
            if plan.targets_chosen_units and unit.pk not in reached[plan.pk]:
                continue
            rows.append({"plan": plan, "unit": unit, "overdue": today > plan.report_deadline})
    return rows


def _reached(plans: list[Plan], units: dict[int, OrgUnit]) -> dict[int, set[int]]:
    """For each plan sent to chosen units, which of ``units`` it reaches (the chosen units'
    subtrees); two queries per such plan (its chosen units, the units reached), not one per
    plan and unit."""
    from dienhinh.plans.targets import target_units

    return {
        plan.pk: set(target_units(plan).filter(pk__in=list(units)).values_list("pk", flat=True))
        for plan in plans
        if plan.targets_chosen_units
    }


def _ancestors(unit: OrgUnit) -> list[str]:
    step = OrgUnit.steplen
    return [unit.path[:end] for end in range(step, len(unit.path), step)]


# Plans whose deadline is this far behind may still take late reports (the cut-off).
_LATE = datetime.timedelta(days=120)


def home_reports_due(request) -> Panel | None:
    rows = reports_due(request.user)
    if not rows:
        return None
    return Panel("reports/_home_due.html", {"due": rows[:HOME_ITEMS], "due_total": len(rows)})
