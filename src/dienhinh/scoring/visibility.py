"""Who sees what of the scoring: the single rules behind the ``visible_to`` methods.

- A rubric (and a finalised version) is seen with its plan (Plan.objects.visible_to): the
  units the plan reaches may read how they will be scored.
- A unit's score breakdown (its entries, evidence, computed records) is seen in the scope of
  the unit: its own people and whoever holds a role over it with the subtree (the reviewing
  level, the issuing unit's monitors). A sibling unit never sees it.
- In a ranking (live or finalised) each row is shown only to someone who would see that
  unit's breakdown (``sees_unit``); the others read their own rank "of N units" and nothing
  of the rows they may not see.
"""

from django.db.models import Q

from dienhinh.accounts.scope import covers, unit_filter
from dienhinh.plans.visibility import plan_filter


def rubric_filter(user, *, prefix: str = "") -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    from dienhinh.plans.models import Plan

    return Q(**{f"{prefix}plan__in": Plan.objects.filter(plan_filter(user)).values("pk")})


def score_filter(user) -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return unit_filter(user, prefix="unit__")


def sees_unit(user, unit) -> bool:
    """Whether ``user`` sees ``unit``'s breakdown (no query: roles are cached). ``unit``
    needs ``pk`` and ``path`` (a frozen version's row gives both)."""
    return covers(user, unit)
