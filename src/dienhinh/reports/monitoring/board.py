"""The monitoring board of one unit on one plan: per child unit, per shared field, per
emulation group and per month, the report statuses with their rates and the figures.

Everything is counted live, in a constant number of queries whatever the number of units
below (fifteen): the statuses in one GROUP BY over the expected units (reports.monitoring.
statuses), and each kind of record (dossiers, stories, activities) in one GROUP BY over the
prefix of its unit's path together with its field and month, summed up in Python, plus one
GROUP BY per kind for the emulation groups. The cells of each query partition the records
(a dossier has one unit, one field, one month), so the sums are exact. Seminars attended
(reports.seminars) are distinct per line, so each line has its own count: one GROUP BY by
the child's prefix, one by month (which sums to the total), one by group.

The boards of a root (a country: a million dossiers) and of its children (a province) read
their dossiers and activities by child from the roll-up the writes keep (reports.rollup),
and their statuses from the status cells (reports.status_rollup), as exact and as current
as the live count; a deeper board counts them live within its subtree (a district's few
hundred units).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, Substr, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.activities.models import ActivityKind
from dienhinh.nominations.enums import State
from dienhinh.orgs.models import EmulationGroup, OrgUnit
from dienhinh.plans.models import Plan, SharedField
from dienhinh.reports import rollup, seminars, status_rollup
from dienhinh.reports.enums import Timeliness
from dienhinh.reports.expected import Rates
from dienhinh.reports.figures import _activities, _dossiers, _stories, story_views
from dienhinh.reports.models import Report
from dienhinh.reports.monitoring.access import may_monitor
from dienhinh.reports.monitoring.statuses import groups_of_year, status_by_group, status_by_prefix

STATUS_KEYS = ("on_time", "late", "missing", "not_yet_due", "exempt")
FIGURE_KEYS = (
    "dossiers",
    "selected",
    "stories",
    "meetings",
    "meeting_participants",
    "seminars",
    "seminar_participants",
    "seminars_attended",
)
_MONTH_FIGURES = ("dossiers", "stories", "meetings", "seminars", "seminars_attended")
# Closed as missing by the monitor is still missing, for the counts and the rates.
_STATUS_COLUMN = {
    Timeliness.ON_TIME: "on_time",
    Timeliness.LATE: "late",
    Timeliness.MISSING: "missing",
    Timeliness.CLOSED: "missing",
    Timeliness.NOT_YET_DUE: "not_yet_due",
    Timeliness.EXEMPT: "exempt",
}

_SUMS = {"count": Count("pk"), "people": Coalesce(Sum("participants"), 0)}


@dataclass
class Line:
    """One row of a table: statuses (for units and groups) and figures."""

    key: str
    name: str
    unit: OrgUnit | None = None
    counts: dict = field(default_factory=lambda: dict.fromkeys(STATUS_KEYS, 0))
    figures: dict = field(default_factory=lambda: dict.fromkeys(FIGURE_KEYS, 0))
    reports: int = 0  # month rows: reports first submitted (or received) that month
    below: int = 0  # unit rows: expected units strictly below the unit
    drillable: bool = False  # set by the view: the viewer may open this unit's board

    @property
    def rates(self) -> Rates:
        counted = sum(self.counts.values()) - self.counts["exempt"]
        reported = self.counts["on_time"] + self.counts["late"]
        return Rates(counted, reported, self.counts["on_time"], self.counts["exempt"])

    @property
    def has_any(self) -> bool:
        return any(self.counts.values()) or any(self.figures.values()) or bool(self.reports)

    def as_dict(self) -> dict:
        rates = self.rates
        data = {"key": self.key, "name": self.name}
        if self.unit is not None:
            data.update(
                id=self.unit.pk, code=self.unit.code, below=self.below, drillable=self.drillable
            )
        data.update(self.counts)
        data.update(
            expected=rates.expected,
            reported=rates.reported,
            reporting_rate=round(rates.reporting_rate, 1),
            on_time_rate=round(rates.on_time_rate, 1),
        )
        data.update(self.figures)
        return data


@dataclass
class Board:
    plan: Plan
    unit: OrgUnit
    total: Line
    own: Line | None
    children: list[Line]
    fields: list[Line]
    groups: list[Line]
    months: list[Line]
    story_views: int
    counted_at: datetime.datetime

    def as_dict(self) -> dict:
        """Plain data: the API's answer and the page's charts read exactly this."""
        return {
            "plan": {"id": self.plan.pk, "reference": self.plan.reference},
            "unit": {"id": self.unit.pk, "code": self.unit.code, "name": self.unit.name},
            "counted_at": self.counted_at.isoformat(),
            "total": self.total.as_dict(),
            "own": self.own.as_dict() if self.own else None,
            "story_views": self.story_views,
            "children": [line.as_dict() for line in self.children],
            "fields": [
                {
                    "key": line.key,
                    "name": line.name,
                    **{k: line.figures[k] for k in ("dossiers", "selected", "stories")},
                }
                for line in self.fields
            ],
            "groups": [line.as_dict() for line in self.groups],
            "months": [
                {
                    "key": line.key,
                    "name": line.name,
                    "reports": line.reports,
                    **{k: line.figures[k] for k in _MONTH_FIGURES},
                }
                for line in self.months
            ],
        }


def month_key(value) -> str | None:
    if value is None or isinstance(value, str):
        return value  # the roll-up's months are already YYYY-MM
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year:04d}-{value.month:02d}"


class _Tally:
    """Lines by key, made on first use."""

    def __init__(self):
        self.lines: dict = {}

    def __getitem__(self, key) -> Line:
        if key not in self.lines:
            self.lines[key] = Line(key=str(key), name="")
        return self.lines[key]


def monitoring_board(plan: Plan, unit: OrgUnit) -> Board:
    """The board of ``unit``'s subtree on ``plan``, counted now (twelve queries)."""
    length = len(unit.path) + OrgUnit.steplen
    child_depth = unit.depth + 1
    within = unit.path
    by_prefix, by_field, by_group, by_month = _Tally(), _Tally(), _Tally(), _Tally()
    total = Line(key=unit.path, name=unit.name, unit=unit)

    statuses, months, group_statuses = _status_rows(plan, unit, length)
    for row in statuses:
        column = _STATUS_COLUMN[row["status"]]
        total.counts[column] += row["n"]
        line = by_prefix[row["prefix"]]
        if row["depth"] > child_depth:
            line.below += row["n"]
        line.counts[column] += row["n"]
    for row in group_statuses:
        by_group[row["member_of"]].counts[_STATUS_COLUMN[row["status"]]] += row["n"]
    for month, n in months.items():
        by_month[month].reports += n

    records = _record_rows(plan, unit, length)
    group_dossiers, group_activities = _group_record_rows(plan, unit)
    by_child, by_field_month = records["dossiers"]
    for row in by_child:
        for line in (total, by_prefix[row["prefix"]]):
            line.figures["dossiers"] += row["n"]
            line.figures["selected"] += row["selected"]
    for row in by_field_month:
        line = by_field[row["shared"]]
        line.figures["dossiers"] += row["n"]
        line.figures["selected"] += row["selected"]
        if row["month"] is not None:
            by_month[month_key(row["month"])].figures["dossiers"] += row["n"]
    for row in group_dossiers:
        by_group[row["member_of"]].figures["dossiers"] += row["n"]
        by_group[row["member_of"]].figures["selected"] += row["selected"]

    stories = (
        _stories(plan)
        .filter(unit__path__startswith=within)
        .annotate(
            prefix=Substr("unit__path", 1, length),
            month=TruncMonth("first_published_at"),
        )
        .values("prefix", "field_id", "month")
        .annotate(n=Count("pk", distinct=True))
    )
    for row in stories:
        for line in (total, by_prefix[row["prefix"]], by_field[row["field_id"]]):
            line.figures["stories"] += row["n"]
        by_month[month_key(row["month"])].figures["stories"] += row["n"]

    by_child, by_month_rows = records["activities"]
    for row in by_child:
        what = "meetings" if row["kind"] == ActivityKind.MEETING else "seminars"
        for line in (total, by_prefix[row["prefix"]]):
            line.figures[what] += row["count"]
            line.figures[f"{what[:-1]}_participants"] += row["people"]
    for row in by_month_rows:
        what = "meetings" if row["kind"] == ActivityKind.MEETING else "seminars"
        by_month[month_key(row["month"])].figures[what] += row["count"]
    for row in group_activities:
        what = "meetings" if row["kind"] == ActivityKind.MEETING else "seminars"
        by_group[row["member_of"]].figures[what] += row["count"]
        by_group[row["member_of"]].figures[f"{what[:-1]}_participants"] += row["people"]

    _attended(plan, unit, length, total, by_prefix, by_group, by_month)
    return Board(
        plan=plan,
        unit=unit,
        total=total,
        own=_own(by_prefix, unit),
        children=_children(unit, by_prefix, child_depth),
        fields=_fields(by_field),
        groups=_groups(by_group),
        months=_months(by_month),
        story_views=story_views(plan, unit),
        counted_at=timezone.now(),
    )


def _status_rows(plan: Plan, unit: OrgUnit, length: int) -> tuple[list[dict], dict, list]:
    """The expected units by child prefix, depth and status, the reports by month, and the
    expected units of the board's emulation groups by group and status: from the status
    cells (reports.status_rollup) for a root and its children, brought up to date first (in
    one query); for a district its groups from the cells, the rest counted live (a
    district's few hundred units); below, everything live."""
    if not status_rollup.answers_totals(unit):
        rows, months = status_by_prefix(plan, unit, length), live_report_months(plan, unit)
        return rows, months, status_by_group(plan, unit)
    status_rollup.bring_up_to_date(plan, unit)
    groups = groups_of_year(plan, unit)
    if status_rollup.answers(unit):
        return status_rollup.statuses(plan, unit, length, groups)
    rows, months = status_by_prefix(plan, unit, length), live_report_months(plan, unit)
    return rows, months, status_rollup.status_by_group(plan, unit, groups)


def live_report_months(plan: Plan, unit: OrgUnit) -> dict:
    """{month key: reports first submitted (or received) that month} under ``unit``."""
    reports = (
        Report.objects.filter(plan=plan, unit__path__startswith=unit.path)
        .filter(Q(first_submitted_at__isnull=False) | Q(received_on__isnull=False))
        .annotate(
            sent=TruncMonth("first_submitted_at"),
            received=TruncMonth("received_on"),
        )
        .values("sent", "received")
        .annotate(n=Count("pk"))
        .order_by()
    )
    months: dict = {}
    for row in reports:
        key = month_key(row["sent"] or row["received"])
        months[key] = months.get(key, 0) + row["n"]
    return months


def _record_rows(plan: Plan, unit: OrgUnit, length: int) -> dict:
    """The plan's dossiers and activities of the subtree, by child prefix and by field and
    month (reports.rollup.records has the rows): from the roll-up for a root (a country's
    million dossiers) and a province, in one query; else counted live (a district's: one
    GROUP BY by all three for each, whose rows serve as both)."""
    if rollup.answers(unit):
        return rollup.records(plan.pk, unit)
    dossiers = list(live_dossier_rows(plan, unit, length))
    activities = list(live_activity_rows(plan, unit, length))
    return {"dossiers": (dossiers, dossiers), "activities": (activities, activities)}


def live_dossier_rows(plan: Plan, unit: OrgUnit, length: int):
    return (
        _dossiers(plan)
        .filter(nominating_unit__path__startswith=unit.path)
        .annotate(
            prefix=Substr("nominating_unit__path", 1, length),
            shared=F("field__shared_id"),
            month=TruncMonth("submitted_at"),
        )
        .values("prefix", "shared", "month")
        .annotate(n=Count("pk"), selected=Count("pk", filter=Q(state=State.SELECTED)))
    )


def live_activity_rows(plan: Plan, unit: OrgUnit, length: int):
    return (
        _activities(plan)
        .filter(unit__path__startswith=unit.path)
        .annotate(prefix=Substr("unit__path", 1, length), month=TruncMonth("held_on"))
        .values("prefix", "kind", "month")
        .annotate(**_SUMS)
    )


def _group_record_rows(plan: Plan, unit: OrgUnit) -> tuple:
    """Rows {member_of, n, selected} and {kind, member_of, count, people}: the plan's
    dossiers and activities of the subtree's members of the board's emulation groups, from
    the roll-up down to a district (one query), else live."""
    groups = groups_of_year(plan, unit)
    if rollup.answers_groups(unit):
        return rollup.group_records(plan.pk, unit, groups)
    return (
        live_dossier_group_rows(plan, unit, groups),
        live_activity_group_rows(plan, unit, groups),
    )


def live_dossier_group_rows(plan: Plan, unit: OrgUnit, groups):
    return (
        _dossiers(plan)
        .filter(nominating_unit__path__startswith=unit.path)
        .filter(nominating_unit__group_memberships__group__in=groups)
        .values(member_of=F("nominating_unit__group_memberships__group_id"))
        .annotate(n=Count("pk"), selected=Count("pk", filter=Q(state=State.SELECTED)))
    )


def live_activity_group_rows(plan: Plan, unit: OrgUnit, groups):
    return (
        _activities(plan)
        .filter(unit__path__startswith=unit.path)
        .filter(unit__group_memberships__group__in=groups)
        .values("kind", member_of=F("unit__group_memberships__group_id"))
        .annotate(**_SUMS)
    )


def _attended(plan, unit, length, total, by_prefix, by_group, by_month) -> None:
    """Seminars attended, distinct per line: by child (and the unit's own), by month (the
    months partition the total), by emulation group (three queries)."""
    for prefix, n in seminars.attended_by_prefix(plan, unit.path, length).items():
        by_prefix[prefix].figures["seminars_attended"] = n
    for month, n in seminars.attended_by_month(plan, unit.path).items():
        total.figures["seminars_attended"] += n
        by_month[month_key(month)].figures["seminars_attended"] += n
    groups = groups_of_year(plan, unit)
    for group_id, n in seminars.attended_by_group(plan, unit.path, groups).items():
        by_group[group_id].figures["seminars_attended"] = n


def _own(by_prefix: _Tally, unit: OrgUnit) -> Line | None:
    """The unit's own report and records (its path is shorter than its children's)."""
    own = by_prefix.lines.get(unit.path)
    if own is None or not own.has_any:
        return None
    own.name, own.unit = unit.name, unit
    return own


def _children(unit: OrgUnit, by_prefix: _Tally, child_depth: int) -> list[Line]:
    """A line per child unit that has an expected unit or a record in its subtree."""
    keys = [key for key in by_prefix.lines if len(key) > len(unit.path)]
    if not keys:
        return []
    found = OrgUnit.objects.filter(path__in=keys, depth=child_depth).order_by("path")
    lines = []
    for child in found:
        line = by_prefix.lines[child.path]
        line.name, line.unit = child.name, child
        lines.append(line)
    return lines


def _fields(by_field: _Tally) -> list[Line]:
    ids = [key for key in by_field.lines if key is not None]
    names = dict(SharedField.objects.filter(pk__in=ids).values_list("pk", "name"))
    lines = []
    for key, line in by_field.lines.items():
        line.name = names.get(key, "") if key is not None else _("Without a field")
        line.key = str(key) if key is not None else ""
        lines.append(line)
    return sorted(lines, key=lambda line: (line.key == "", -line.figures["dossiers"], line.name))


def _groups(by_group: _Tally) -> list[Line]:
    if not by_group.lines:
        return []
    groups = EmulationGroup.objects.filter(pk__in=list(by_group.lines)).order_by("sort_name")
    lines = []
    for group in groups:
        line = by_group.lines[group.pk]
        line.name = f"{group.name} ({group.get_kind_display().lower()})"
        lines.append(line)
    return lines


def _months(by_month: _Tally) -> list[Line]:
    lines = []
    for key in sorted(k for k in by_month.lines if k is not None):
        line = by_month.lines[key]
        year, month = key.split("-")
        line.name = f"{month}/{year}"
        lines.append(line)
    return lines


def board_for(plan: Plan, unit: OrgUnit, *, viewer) -> Board:
    """The board as ``viewer`` sees it: which child units they may open below."""
    board = monitoring_board(plan, unit)
    for line in board.children:
        line.drillable = line.below > 0 and may_monitor(viewer, line.unit)
    return board
