"""Who may look at a plan's monitoring, and at which unit.

The monitors, reviewers and subtree administrators (reports.roles.APPROVER_ROLES) of the
issuing unit, or of any unit of its subtree above a reporting unit, see the figures of that
unit's subtree; each may drill down to the units below that their roles cover. Anyone else
gets None (the pages answer 404, as for a plan they do not see).
"""

from dienhinh.accounts.scope import assignments, covers
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.reports.expected import expected_units
from dienhinh.reports.roles import APPROVER_ROLES


def may_monitor(user, unit: OrgUnit) -> bool:
    """A monitor, reviewer or subtree administrator at ``unit`` or over it with the
    subtree (no query: the roles are cached on the user)."""
    return covers(user, unit, APPROVER_ROLES)


def _in_plan(plan: Plan, unit: OrgUnit) -> bool:
    return unit.path.startswith(plan.issuing_unit.path)


def entry_unit(plan: Plan, user) -> OrgUnit | None:
    """The unit the monitoring opens on for ``user``: the issuing unit when their roles
    cover it, else the highest unit of the plan's subtree where they hold an approver role
    and that has a reporting unit below it (one query), else None."""
    issuer = plan.issuing_unit
    if may_monitor(user, issuer):
        return issuer
    candidates = sorted(
        {
            a.unit.path: a.unit
            for a in assignments(user)
            if a.role in APPROVER_ROLES and _in_plan(plan, a.unit)
        }.values(),
        key=lambda unit: unit.path,
    )
    for unit in candidates:
        if _has_reporting_below(plan, unit):
            return unit
    return None


def _has_reporting_below(plan: Plan, unit: OrgUnit) -> bool:
    return (
        expected_units(plan)
        .filter(path__startswith=unit.path)
        .exclude(pk=unit.pk)
        .order_by()
        .exists()
    )


def unit_to_monitor(plan: Plan, user, unit: OrgUnit) -> bool:
    """Whether ``user`` may look at ``unit`` on ``plan``'s monitoring (a unit already
    fetched through OrgUnit.objects.visible_to)."""
    if not _in_plan(plan, unit) or not may_monitor(user, unit):
        return False
    if unit.pk == plan.issuing_unit_id:
        return True
    return _has_reporting_below(plan, unit)


def trail(plan: Plan, user, unit: OrgUnit) -> list[OrgUnit]:
    """The breadcrumb from the highest unit the user may monitor down to ``unit`` (one
    query): the ancestors between the issuing unit and ``unit`` that the user covers."""
    step = OrgUnit.steplen
    top = len(plan.issuing_unit.path)
    paths = [unit.path[:end] for end in range(top, len(unit.path), step)]
    if not paths:
        return []
    above = OrgUnit.objects.filter(path__in=paths).order_by("path")
    return [ancestor for ancestor in above if may_monitor(user, ancestor)]


def monitored(user, plan_id: int, unit_id: int | None) -> tuple[Plan, OrgUnit] | None:
    """The plan and the unit ``user`` asked to look at (``unit_id``, or their entry unit),
    each through its visibility function, or None when they may not: the page and the API
    answer 404 alike."""
    plan = Plan.objects.visible_to(user).select_related("issuing_unit").filter(pk=plan_id).first()
    if plan is None:
        return None
    if unit_id is None:
        unit = entry_unit(plan, user)
    else:
        unit = OrgUnit.objects.visible_to(user).filter(pk=unit_id).first()
        if unit is not None and not unit_to_monitor(plan, user, unit):
            unit = None
    return (plan, unit) if unit is not None else None
