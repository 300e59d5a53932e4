"""What the plans app shows on the workspace home: plans open to the user's units."""

from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from dienhinh.accounts.scope import scope_key
from dienhinh.core import generations
from dienhinh.core.hooks import Panel
from dienhinh.orgs.domain import UNIT_GENERATION
from dienhinh.plans.changes import PLAN_GENERATION
from dienhinh.plans.models import Plan

HOME_ITEMS = 5
CACHE_LIFETIME = 300


def _open_plans(user, today) -> list[dict]:
    """The plain rows of the panel, cached per scope (accounts.scope.scope_key) under the
    plans' and units' generations (plans.changes, orgs.domain) and the day: a plan saved,
    issued, closed or retargeted, or a unit moved, gives new keys, so the next page reads
    the rows again."""
    key = ":".join(
        (
            "home-open-plans",
            scope_key(user),
            generations.current(PLAN_GENERATION),
            generations.current(UNIT_GENERATION),
            today.isoformat(),
        )
    )
    rows = cache.get(key)
    if rows is None:
        plans = (
            Plan.objects.visible_to(user)
            .taking_nominations(today)
            .order_by(F("nomination_deadline").asc(nulls_last=True), "pk")[:HOME_ITEMS]
        )
        rows = [
            {
                "pk": plan.pk,
                "reference": plan.reference,
                "title": plan.title,
                "nomination_deadline": plan.nomination_deadline,
            }
            for plan in plans.only("pk", "number", "symbol", "title", "nomination_deadline")
        ]
        cache.set(key, rows, CACHE_LIFETIME)
    return rows


def _with_days_left(row: dict, today) -> dict:
    """A new dict: the cached row stays as it was read."""
    deadline = row["nomination_deadline"]
    return {**row, "days_left": None if deadline is None else (deadline - today).days}


def home_open_plans(request) -> Panel | None:
    """Issued plans the user can see that take dossiers today, soonest deadline first with
    the days left, then those without a deadline (open until closed)."""
    today = timezone.localdate()
    plans = [_with_days_left(row, today) for row in _open_plans(request.user, today)]
    if not plans:
        return None
    return Panel("plans/_home_open_plans.html", {"open_plans": plans})
