"""Read-only helpers for the account pages: scoped querysets and unit lookups by code."""

from django.db.models import Prefetch

from dienhinh.accounts.models import RoleAssignment, User
from dienhinh.core.text import nfc
from dienhinh.orgs.models import OrgUnit


def visible_roles(viewer):
    """The role assignments ``viewer`` may see, with their units, in tree order."""
    return (
        RoleAssignment.objects.visible_to(viewer)
        .select_related("unit")
        .order_by("unit__path", "role")
    )


def visible_users(viewer):
    """Users ``viewer`` may see; each carries ``visible_roles``: only the roles ``viewer`` may
    see (a user's roles in other branches stay hidden)."""
    return User.objects.visible_to(viewer).prefetch_related(
        Prefetch("role_assignments", queryset=visible_roles(viewer), to_attr="visible_roles")
    )


def manages_any_unit(user) -> bool:
    """Whether ``user`` administers at least one unit (and so may invite or grant roles)."""
    return OrgUnit.objects.managed_by(user).exists()


def unit_by_code(units, code: str) -> OrgUnit | None:
    """The unit of the scoped queryset ``units`` with this code, matched exactly first and
    then ignoring case (codes are often typed in lower case on phones)."""
    code = nfc(code)
    if not code:
        return None
    unit = units.filter(code=code).first()
    if unit is not None:
        return unit
    matches = list(units.filter(code__iexact=code)[:2])
    return matches[0] if len(matches) == 1 else None
