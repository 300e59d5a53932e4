"""Permission predicates for users, roles and tokens, shared by pages and API."""

import rules

from dienhinh.accounts.models import Role, User
from dienhinh.accounts.scope import ADMIN_ROLES, covers, covers_with_subtree, is_system_admin


@rules.predicate
def is_sysadmin(user) -> bool:
    return is_system_admin(user)


@rules.predicate
def administers_unit(user, unit) -> bool:
    """``unit`` lies in a subtree where ``user`` is an administrator."""
    return covers(user, unit, ADMIN_ROLES)


@rules.predicate
def administers_subtree(user, unit) -> bool:
    """``user`` administers ``unit`` and everything below it (a role covering the subtree)."""
    return covers_with_subtree(user, unit, ADMIN_ROLES)


@rules.predicate
def can_see_user(user, other) -> bool:
    # The one rule for who sees whom is User.objects.visible_to; this asks it about one user.
    if other is None:
        return False
    return other.pk == user.pk or User.objects.visible_to(user).filter(pk=other.pk).exists()


@rules.predicate
def can_manage_user(user, other) -> bool:
    if other is None or other.pk == user.pk:
        return False
    if is_system_admin(user):
        return True
    roles = list(other.role_assignments.select_related("unit"))
    # A subtree administrator never edits a system administrator, even one placed in their
    # subtree: that would let them lock out the people above them.
    if other.is_superuser or any(a.role == Role.SYSTEM_ADMIN for a in roles):
        return False
    return bool(roles) and all(covers(user, a.unit, ADMIN_ROLES) for a in roles)


@rules.predicate
def can_see_assignment(user, assignment) -> bool:
    return assignment is not None and (
        assignment.user_id == user.pk or covers(user, assignment.unit)
    )


@rules.predicate
def can_manage_assignment(user, assignment) -> bool:
    if assignment is None:
        return False
    if assignment.role == Role.SYSTEM_ADMIN and not is_system_admin(user):
        return False
    return covers(user, assignment.unit, ADMIN_ROLES)


rules.add_perm("accounts.view_user", rules.is_authenticated & (is_sysadmin | can_see_user))
rules.add_perm("accounts.add_user", rules.is_authenticated & (is_sysadmin | administers_unit))
rules.add_perm("accounts.change_user", rules.is_authenticated & (is_sysadmin | can_manage_user))
rules.add_perm(
    "accounts.view_roleassignment", rules.is_authenticated & (is_sysadmin | can_see_assignment)
)
rules.add_perm(
    "accounts.add_roleassignment", rules.is_authenticated & (is_sysadmin | administers_unit)
)
rules.add_perm(
    "accounts.change_roleassignment", rules.is_authenticated & (is_sysadmin | can_manage_assignment)
)
rules.add_perm(
    "accounts.delete_roleassignment", rules.is_authenticated & (is_sysadmin | can_manage_assignment)
)
# Granting a role that covers a subtree needs admin rights over that whole subtree: an
# admin of one unit alone must not hand out (or take) power over the units below it.
rules.add_perm(
    "accounts.grant_subtree_role", rules.is_authenticated & (is_sysadmin | administers_subtree)
)
rules.add_perm("accounts.grant_system_admin", rules.is_authenticated & is_sysadmin)
