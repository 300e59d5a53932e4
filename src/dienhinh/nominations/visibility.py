"""Who sees which nomination dossier: the single rule behind Nomination.objects.visible_to."""

from django.db.models import Exists, OuterRef, Q

from dienhinh.accounts.models import Role
from dienhinh.accounts.scope import assignments, is_system_admin, unit_filter
from dienhinh.nominations.enums import State

# Drafts are the nominating unit's working copies: only those who write dossiers see them.
DRAFT_ROLES = frozenset({Role.OFFICER, Role.SUBTREE_ADMIN})


def nomination_filter(user) -> Q:
    """A ``Q`` on Nomination.

    - Dossiers of units in the user's scope, except drafts, which only the unit's officers
      (and administrators) see.
    - Dossiers that are, or have been, in review at a unit where the user holds a role for
      that unit alone (a reviewer whose role does not cover the subtree still sees what was
      sent to their unit). For roles covering a subtree this adds nothing: a dossier only
      travels up through its own unit's ancestors, so whatever reached a unit of the subtree
      was nominated inside it. Leaving those clauses out keeps the query index-friendly.
    """
    from dienhinh.nominations.models import Transition
    from dienhinh.orgs.models import OrgUnit

    if is_system_admin(user):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    # Subqueries on the unit ids (not a join on the path) let the database walk the
    # dossiers' own indexes.
    unit = OrgUnit.objects.filter(pk=OuterRef("nominating_unit_id"))
    # A draft withdrawn before it was ever submitted (round 0) is as private as a draft.
    private = Q(state=State.DRAFT) | Q(state=State.WITHDRAWN, round=0)
    visible = Exists(unit.filter(unit_filter(user))) & (
        ~private | Exists(unit.filter(unit_filter(user, DRAFT_ROLES)))
    )
    unit_only = sorted({a.unit_id for a in assignments(user) if not a.covers_subtree})
    if unit_only:
        reached = Transition.objects.filter(nomination=OuterRef("pk"), to_unit_id__in=unit_only)
        visible |= Q(current_unit_id__in=unit_only) | Exists(reached)
    return visible
