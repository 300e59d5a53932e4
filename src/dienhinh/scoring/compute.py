"""The results of a rubric: every scored unit's breakdown, totals, class and ranks, as one
JSON-ready dict (``SCHEMA``). Live pages render it as computed now; a finalised version
stores exactly this dict, so a version's page renders the same thing without recomputing.

Computing reads the rubric, the entries, the reports and one query per computed source for
every unit at once (scoring.sources): the same number of queries for one unit as for a
province. It writes nothing and orders everything, so computing twice gives the same dict.

- Entered items score by their kind: pass/fail gives the maximum or 0, points are taken as
  entered, per-occurrence items give the points each times the occurrences up to the cap, a
  bonus or penalty its points within its limits. Computed items score by their formula
  (``formula_text`` states it on every page), for the self-score and the official alike.
- A group scores the sum of its items, at most its own maximum (when it has one).
- The official total decides the class: the highest class whose lower limit it reaches.
- Units are ranked inside each emulation group of the rubric's year that has any of the
  plan's reporting units as a member (scoring.ranking, which also says why its other
  members are not scored), by official total and then the rubric's tie-break keys; units
  equal on every key share a rank (1, 2, 2, 4).
"""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.reports.enums import ReportState
from dienhinh.reports.expected import expected_units
from dienhinh.reports.models import Report
from dienhinh.reports.timing import end_of_day
from dienhinh.scoring.enums import ENTERED_KINDS, Formula, ItemKind, Source
from dienhinh.scoring.models import Rubric, RubricItem, ScoreEntry
from dienhinh.scoring.ranking import groups_of, rank_groups, with_unscored
from dienhinh.scoring.sources import collect, report_record, unit_reports

SCHEMA = 1
ZERO = Decimal("0")
CENT = Decimal("0.01")


def num(value: Decimal | None) -> str | None:
    return None if value is None else str(Decimal(value).quantize(CENT, ROUND_HALF_UP))


def _n(value) -> str:
    """A number for a sentence: 2, 2,5 (no trailing zeros)."""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


def formula_text(item: RubricItem) -> str:
    """How the item scores, in one sentence (shown beside it and copied into versions)."""
    top, each = _n(item.max_points), _n(item.points_each or 0)
    if item.kind == ItemKind.GROUP:
        return _("Sum of its items, at most %(max)s points.") % {"max": top}
    if item.kind == ItemKind.PASS_FAIL:
        return _("%(max)s points when met, 0 otherwise.") % {"max": top}
    if item.kind == ItemKind.POINTS:
        return _("From 0 to %(max)s points.") % {"max": top}
    if item.kind == ItemKind.PER_OCCURRENCE:
        return _("%(each)s points per occurrence, at most %(max)s.") % {"each": each, "max": top}
    if item.kind == ItemKind.ADJUSTMENT:
        return _("From %(min)s to %(max)s points.") % {"min": _n(item.min_points), "max": top}
    counted = Source(item.source).label if item.source else ""
    if item.formula == Formula.ON_TIME:
        return _(
            "%(max)s points when the report is on time, %(late)s when late, 0 when missing."
        ) % {
            "max": top,
            "late": _n(item.late_points or 0),
        }
    if item.formula == Formula.AT_LEAST:
        return _("%(max)s points from %(n)s (%(what)s), 0 below.") % {
            "max": top,
            "n": item.threshold,
            "what": str(counted).lower(),
        }
    if item.threshold > 1:
        return _("%(each)s points per %(n)s (%(what)s), at most %(max)s.") % {
            "each": each,
            "n": item.threshold,
            "what": str(counted).lower(),
            "max": top,
        }
    return _("%(each)s points each (%(what)s), at most %(max)s.") % {
        "each": each,
        "what": str(counted).lower(),
        "max": top,
    }


_RULE_FIELDS = ("kind", "source", "formula", "threshold")
_RULE_POINTS = ("max_points", "min_points", "points_each", "late_points")


def _rule(item: RubricItem) -> dict:
    """What the item's formula says, as facts (copied into versions, so the sentence is
    written in each viewer's language by ``rule_text``)."""
    rule = {name: getattr(item, name) for name in _RULE_FIELDS}
    rule.update({name: num(getattr(item, name)) for name in _RULE_POINTS})
    return rule


def rule_text(rule: dict) -> str:
    """``formula_text`` of a rule copied by ``_rule``."""
    values = {name: rule.get(name) for name in _RULE_FIELDS}
    values.update(
        {name: None if rule.get(name) is None else Decimal(rule[name]) for name in _RULE_POINTS}
    )
    return formula_text(RubricItem(**values))


def describe(row: dict) -> dict:
    """``row`` (one unit of the results) with each item's formula sentence, for display."""
    for item in row["items"]:
        item["formula"] = rule_text(item["rule"])
    return row


def entered_points(item: RubricItem, value: Decimal | None) -> Decimal | None:
    """The points an entered value gives (None: not entered). Values are checked on entry
    (scoring.entries); the cap of a per-occurrence item is applied here."""
    if value is None:
        return None
    if item.kind == ItemKind.PASS_FAIL:
        return item.max_points if value >= 1 else ZERO
    if item.kind == ItemKind.PER_OCCURRENCE:
        return min(value * (item.points_each or ZERO), item.max_points)
    return Decimal(value)


def computed_points(item: RubricItem, count: int, status: str | None) -> Decimal:
    if item.formula == Formula.ON_TIME:
        if status == "on_time":
            return item.max_points
        if status == "late":
            return min(item.late_points or ZERO, item.max_points)
        return ZERO
    if item.formula == Formula.AT_LEAST:
        return item.max_points if count >= item.threshold else ZERO
    steps = count // max(item.threshold, 1)
    return min(steps * (item.points_each or ZERO), item.max_points)


def scored_units(plan: Plan, *, among=None) -> list[OrgUnit]:
    """The plan's reporting units (reports.expected), less those exempted from reporting;
    only those of the ids ``among`` when given."""
    exempt = Report.objects.filter(plan=plan, state=ReportState.EXEMPT).values("unit_id")
    units = expected_units(plan).exclude(pk__in=exempt)
    if among is not None:
        units = units.filter(pk__in=list(among))
    return list(units)


def tree(items: list[RubricItem]) -> list[tuple[RubricItem, int]]:
    """The items depth first, each with its depth (0 for the top level)."""
    children = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)
    ordered: list[tuple[RubricItem, int]] = []

    def walk(parent_id, depth):
        for item in children.get(parent_id, []):
            ordered.append((item, depth))
            walk(item.pk, depth + 1)

    walk(None, 0)
    return ordered


class _Inputs:
    """Everything read once for all units."""

    def __init__(self, rubric: Rubric, units: list[OrgUnit], *, partial: bool = False):
        plan = rubric.plan
        self.plan, self.rubric = plan, rubric
        self.items = tree(list(rubric.items.all()))
        self.rules = {item.pk: _rule(item) for item, _depth in self.items}
        self.classes = list(rubric.classes.all())
        sources = {item.source for item, _d in self.items if item.is_computed}
        self.found = collect(plan, sources, units)
        self.reports = unit_reports(plan, units)
        entries = ScoreEntry.objects.filter(score__rubric=rubric)
        if partial:
            entries = entries.filter(score__unit__in=[u.pk for u in units])
        self.entries = {(e.score.unit_id, e.item_id): e for e in entries.select_related("score")}


def _unit_row(inputs: _Inputs, unit: OrgUnit) -> dict:
    plan = inputs.plan
    report = inputs.reports.get(unit.pk)
    status, report_records = report_record(plan, unit, report)
    rows: list[dict] = []
    by_id: dict[int, dict] = {}
    unreviewed = 0
    for item, depth in inputs.items:
        row = {
            "id": item.pk,
            "parent": item.parent_id,
            "depth": depth,
            "kind": item.kind,
            "title": item.title,
            "max": num(item.max_points),
            "min": num(item.min_points),
            "rule": inputs.rules[item.pk],
            "computed": item.is_computed,
            "entered": item.kind in ENTERED_KINDS,
            "self": None,
            "official": None,
            "self_value": None,
            "official_value": None,
            "evidence": "",
            "evidence_entry": None,
            "evidence_name": "",
            "explanation": "",
            "count": None,
            "status": None,
            "records": [],
        }
        if item.is_computed:
            if item.source == Source.REPORT:
                records, count = report_records, len(report_records)
                row["status"] = status
            else:
                records = inputs.found.get((unit.pk, item.source), [])
                count = sum(r.amount for r in records)  # participants weigh; others count 1
            points = computed_points(item, count, status)
            row.update(
                count=count,
                records=[r.as_json() for r in records],
                self=num(points),
                official=num(points),
            )
        elif not item.is_group:
            entry = inputs.entries.get((unit.pk, item.pk))
            if entry is not None:
                row.update(
                    self=num(entered_points(item, entry.self_value)),
                    official=num(entered_points(item, entry.official_value)),
                    self_value=num(entry.self_value),
                    official_value=num(entry.official_value),
                    evidence=entry.evidence,
                    evidence_entry=entry.pk if entry.evidence_file else None,
                    evidence_name=entry.evidence_name,
                    explanation=entry.explanation,
                )
            if row["official"] is None:
                unreviewed += 1
        rows.append(row)
        by_id[item.pk] = row
    # Groups sum their items bottom-up (the deepest first), each at most its maximum.
    for item, _depth in reversed(inputs.items):
        if item.is_group:
            row = by_id[item.pk]
            kids = [by_id[child.pk] for child, _d in inputs.items if child.parent_id == item.pk]
            for side in ("self", "official"):
                total = sum((Decimal(k[side] or 0) for k in kids), ZERO)
                if item.max_points > 0:
                    total = min(total, item.max_points)
                row[side] = num(total)
    top = [row for row in rows if row["parent"] is None]
    totals = {
        side: sum((Decimal(r[side] or 0) for r in top), ZERO) for side in ("self", "official")
    }
    computed_total = sum((Decimal(r["official"]) for r in rows if r["computed"]), ZERO)
    for row in rows:
        if row["self"] is not None and row["official"] is not None:
            row["difference"] = num(Decimal(row["official"]) - Decimal(row["self"]))
        else:
            row["difference"] = None
    klass = next((c.name for c in inputs.classes if totals["official"] >= c.min_total), None)
    moment = None
    if report is not None and report.counted_from is not None:
        counted = report.counted_from
        moment = counted if isinstance(counted, datetime.datetime) else end_of_day(counted)
    return {
        "unit": {
            "id": unit.pk,
            "code": unit.code,
            "name": unit.name,
            "path": unit.path,
            "sort_name": unit.sort_name,
        },
        "items": rows,
        "self_total": num(totals["self"]),
        "official_total": num(totals["official"]),
        "computed_total": num(computed_total),
        "class": klass,
        "report_at": moment.isoformat() if moment else None,
        "report_status": status,
        "unreviewed": unreviewed,
        "ranks": [],
    }


def compute_results(rubric: Rubric, *, unit: OrgUnit | None = None) -> dict:
    """The results of ``rubric`` now (see the module docstring). Reads only.

    With ``unit``: only what that unit's page needs — its row and the rows of the scored
    members of its groups, which its ranks need — so its cost follows the size of its
    groups, not the plan's. Its row and ranks are those of the whole computation."""
    plan = rubric.plan
    exempt = set(
        Report.objects.filter(plan=plan, state=ReportState.EXEMPT).values_list("unit_id", flat=True)
    )
    if unit is None:
        groups = groups_of(rubric)
        units = scored_units(plan)
    else:
        groups = groups_of(rubric, unit=unit)
        among = {unit.pk} | {m.unit_id for g in groups for m in g.memberships.all()}
        units = scored_units(plan, among=among)
        if unit.pk not in {u.pk for u in units}:
            units, groups = [], []
    inputs = _Inputs(rubric, units, partial=unit is not None)
    rows = [_unit_row(inputs, scored) for scored in units]
    ranked, ungrouped = rank_groups(rubric, groups, rows, exempt)
    return {
        "schema": SCHEMA,
        "plan": {"id": plan.pk, "reference": plan.reference, "title": plan.title},
        "rubric": {
            "scheme": rubric.class_scheme,
            "tie_break": list(rubric.tie_break),
            "classes": [{"name": c.name, "min_total": num(c.min_total)} for c in inputs.classes],
            "max_total": num(sum((i.max_points for i, d in inputs.items if d == 0), ZERO)),
        },
        "units": rows,
        "groups": ranked,
        "ungrouped": ungrouped,
    }


def results_of(rubric: Rubric, *, unit: OrgUnit | None = None) -> tuple[dict, bool]:
    """What the pages show: the last version's results once finalised (frozen: True), the
    live computation while open (of ``unit`` and its groups only, when given)."""
    if not rubric.is_open and rubric.last_version_id:
        return with_unscored(rubric, rubric.last_version.results), True
    return compute_results(rubric, unit=unit), False
