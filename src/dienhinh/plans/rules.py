"""Permission predicates for movements and plans, shared by pages and API."""

import rules

from dienhinh.accounts.models import Role
from dienhinh.accounts.rules import is_sysadmin
from dienhinh.accounts.scope import covers

# The federation's monitor (Ban Chính sách - Pháp luật) issues plans; admins may too.
PLANNER_ROLES = frozenset({Role.MONITOR, Role.SUBTREE_ADMIN})


@rules.predicate
def plans_for_unit(user, unit) -> bool:
    return covers(user, unit, PLANNER_ROLES)


@rules.predicate
def manages_plan(user, plan) -> bool:
    return plan is not None and covers(user, plan.issuing_unit, PLANNER_ROLES)


@rules.predicate
def can_see_plan(user, plan) -> bool:
    from dienhinh.plans.models import Plan

    return plan is not None and Plan.objects.visible_to(user).filter(pk=plan.pk).exists()


# For add_plan and add_movement the object is the issuing / launching unit.
rules.add_perm("plans.add_plan", rules.is_authenticated & (is_sysadmin | plans_for_unit))
rules.add_perm("plans.change_plan", rules.is_authenticated & (is_sysadmin | manages_plan))
rules.add_perm("plans.view_plan", rules.is_authenticated & (is_sysadmin | can_see_plan))
rules.add_perm("plans.add_movement", rules.is_authenticated & (is_sysadmin | plans_for_unit))
