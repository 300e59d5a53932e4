"""Who sees which nomination dossier: the single rule behind Nomination.objects.visible_to."""

from django.db.models import Exists, OuterRef, Q

from dienhinh.accounts.models import Role
from dienhinh.accounts.scope import is_system_admin, unit_filter
from dienhinh.nominations.enums import State

# Drafts are the nominating unit's working copies: only those who write dossiers see them.
DRAFT_ROLES = frozenset({Role.OFFICER, Role.SUBTREE_ADMIN})


def nomination_filter(user) -> Q:
    """A ``Q`` on Nomination.

    - Dossiers of units in the user's scope, except drafts, which only the unit's officers
      (and administrators) see.
    - Dossiers that are, or have been, in review at a unit in the user's scope (a reviewer
      whose role does not cover the subtree still sees what was sent to their unit).
    """
    from dienhinh.nominations.models import Transition

    if is_system_admin(user):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    own = unit_filter(user, prefix="nominating_unit__") & (
        ~Q(state=State.DRAFT) | unit_filter(user, DRAFT_ROLES, prefix="nominating_unit__")
    )
    reached = Transition.objects.filter(nomination=OuterRef("pk")).filter(
        unit_filter(user, prefix="to_unit__")
    )
    return own | unit_filter(user, prefix="current_unit__") | Exists(reached)
