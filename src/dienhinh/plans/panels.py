"""What the plans app shows on the workspace home: plans open to the user's units."""

from django.db.models import F
from django.utils import timezone

from dienhinh.core.hooks import Panel
from dienhinh.plans.models import Plan

HOME_ITEMS = 5


def home_open_plans(request) -> Panel | None:
    """Issued plans the user can see that take dossiers today, soonest deadline first with
    the days left, then those without a deadline (open until closed)."""
    today = timezone.localdate()
    plans = list(
        Plan.objects.visible_to(request.user)
        .taking_nominations(today)
        .select_related("issuing_unit")
        .order_by(F("nomination_deadline").asc(nulls_last=True), "pk")[:HOME_ITEMS]
    )
    if not plans:
        return None
    for plan in plans:
        deadline = plan.nomination_deadline
        plan.days_left = None if deadline is None else (deadline - today).days
    return Panel("plans/_home_open_plans.html", {"open_plans": plans})
