"""Who sees which report: the single rule behind Report.objects.visible_to.

A report is seen in the scope of its unit: the unit's own people and whoever holds a role
over it with the subtree (the upper units that roll it up and accept it, the federation's
monitors). A sibling unit never sees it, nor its figures.
"""

from django.db.models import Q

from dienhinh.accounts.scope import unit_filter


def report_filter(user) -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return unit_filter(user, prefix="unit__")
