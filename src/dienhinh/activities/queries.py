"""The activity list's filters (kind, unit, plan, group, period) over the visible ones."""

import datetime

from django.db.models import Q

from dienhinh.activities.models import Activity, ActivityKind


def filtered(
    user,
    *,
    kind: str = "",
    unit=None,
    plan=None,
    group=None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
):
    """Activities the user sees, narrowed by the filters given. ``unit`` takes its subtree
    (and, for seminars, the ones it took part in)."""
    qs = Activity.objects.visible_to(user)
    if kind in ActivityKind.values:
        qs = qs.filter(kind=kind)
    if unit is not None:
        qs = qs.filter(
            Q(unit__path__startswith=unit.path)
            | Q(
                pk__in=Activity.participating_units.through.objects.filter(
                    orgunit__path__startswith=unit.path
                ).values("activity_id")
            )
        )
    if plan is not None:
        qs = qs.filter(plan=plan)
    if group is not None:
        qs = qs.filter(group=group)
    if date_from:
        qs = qs.filter(held_on__gte=date_from)
    if date_to:
        qs = qs.filter(held_on__lte=date_to)
    return qs.select_related("unit", "plan", "group").order_by("-held_on", "-pk")
