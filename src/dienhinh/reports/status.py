"""Where each expected unit stands on a plan: on time, late, missing, not yet due, exempt or
closed as missing — one query for the units and one for their reports."""

from dataclasses import dataclass

from django.utils import timezone

from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.reports.enums import ReportState, Timeliness
from dienhinh.reports.expected import expected_units
from dienhinh.reports.models import Report
from dienhinh.reports.timing import is_overdue, timeliness


@dataclass
class StatusRow:
    unit: OrgUnit
    report: Report | None
    status: str

    @property
    def status_label(self) -> str:
        return Timeliness(self.status).label


def status_of(plan: Plan, report: Report | None, *, now=None) -> str:
    """The Timeliness of one expected unit's report (None: no report row yet)."""
    if report is not None:
        if report.state == ReportState.EXEMPT:
            return Timeliness.EXEMPT
        if report.state == ReportState.MISSING:
            return Timeliness.CLOSED
        counted = report.counted_from
        if counted is not None:
            return timeliness(plan, counted) or Timeliness.LATE
    return Timeliness.MISSING if is_overdue(plan, now or timezone.now()) else Timeliness.NOT_YET_DUE


def _common_path(units) -> str:
    """The path of the deepest unit above (or equal to) every one of ``units``."""
    paths = [u.path for u in units]
    low, high = min(paths), max(paths)  # what every path shares, these two share
    same = next(
        (i for i, (a, b) in enumerate(zip(low, high, strict=False)) if a != b),
        min(len(low), len(high)),
    )
    return low[: same - same % OrgUnit.steplen]


def plan_status(plan: Plan, *, within: OrgUnit | None = None, units=None) -> list[StatusRow]:
    """A row per expected unit (under ``within`` when given, or of ``units``), by path."""
    now = timezone.now()
    if units is None:
        qs = expected_units(plan)
        if within is not None:
            qs = qs.filter(path__startswith=within.path).exclude(pk=within.pk)
        units = list(qs)
    found = Report.objects.filter(plan=plan).select_related("last_version")
    if within is not None:
        found = found.filter(unit__path__startswith=within.path)
    elif len(units) < 500:
        found = found.filter(unit__in=[u.pk for u in units])
    elif units:
        # Many units (a province of a national plan): the reports under their common
        # ancestor, not every report of the plan.
        found = found.filter(unit__path__startswith=_common_path(units))
    reports = {r.unit_id: r for r in found}
    return [
        StatusRow(unit, reports.get(unit.pk), status_of(plan, reports.get(unit.pk), now=now))
        for unit in units
    ]
