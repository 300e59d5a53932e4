"""What the plans app shows on the workspace home: plans open to the user's units."""

from django.utils import timezone

from dienhinh.core.hooks import Panel
from dienhinh.plans.models import Plan, PlanStatus

HOME_ITEMS = 5


def home_open_plans(request) -> Panel | None:
    """Issued plans the user can see whose nomination deadline has not passed, soonest
    deadline first, with the days left."""
    today = timezone.localdate()
    plans = list(
        Plan.objects.visible_to(request.user)
        .filter(status=PlanStatus.ISSUED, nomination_deadline__gte=today)
        .select_related("issuing_unit")
        .order_by("nomination_deadline", "pk")[:HOME_ITEMS]
    )
    if not plans:
        return None
    for plan in plans:
        plan.days_left = (plan.nomination_deadline - today).days
    return Panel("plans/_home_open_plans.html", {"open_plans": plans})
