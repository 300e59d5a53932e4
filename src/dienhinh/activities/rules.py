"""Who records activities: the officers, editors and subtree administrators of the unit
that held it (the host unit for a seminar), directly or through a role over its subtree.
Reviewers and monitors read them (they are in scope) but do not write them."""

import rules

from dienhinh.accounts.models import Role
from dienhinh.accounts.rules import is_sysadmin
from dienhinh.accounts.scope import assignments, covers, is_system_admin

ACTIVITY_WRITER_ROLES = frozenset({Role.OFFICER, Role.EDITOR, Role.SUBTREE_ADMIN})


def records_activities_for(user, unit) -> bool:
    return covers(user, unit, ACTIVITY_WRITER_ROLES)


def records_activities_anywhere(user) -> bool:
    """Whether the user may record activities for some unit (no query: roles are cached)."""
    return is_system_admin(user) or any(a.role in ACTIVITY_WRITER_ROLES for a in assignments(user))


@rules.predicate
def writes_for_unit(user, unit) -> bool:
    return records_activities_for(user, unit)


@rules.predicate
def writes_activity(user, activity) -> bool:
    return activity is not None and records_activities_for(user, activity.unit)


# For add_activity the object is the unit that held it.
rules.add_perm("activities.add_activity", rules.is_authenticated & (is_sysadmin | writes_for_unit))
rules.add_perm(
    "activities.change_activity", rules.is_authenticated & (is_sysadmin | writes_activity)
)
rules.add_perm(
    "activities.delete_activity", rules.is_authenticated & (is_sysadmin | writes_activity)
)
