"""Who sees which audit entries. Core keeps the log; the scope rules live here, above it.

An entry belongs to the unit it names *as it was then* (``unit_path``), so a monitor keeps
seeing what happened in their subtree even after a unit moved away, and entries from before
a unit moved in stay with its old branch.
"""

from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from dienhinh.accounts.models import ApiToken, Role, User
from dienhinh.accounts.scope import assignments, covers, is_system_admin
from dienhinh.core.audit import SeesUnit
from dienhinh.core.models import AuditEntry

_NOTHING = Q(pk__in=[])


def _entry_scope(user, roles) -> Q:
    """Entries whose unit lies where ``user`` holds one of ``roles``: by path prefix for a role
    over the subtree, by the unit's id for a role at the unit only."""
    q = _NOTHING
    for assignment in assignments(user):
        if assignment.role not in roles:
            continue
        if assignment.covers_subtree:
            q |= Q(unit_path__startswith=assignment.unit.path)
        else:
            q |= Q(unit_id=assignment.unit_id)
    return q


def may_see_audit_log(user) -> bool:
    """System administrators and monitors have the audit list (no query once the user's roles
    are loaded, so the menu can ask on every page)."""
    if is_system_admin(user):
        return True
    return any(a.role == Role.MONITOR for a in assignments(user))


def visible_audit_entries(user) -> QuerySet:
    """The audit list's entries for ``user``: all for system administrators; for monitors
    those of units where they hold the monitor role; none for anyone else."""
    entries = AuditEntry.objects.all()
    if is_system_admin(user):
        return entries
    return entries.filter(_entry_scope(user, {Role.MONITOR}))


def sees_unit_for(user) -> SeesUnit:
    """Whether ``user`` may read a unit's name in an entry (units of other branches that an
    entry mentions, such as the parent a unit left, stay unnamed)."""

    def sees(unit_id, path: str) -> bool:
        if unit_id is None:
            return False
        return covers(user, SimpleNamespace(pk=unit_id, path=path or ""))

    return sees


def user_history(target: User, *, viewer) -> QuerySet:
    """Entries about ``target`` and their API tokens that ``viewer`` may see on the user's page:
    those of units in the viewer's scope, plus the unit-less ones (tokens, details) for the
    user themself. A user's roles in other branches stay hidden, as on the page itself."""
    tokens = ApiToken.objects.filter(user=target).values("pk")
    entries = AuditEntry.objects.filter(
        Q(target_type=ContentType.objects.get_for_model(User), target_id=target.pk)
        | Q(target_type=ContentType.objects.get_for_model(ApiToken), target_id__in=tokens)
    ).order_by("-at", "-id")
    if is_system_admin(viewer):
        return entries
    scope = _entry_scope(viewer, set(Role.values))
    if viewer.pk == target.pk:
        scope |= Q(unit_id__isnull=True)
    return entries.filter(scope)
