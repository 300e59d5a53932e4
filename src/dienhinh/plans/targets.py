"""Which units a plan is addressed to, by materialised path."""

from django.db.models import Q

from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan, TargetMode


def target_units(plan: Plan):
    """Every unit the plan reaches: the issuer's subtree, or the chosen units' subtrees."""
    if plan.target_mode == TargetMode.SUBTREE:
        return OrgUnit.objects.filter(path__startswith=plan.issuing_unit.path).exclude(
            pk=plan.issuing_unit_id
        )
    q = Q(pk__in=[])
    for unit in plan.target_units.all():
        q |= Q(path__startswith=unit.path)
    return OrgUnit.objects.filter(q)
