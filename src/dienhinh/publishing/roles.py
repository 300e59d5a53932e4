"""Who writes, publishes, takes down and features stories: role checks on the unit tree,
shared by the workflow, the editing functions, the permission rules and the pages."""

from dienhinh.accounts.models import Role
from dienhinh.accounts.scope import assignments, covers, is_system_admin
from dienhinh.orgs.models import OrgUnit, UnitKind

# Editors write and publish their unit's stories; subtree administrators may too.
EDITOR_ROLES = frozenset({Role.EDITOR, Role.SUBTREE_ADMIN})
# "The federation" that puts stories on the home page: an editor at one of these units.
FEDERATION_KINDS = frozenset({UnitKind.NATIONAL, UnitKind.PROVINCE, UnitKind.CENTRAL_INDUSTRY})


def writes_stories(user, unit: OrgUnit | None) -> bool:
    """An editor (or subtree administrator) of ``unit``, directly or through its subtree."""
    return covers(user, unit, EDITOR_ROLES)


def edits_above(user, unit: OrgUnit | None) -> bool:
    """An editor of a unit strictly above ``unit`` whose role covers the subtree: the upper
    unit that may take down a lower unit's story."""
    if unit is None:
        return False
    if is_system_admin(user):
        return True
    return any(
        a.role in EDITOR_ROLES
        and a.covers_subtree
        and a.unit_id != unit.pk
        and unit.path.startswith(a.unit.path)
        for a in assignments(user)
    )


def features_stories(user, unit: OrgUnit | None) -> bool:
    """An editor of the federation over ``unit`` (the unit itself or one above it, of a
    federation kind), who puts stories of any level on the home page."""
    if unit is None:
        return False
    if is_system_admin(user):
        return True
    return any(
        a.role in EDITOR_ROLES
        and a.unit.kind in FEDERATION_KINDS
        and (a.unit_id == unit.pk or (a.covers_subtree and unit.path.startswith(a.unit.path)))
        for a in assignments(user)
    )


def edits_anywhere(user) -> bool:
    """Whether the user writes stories for some unit (no query: roles are cached)."""
    return is_system_admin(user) or any(a.role in EDITOR_ROLES for a in assignments(user))
