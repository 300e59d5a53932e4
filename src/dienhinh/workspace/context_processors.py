"""The main menu of the signed-in pages: which entries this person can use, and the count
of what waits for them ("Chờ tôi xử lý (3)").

An entry that can only be empty for the person is left out (no role: no dossiers, plans,
units, users or groups to see; no reviewing or writing role: nothing can wait for them).
The count is cached per scope (accounts.scope.scope_key: the same for two people exactly
when their roles are, and new when a role is granted or revoked) under the generations of
the dossiers, which every dossier transition bumps, and of the units, which a unit move
bumps (a move changes which dossiers lie in a subtree). So it never lags a decision, a new
role or a move, and costs no query on most page views. Everything is lazy: pages rendered
without the menu (HTMX fragments) pay nothing.
"""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from dienhinh.accounts.audit import may_see_audit_log
from dienhinh.accounts.scope import assignments, is_system_admin, scope_key
from dienhinh.core import generations
from dienhinh.nominations.queries import returned_to_writer, waiting_for, writes_dossiers
from dienhinh.nominations.workflow import DECIDER_ROLES, DOSSIER_GENERATION
from dienhinh.orgs.domain import UNIT_GENERATION
from dienhinh.reports.roles import reports_anywhere

COUNT_LIFETIME = 300


def _pending(user) -> int:
    key = ":".join(
        (
            "menu-pending",
            scope_key(user),
            generations.current(DOSSIER_GENERATION),
            generations.current(UNIT_GENERATION),
        )
    )
    count = cache.get(key)
    if count is None:
        count = waiting_for(user).count()
        if writes_dossiers(user):
            count += returned_to_writer(user).count()
        cache.set(key, count, COUNT_LIFETIME)
    return count


def _menu(user) -> dict:
    if not user.is_authenticated:
        return {}
    roles = {a.role for a in assignments(user)}
    has_role = bool(roles) or is_system_admin(user)
    acts = is_system_admin(user) or bool(roles & DECIDER_ROLES) or writes_dossiers(user)
    return {
        "has_role": has_role,
        "inbox": acts,
        "pending": SimpleLazyObject(lambda: _pending(user)) if acts else 0,
        "audit": may_see_audit_log(user),
        # Reports: only for people who write, approve or monitor reports somewhere.
        "reports": reports_anywhere(user),
    }


def menu(request) -> dict:
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"menu": SimpleLazyObject(lambda: _menu(user))}
