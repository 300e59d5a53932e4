"""Who sees which activity: the single rule behind Activity.objects.visible_to.

An activity is seen in the scope of its unit (any role on the unit or above it with the
subtree). A seminar is also seen in the scope of each participating unit: the units that
took part present their examples there and count it in their own work, so their officers
and those above them read its record, minutes and photos. Nobody else does: a seminar of
another cluster stays invisible even to units of the same province's other branches.
"""

from django.db.models import Exists, OuterRef, Q

from dienhinh.accounts.scope import is_system_admin, unit_filter


def activity_filter(user) -> Q:
    from dienhinh.activities.models import Activity, ActivityKind

    if is_system_admin(user):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    own = unit_filter(user, prefix="unit__")
    joined = Activity.participating_units.through.objects.filter(
        unit_filter(user, prefix="orgunit__"), activity=OuterRef("pk")
    )
    return own | (Q(kind=ActivityKind.SEMINAR) & Exists(joined))
