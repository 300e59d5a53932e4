"""Ranking inside the emulation groups (cụm, khối thi đua) of a rubric's year.

Which groups: every group of the year that has at least one of the plan's reporting units
among its members, whoever organises it — a cluster of the issuing federation, a block of
an upper unit (the national industry union's khối, the province's cụm seen from a district's
plan). A group's ranking holds the members the plan scores (its reporting units, less the
exempted), by official total and then the rubric's tie-break; units equal on every key share
a rank (1, 2, 2, 4). "Rank 2 of 5" counts those scored members only.

The other members are listed with the group and the reason this plan does not score them,
so that nobody reads a short ranking as the whole group: not among the units the plan
reaches (another federation's unit in an upper unit's block), a kind of unit that does not
report on this plan, not active on the report deadline, or exempted from reporting.
"""

import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from dienhinh.orgs.models import EmulationGroup, EmulationGroupMember
from dienhinh.plans.models import Plan
from dienhinh.plans.targets import target_units
from dienhinh.reports.enums import ReportState
from dienhinh.reports.expected import expected_units
from dienhinh.reports.models import Report
from dienhinh.scoring.enums import TieBreak
from dienhinh.scoring.models import Rubric

_FAR = "9999-12-31T23:59:59+00:00"

# Why a member of a ranked group is not scored by the plan (copied into versions as codes).
UNSCORED_REASONS = {
    "outside": _("not among the units this plan reaches"),
    "not_reporting": _("its kind of unit does not report on this plan"),
    "inactive": _("not active on the plan's report deadline"),
    "exempt": _("exempted from reporting on this plan"),
    # Only in lists derived for versions finalised before the list was kept: a unit the plan
    # scores today that the version did not score (it joined the group or the plan later).
    "not_in_version": _("not scored when this version was finalised"),
}


def _sort_key(row: dict, tie_break: list[str]) -> tuple:
    key: list = [-Decimal(row["official_total"])]
    for name in [*tie_break, TieBreak.NAME]:
        if name == TieBreak.COMPUTED:
            key.append(-Decimal(row["computed_total"]))
        elif name == TieBreak.REPORT:
            moment = row["report_at"]
            key.append(datetime.datetime.fromisoformat(moment or _FAR))
        elif name == TieBreak.SELF_GAP:
            key.append(abs(Decimal(row["self_total"]) - Decimal(row["official_total"])))
        elif name == TieBreak.NAME:
            key.append(row["unit"]["sort_name"])
    return tuple(key)


def rank(rows: list[dict], tie_break: list[str]) -> list[tuple[int, dict]]:
    """``rows`` in rank order with their ranks; rows equal on every key share a rank."""
    ordered = sorted(rows, key=lambda r: (_sort_key(r, tie_break), r["unit"]["id"]))
    ranked: list[tuple[int, dict]] = []
    previous = None
    for index, row in enumerate(ordered):
        key = _sort_key(row, tie_break)
        place = ranked[-1][0] if previous == key else index + 1
        ranked.append((place, row))
        previous = key
    return ranked


def groups_of(rubric: Rubric, *, unit=None) -> list[EmulationGroup]:
    """The groups ranked (see the module docstring), with their members; only the groups of
    ``unit`` when given. Two queries whatever the plan's size."""
    plan = rubric.plan
    members = EmulationGroupMember.objects.filter(unit__in=expected_units(plan).values("pk"))
    if unit is not None:
        members = members.filter(unit=unit)
    return list(
        EmulationGroup.objects.filter(year=rubric.groups_year, pk__in=members.values("group_id"))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=EmulationGroupMember.objects.select_related("unit").order_by(
                    "unit__sort_name", "unit_id"
                ),
            )
        )
        .order_by("sort_name", "pk")
    )


def _reasons(plan: Plan, units: dict, exempt: set[int]) -> dict[int, str]:
    """Why each of ``units`` (id → unit, none of them scored) is not scored."""
    if not units:
        return {}
    ids = list(units)
    reached = set(target_units(plan).filter(pk__in=ids).values_list("pk", flat=True))
    expected = set(expected_units(plan).filter(pk__in=ids).values_list("pk", flat=True))
    reasons = {}
    for pk, unit in units.items():
        if pk in expected and pk in exempt:
            reasons[pk] = "exempt"
        elif pk in expected:  # never while computing: the plan scores these
            reasons[pk] = "not_in_version"
        elif pk not in reached:
            reasons[pk] = "outside"
        elif unit.kind not in plan.report_kinds:
            reasons[pk] = "not_reporting"
        else:
            reasons[pk] = "inactive"
    return reasons


def rank_groups(
    rubric: Rubric, groups: list[EmulationGroup], rows: list[dict], exempt: set[int]
) -> tuple[list[dict], list[int]]:
    """Each group's ranking of the scored ``rows`` (their ``ranks`` filled in) and its
    members not scored with the reason; the ids of the rows in no group."""
    by_unit = {row["unit"]["id"]: row for row in rows}
    outside = {
        m.unit_id: m.unit
        for group in groups
        for m in group.memberships.all()
        if m.unit_id not in by_unit
    }
    reasons = _reasons(rubric.plan, outside, exempt)
    out, grouped = [], set()
    for group in groups:
        # A group none of whose members is scored is listed too (an empty ranking), with
        # its members and why: it would otherwise vanish from the results unexplained.
        members = [by_unit[m.unit_id] for m in group.memberships.all() if m.unit_id in by_unit]
        order = []
        for place, row in rank(members, rubric.tie_break):
            row["ranks"].append(
                {"group": group.pk, "name": group.name, "rank": place, "of": len(members)}
            )
            order.append({"unit": row["unit"]["id"], "rank": place})
            grouped.add(row["unit"]["id"])
        unscored = _unscored(group, by_unit, reasons)
        out.append(
            {
                "id": group.pk,
                "name": group.name,
                "kind": group.kind,
                "ranking": order,
                "unscored": unscored,
            }
        )
    ungrouped = [row["unit"]["id"] for row in rows if row["unit"]["id"] not in grouped]
    return out, ungrouped


def _unscored(group: EmulationGroup, scored, reasons: dict[int, str]) -> list[dict]:
    return [
        {"unit": m.unit_id, "name": m.unit.name, "path": m.unit.path, "reason": reasons[m.unit_id]}
        for m in group.memberships.all()
        if m.unit_id not in scored
    ]


def with_unscored(rubric: Rubric, results: dict) -> dict:
    """``results`` (a finalised version's) with each group's unscored members. Versions
    finalised before the list was kept have none: it is derived from the groups' members
    and the plan's reports as they are now, and the group says so (``unscored_derived``).
    The frozen dict itself is not changed. Two queries more, for such versions only."""
    missing = {g["id"] for g in results.get("groups", []) if "unscored" not in g}
    if not missing:
        return results
    groups = {
        group.pk: group
        for group in EmulationGroup.objects.filter(pk__in=missing).prefetch_related(
            Prefetch(
                "memberships",
                queryset=EmulationGroupMember.objects.select_related("unit").order_by(
                    "unit__sort_name", "unit_id"
                ),
            )
        )
    }
    scored = {row["unit"]["id"] for row in results["units"]}
    outside = {
        m.unit_id: m.unit
        for group in groups.values()
        for m in group.memberships.all()
        if m.unit_id not in scored
    }
    plan = rubric.plan
    exempt = set(
        Report.objects.filter(
            plan=plan, state=ReportState.EXEMPT, unit__in=list(outside)
        ).values_list("unit_id", flat=True)
    )
    reasons = _reasons(plan, outside, exempt)
    filled = []
    for group in results["groups"]:
        if group["id"] in missing:
            found = groups.get(group["id"])  # a group deleted since lists nobody
            unscored = _unscored(found, scored, reasons) if found else []
            group = {**group, "unscored": unscored, "unscored_derived": True}
        filled.append(group)
    return {**results, "groups": filled}
