"""Who is expected to report, and who reports to whom.

Expected units: the plan's target units of the plan's reporting kinds that exist and are
active on the report deadline — founded (``valid_from``) on or before it and not closed
(``valid_to``) before it; a unit without a closing date counts as long as it is active. A
unit closed mid-period is therefore not expected, unless it reported anyway: then it counts,
in the expected set and among the reporters alike. Exempted units stay listed but leave the
rate's denominator. Rates are reported / (expected − exempt) over the same set of units, so
they never exceed 100%.

Roll-up: a unit's children are the expected units below it with no expected unit in between
(the reporting units directly below it, or the nearest reporting descendants when a level
does not report). A unit reports to its nearest expected ancestor, or to the plan's issuing
unit when there is none; that upper unit accepts or returns its report.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.plans.targets import target_units
from dienhinh.reports.models import Report


def _active_on(day) -> Q:
    founded = Q(valid_from__isnull=True) | Q(valid_from__lte=day)
    open_ = Q(valid_to__gte=day) | (Q(valid_to__isnull=True) & Q(is_active=True))
    return founded & open_


def reported_filter(plan: Plan) -> Q:
    """Reports that were submitted or received (whatever their state since)."""
    return Q(plan=plan) & (Q(first_submitted_at__isnull=False) | Q(received_on__isnull=False))


def expected_units(plan: Plan, *, among: Q | None = None) -> QuerySet:
    """The units expected to report on ``plan`` (see the module docstring), by path;
    ``among``: of the units matching it only (a few districts: the reports looked at are
    theirs, not the whole plan's)."""
    reported = Report.objects.filter(reported_filter(plan))
    units = target_units(plan).filter(kind__in=plan.report_kinds)
    if among is not None:
        units = units.filter(among)
        reported = reported.filter(unit__in=OrgUnit.objects.filter(among).values("pk"))
    return units.filter(
        _active_on(plan.report_deadline) | Q(pk__in=reported.values("unit_id"))
    ).order_by("path")


def is_expected(plan: Plan, unit: OrgUnit) -> bool:
    return expected_units(plan).filter(pk=unit.pk).exists()


def _nearest_below(root_path: str, paths: list[str]) -> list[str]:
    """Of ``paths`` (sorted, all strictly under ``root_path``), those with no other path of
    the list between them and the root."""
    chosen: list[str] = []
    for path in paths:
        if chosen and path.startswith(chosen[-1]):
            continue  # below a child already chosen
        chosen.append(path)
    return chosen


def rollup_children(plan: Plan, unit: OrgUnit) -> list[OrgUnit]:
    """The units whose reports ``unit`` rolls up (one query)."""
    below = list(expected_units(plan).filter(path__startswith=unit.path).exclude(pk=unit.pk))
    keep = set(_nearest_below(unit.path, [u.path for u in below]))
    return [u for u in below if u.path in keep]


def upper_unit(plan: Plan, unit: OrgUnit) -> OrgUnit:
    """The unit that accepts or returns ``unit``'s report: its nearest expected ancestor
    below the issuing unit, else the issuing unit."""
    issuer = plan.issuing_unit
    step = OrgUnit.steplen
    between = [unit.path[:end] for end in range(len(issuer.path) + step, len(unit.path), step)]
    if between:
        found = expected_units(plan).filter(path__in=between).order_by("-depth").first()
        if found is not None:
            return found
    return issuer


@dataclass
class Rates:
    expected: int  # expected and not exempt: the denominator
    reported: int
    on_time: int
    exempt: int

    @property
    def reporting_rate(self) -> float:
        return 100.0 * self.reported / self.expected if self.expected else 0.0

    @property
    def on_time_rate(self) -> float:
        return 100.0 * self.on_time / self.expected if self.expected else 0.0


def rates(plan: Plan, rows) -> Rates:
    """Rates over status rows (reports.status.plan_status): a row is one expected unit."""
    from dienhinh.reports.enums import Timeliness

    exempt = sum(1 for row in rows if row.status == Timeliness.EXEMPT)
    counted = [row for row in rows if row.status != Timeliness.EXEMPT]
    reported = sum(1 for row in counted if row.status in (Timeliness.ON_TIME, Timeliness.LATE))
    on_time = sum(1 for row in counted if row.status == Timeliness.ON_TIME)
    return Rates(expected=len(counted), reported=reported, on_time=on_time, exempt=exempt)
