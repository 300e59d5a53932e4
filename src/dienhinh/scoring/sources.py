"""The records behind computed items: one query per source for every scored unit at once.

A record counts for a scored unit when the unit that made it is the scored unit or lies in
its subtree (materialised path prefix), as the reports' figures count: a district's
dossiers include its grassroots unions'. Dossiers, stories and activities are the plan's,
chosen exactly as reports.figures chooses them. A seminar counts for the subtree of its
host and for the subtree of each participating unit, once per scored unit. The report item
reads the unit's own report only (reports.status, reports.timing).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Q
from django.db.models.functions import Coalesce

from dienhinh.activities.models import Activity, ActivityKind
from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Nomination
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.publishing.models import Story
from dienhinh.reports.models import Report
from dienhinh.reports.status import status_of
from dienhinh.reports.timing import local_day
from dienhinh.scoring.enums import Source


@dataclass(frozen=True)
class Record:
    """One record behind a computed point: what the breakdown lists and a version copies."""

    kind: str  # "dossier", "story", "meeting", "seminar", "report"
    pk: int
    label: str
    # Facts, not sentences, so a frozen version reads in each viewer's language: the
    # dossier's state or the report's timeliness, a date (dd/mm/yyyy), the participants.
    state: str = ""
    date: str = ""
    people: int | None = None
    amount: int = 1  # what it adds to the count (participants for PARTICIPANTS)

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "pk": self.pk,
            "label": self.label,
            "state": self.state,
            "date": self.date,
            "people": self.people,
            "amount": self.amount,
        }


Found = dict[tuple[int, str], list[Record]]  # (unit id, source) → records


def _prefixes(path: str):
    step = OrgUnit.steplen
    return (path[:end] for end in range(step, len(path) + 1, step))


def _attribute(found: Found, source: str, by_path: dict, rows) -> None:
    """``rows``: (path, record) pairs; each record goes to every scored unit above it."""
    seen: set[tuple[int, int]] = set()
    for path, record in rows:
        for prefix in _prefixes(path):
            unit = by_path.get(prefix)
            if unit is not None and (unit.pk, record.pk) not in seen:
                seen.add((unit.pk, record.pk))
                found[(unit.pk, source)].append(record)


# Up to this many subtrees are read one by one (a unit and its groups' members), and up to
# this many units with none below them, by id; more, and the plan's whole subtree is read at
# once (the plan's page).
_FEW_ROOTS = 100
_FEW_LEAVES = 5000


def _roots(plan: Plan, units: list[OrgUnit]) -> tuple[list[str], list[int]]:
    """Where every record of ``units`` is: the paths of the subtrees to read (none below
    another) and the ids of the units that have none below them (a group's grassroots
    members: their own records, reached through the (unit, plan) indexes rather than one
    path prefix each) when they are few, else the issuing unit's subtree."""
    paths: list[str] = []
    leaves: list[int] = []
    top = None
    for unit in sorted(units, key=lambda u: u.path):  # sorted: a subtree follows its root
        if top is not None and unit.path.startswith(top):
            continue
        top = unit.path
        if unit.numchild:
            paths.append(unit.path)
        else:
            leaves.append(unit.pk)
        if len(paths) > _FEW_ROOTS or len(leaves) > _FEW_LEAVES:
            return [plan.issuing_unit.path], []
    return paths, leaves


def _under(field: str, roots: tuple[list[str], list[int]]) -> Q:
    paths, leaves = roots
    q = Q(**{f"{field}_id__in": leaves}) if leaves else Q(pk__in=[])
    for root in paths:
        q |= Q(**{f"{field}__path__startswith": root})
    return q


def _dossiers(plan, roots, *, selected: bool):
    qs = Nomination.objects.filter(_under("nominating_unit", roots), plan=plan)
    if selected:
        qs = qs.filter(state=State.SELECTED)
    else:
        # Submitted: sent up at least once, whatever happened since (a draft never was).
        qs = qs.exclude(state__in=[State.DRAFT, State.WITHDRAWN])
    for row in qs.order_by("pk").values(
        "pk", "full_name", "collective_name", "headline", "state", "nominating_unit__path"
    ):
        label = row["full_name"] or row["collective_name"] or row["headline"]
        yield row["nominating_unit__path"], Record("dossier", row["pk"], label, row["state"])


def _stories(plan, roots):
    about_plan = Q(story_dossiers__nomination__plan=plan) | Q(field__plan_fields__plan=plan)
    rows = (
        Story.objects.filter(about_plan, first_published_at__isnull=False)
        .filter(_under("unit", roots))
        .annotate(title=Coalesce(F("live_version__headline"), F("draft_version__headline")))
        .values("pk", "title", "first_published_at", "unit__path")
        .distinct()
        .order_by("pk")
    )
    for row in rows:
        day = row["first_published_at"]
        date = local_day(day).strftime("%d/%m/%Y") if day else ""
        yield row["unit__path"], Record("story", row["pk"], row["title"] or "", date=date)


def _activities(plan, roots, kinds, *, weigh: bool = False):
    rows = (
        Activity.objects.filter(_under("unit", roots), plan=plan, kind__in=kinds)
        .order_by("held_on", "pk")
        .values("pk", "kind", "title", "held_on", "participants", "unit__path")
    )
    for row in rows:
        yield row["unit__path"], _activity_record(row, weigh=weigh)


def _activity_record(row, *, weigh: bool = False) -> Record:
    """An activity counts once, or for its participants when ``weigh``."""
    return Record(
        row["kind"],
        row["pk"],
        row["title"],
        date=row["held_on"].strftime("%d/%m/%Y"),
        people=row["participants"],
        amount=row["participants"] if weigh else 1,
    )


def _seminars(plan, roots):
    hosted = list(_activities(plan, roots, [ActivityKind.SEMINAR]))
    yield from hosted
    joined = (
        Activity.participating_units.through.objects.filter(
            _under("orgunit", roots),
            activity__plan=plan,
            activity__kind=ActivityKind.SEMINAR,
        )
        .order_by("activity__held_on", "activity_id")
        .values(
            "orgunit__path",
            pk=F("activity_id"),
            kind=F("activity__kind"),
            title=F("activity__title"),
            held_on=F("activity__held_on"),
            participants=F("activity__participants"),
        )
    )
    for row in joined:
        yield row["orgunit__path"], _activity_record(row)


def collect(plan: Plan, sources: set[str], units: list[OrgUnit]) -> Found:
    """The records of each ``source`` for each of ``units`` (one query per source)."""
    found: Found = defaultdict(list)
    if not units:
        return found
    by_path = {u.path: u for u in units}
    roots = _roots(plan, units)
    if Source.DOSSIERS_SUBMITTED in sources:
        _attribute(
            found, Source.DOSSIERS_SUBMITTED, by_path, _dossiers(plan, roots, selected=False)
        )
    if Source.DOSSIERS_SELECTED in sources:
        _attribute(found, Source.DOSSIERS_SELECTED, by_path, _dossiers(plan, roots, selected=True))
    if Source.STORIES in sources:
        _attribute(found, Source.STORIES, by_path, _stories(plan, roots))
    if Source.MEETINGS in sources:
        _attribute(
            found, Source.MEETINGS, by_path, _activities(plan, roots, [ActivityKind.MEETING])
        )
    if Source.SEMINARS in sources:
        _attribute(found, Source.SEMINARS, by_path, _seminars(plan, roots))
    if Source.PARTICIPANTS in sources:
        kinds = [ActivityKind.MEETING, ActivityKind.SEMINAR]
        rows = _activities(plan, roots, kinds, weigh=True)
        _attribute(found, Source.PARTICIPANTS, by_path, rows)
    return found


def unit_reports(plan: Plan, units: list[OrgUnit]) -> dict[int, Report]:
    """Each unit's own report (one query), for the report item and the tie-break."""
    found = Report.objects.filter(plan=plan)
    if len(units) <= _FEW_LEAVES:  # a group's members by id; the plan's page reads them all
        found = found.filter(unit__in=[u.pk for u in units])
    return {r.unit_id: r for r in found}


def report_record(plan: Plan, unit: OrgUnit, report: Report | None) -> tuple[str, list[Record]]:
    """The timeliness of the unit's report and the report as its record (none missing)."""
    status = str(status_of(plan, report))
    if report is None or report.counted_from is None:
        return status, []
    date = local_day(report.counted_from).strftime("%d/%m/%Y")
    return status, [Record("report", report.pk, unit.name, status, date)]
