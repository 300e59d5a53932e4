"""Where a user may act: the single source of unit scope for pages, API, exports and search.

A user's role assignments are loaded once per user object and turned into a filter on the
materialised path of ``OrgUnit``: a role covering the subtree matches every path that starts
with the unit's path, otherwise only the unit itself.
"""

import hashlib
from collections.abc import Iterable

from django.db.models import Q

from dienhinh.accounts.models import Role, RoleAssignment

ADMIN_ROLES = frozenset({Role.SUBTREE_ADMIN, Role.SYSTEM_ADMIN})
ALL_ROLES = frozenset(Role.values)
_CACHE_ATTR = "_dienhinh_assignments"
_KEY_ATTR = "_dienhinh_scope_key"
_NOTHING = Q(pk__in=[])


def assignments(user) -> list[RoleAssignment]:
    """The user's role assignments with their units, cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = _load_assignments(user.pk)
        setattr(user, _CACHE_ATTR, cached)
    return cached


_LOADING: list = []  # [Prepared, own fields, unit fields], made on the first use


def _load_assignments(user_id: int) -> list[RoleAssignment]:
    """``RoleAssignment.objects.filter(user=user).select_related("unit")``: the same query,
    compiled once per connection (core.prepared) and read into the same instances. Every
    signed-in request runs it; building and compiling it took longer than the answer."""
    from dienhinh.core.prepared import Prepared
    from dienhinh.orgs.models import OrgUnit

    if not _LOADING:
        own = [field.attname for field in RoleAssignment._meta.concrete_fields]
        unit = [field.attname for field in OrgUnit._meta.concrete_fields]
        columns = [*own, *(f"unit__{name}" for name in unit)]
        query = Prepared(
            lambda user_id: RoleAssignment.objects.filter(user_id=user_id).values_list(*columns)
        )
        _LOADING.extend((query, own, unit))
    query, own, unit = _LOADING
    cache = RoleAssignment._meta.get_field("unit")
    loaded = []
    for row in query.rows(user_id):
        assignment = RoleAssignment.from_db(query.using, own, [row[name] for name in own])
        cache.set_cached_value(
            assignment,
            OrgUnit.from_db(query.using, unit, [row[f"unit__{name}"] for name in unit]),
        )
        loaded.append(assignment)
    return loaded


def scope_key(user) -> str:
    """A short key that is the same for two users exactly when their scope is: what they may
    see depends only on these (superuser, active, each role with its unit's path and reach),
    so a value cached under it (with the generations of the rows it read) is shared by
    people of the same scope and never shown to anyone else."""
    if not getattr(user, "is_authenticated", False):
        return "anonymous"
    # Kept beside the assignments it is made of (a page asks for it once per cached panel).
    key = getattr(user, _KEY_ATTR, None)
    if key is None:
        held = sorted((a.role, a.unit_id, a.unit.path, a.covers_subtree) for a in assignments(user))
        fingerprint = repr((user.is_superuser, user.is_active, held))
        key = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
        setattr(user, _KEY_ATTR, key)
    return key


def forget_assignments(user) -> None:
    """Drop the cache after the user's roles change within the same request."""
    for name in (_CACHE_ATTR, _KEY_ATTR):
        if hasattr(user, name):
            delattr(user, name)


def is_system_admin(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or any(a.role == Role.SYSTEM_ADMIN for a in assignments(user))


def unit_filter(user, roles: Iterable[str] | None = None, *, prefix: str = "") -> Q:
    """A ``Q`` on OrgUnit (or on a relation to it, via ``prefix`` such as ``"unit__"``) that
    matches the units where ``user`` holds one of ``roles`` (any role when None)."""
    if is_system_admin(user):
        return Q()
    wanted = ALL_ROLES if roles is None else frozenset(roles)
    q = _NOTHING
    seen: set[tuple[str, bool]] = set()
    for assignment in assignments(user):
        if assignment.role not in wanted:
            continue
        key = (assignment.unit.path, assignment.covers_subtree)
        if key in seen:
            continue
        seen.add(key)
        if assignment.covers_subtree:
            q |= Q(**{f"{prefix}path__startswith": assignment.unit.path})
        else:
            q |= Q(**{f"{prefix}pk": assignment.unit_id})
    return q


def covers(user, unit, roles: Iterable[str] | None = None) -> bool:
    """Whether ``user`` holds one of ``roles`` at ``unit`` (directly or through its subtree)."""
    if unit is None:
        return False
    if is_system_admin(user):
        return True
    wanted = ALL_ROLES if roles is None else frozenset(roles)
    for assignment in assignments(user):
        if assignment.role not in wanted:
            continue
        if assignment.unit_id == unit.pk:
            return True
        if assignment.covers_subtree and unit.path.startswith(assignment.unit.path):
            return True
    return False


def covers_with_subtree(user, unit, roles: Iterable[str] | None = None) -> bool:
    """Whether ``user`` holds one of ``roles`` at ``unit`` or above it *with* the subtree."""
    if unit is None:
        return False
    if is_system_admin(user):
        return True
    wanted = ALL_ROLES if roles is None else frozenset(roles)
    return any(
        a.role in wanted and a.covers_subtree and unit.path.startswith(a.unit.path)
        for a in assignments(user)
    )


def top_units(user, roles: Iterable[str] | None = None) -> list:
    """The highest units of the user's scope: the roots of what the tree browser shows."""
    from dienhinh.orgs.models import OrgUnit

    if is_system_admin(user):
        return list(OrgUnit.objects.get_root_nodes())
    wanted = ALL_ROLES if roles is None else frozenset(roles)
    units = {a.unit.pk: a.unit for a in assignments(user) if a.role in wanted}
    covering = [a.unit for a in assignments(user) if a.role in wanted and a.covers_subtree]
    tops = [
        unit
        for unit in units.values()
        if not any(c.pk != unit.pk and unit.path.startswith(c.path) for c in covering)
    ]
    return sorted(tops, key=lambda u: u.path)


def ancestor_paths(user) -> set[str]:
    """Materialised paths of every unit above (or at) a unit where ``user`` holds a role."""
    from dienhinh.orgs.models import OrgUnit

    step = OrgUnit.steplen
    paths: set[str] = set()
    for assignment in assignments(user):
        path = assignment.unit.path
        paths.update(path[:end] for end in range(step, len(path) + 1, step))
    return paths


def unit_and_ancestors_filter(user, *, prefix: str = "") -> Q:
    """Units in the user's scope and every unit above them: what launches or issues things
    that reach the user (movements, plans), as opposed to what the user may act on."""
    if is_system_admin(user):
        return Q()
    paths = ancestor_paths(user)
    return unit_filter(user, prefix=prefix) | Q(**{f"{prefix}path__in": sorted(paths)})
