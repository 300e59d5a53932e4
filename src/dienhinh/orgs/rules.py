"""Permission predicates for units and emulation groups, shared by pages and API."""

import rules

from dienhinh.accounts.rules import administers_unit, is_sysadmin
from dienhinh.accounts.scope import ADMIN_ROLES, covers
from dienhinh.orgs.models import EmulationGroup


@rules.predicate
def can_see_unit(user, unit) -> bool:
    return covers(user, unit)


@rules.predicate
def can_see_group(user, group) -> bool:
    # The one rule for who sees a group is EmulationGroup.objects.visible_to.
    if group is None:
        return False
    return EmulationGroup.objects.visible_to(user).filter(pk=group.pk).exists()


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
