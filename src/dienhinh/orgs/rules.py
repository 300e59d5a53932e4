"""Permission predicates for units and emulation groups, shared by pages and API."""

import rules

from dienhinh.accounts.rules import administers_unit, is_sysadmin
from dienhinh.accounts.scope import ADMIN_ROLES, covers


@rules.predicate
def can_see_unit(user, unit) -> bool:
    return covers(user, unit)


@rules.predicate
def can_see_group(user, group) -> bool:
    if group is None:
        return False
    if covers(user, group.organizer) or covers(user, group.leader):
        return True
    return any(covers(user, unit) for unit in group.members.all())


@rules.predicate
def organizes_group(user, group) -> bool:
    return group is not None and covers(user, group.organizer, ADMIN_ROLES)


rules.add_perm("orgs.view_orgunit", rules.is_authenticated & (is_sysadmin | can_see_unit))
# For add_orgunit the object is the parent under which the new unit goes.
rules.add_perm("orgs.add_orgunit", rules.is_authenticated & (is_sysadmin | administers_unit))
rules.add_perm("orgs.change_orgunit", rules.is_authenticated & (is_sysadmin | administers_unit))
rules.add_perm("orgs.import_units", rules.is_authenticated & (is_sysadmin | administers_unit))
rules.add_perm("orgs.view_emulationgroup", rules.is_authenticated & (is_sysadmin | can_see_group))
# For add_emulationgroup the object is the organising unit.
rules.add_perm("orgs.add_emulationgroup", rules.is_authenticated & (is_sysadmin | administers_unit))
rules.add_perm(
    "orgs.change_emulationgroup", rules.is_authenticated & (is_sysadmin | organizes_group)
)
rules.add_perm(
    "orgs.delete_emulationgroup", rules.is_authenticated & (is_sysadmin | organizes_group)
)
