"""Who sees which plan: the single rule behind Plan.objects.visible_to."""

from django.db.models import Exists, OuterRef, Q

from dienhinh.accounts.scope import ancestor_paths, is_system_admin, unit_filter


def plan_filter(user) -> Q:
    """A ``Q`` on Plan.

    - Everyone whose scope covers the issuing unit sees its plans, drafts included.
    - Once issued, a plan is also seen by the units it is addressed to: with the subtree
      target, every unit under the issuer; with chosen targets, the chosen units' subtrees
      (and those who look after a chosen unit from above).
    """
    from dienhinh.plans.models import Plan, PlanStatus, TargetMode

    if is_system_admin(user):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    above = sorted(ancestor_paths(user))
    own = unit_filter(user, prefix="issuing_unit__")
    chosen = Plan.target_units.through.objects.filter(plan=OuterRef("pk")).filter(
        Q(orgunit__path__in=above) | unit_filter(user, prefix="orgunit__")
    )
    addressed = (Q(target_mode=TargetMode.SUBTREE) & Q(issuing_unit__path__in=above)) | (
        Q(target_mode=TargetMode.CHOSEN) & Exists(chosen)
    )
    return own | (~Q(status=PlanStatus.DRAFT) & addressed)
