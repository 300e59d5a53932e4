"""What the dossier app shows on other apps' pages: the plan page's dossier panel and the
workspace home's panels. Each provider returns a core.hooks.Panel, or None for nothing."""

from django.db.models import Count

from dienhinh.accounts.scope import assignments
from dienhinh.core.hooks import Panel
from dienhinh.nominations.editing import plan_closed_reason
from dienhinh.nominations.enums import Action, State
from dienhinh.nominations.models import Nomination
from dienhinh.plans.models import Plan, PlanStatus


def _may_write_dossiers(user) -> bool:
    """Whether the user writes dossiers for some unit (an officer, or an administrator)."""
    return any(user.has_perm("nominations.add_nomination", a.unit) for a in assignments(user))


def plan_dossiers(request, *, plan: Plan) -> Panel:
    """The plan page's side panel: the plan's dossiers the user may see, per state (one
    query), and the "new dossier" button for those who write dossiers."""
    user = request.user
    rows = (
        Nomination.objects.visible_to(user)
        .filter(plan=plan)
        .order_by()
        .values("state")
        .annotate(n=Count("pk"))
    )
    counts = {row["state"]: row["n"] for row in rows}
    writes = plan.status != PlanStatus.DRAFT and _may_write_dossiers(user)
    # A plan past its deadline (or closed) says why nothing more can be filed, rather than
    # offering a button that would fail.
    closed_reason = plan_closed_reason(plan) if writes else None
    return Panel(
        "nominations/_plan_panel.html",
        {
            "plan": plan,
            "dossier_counts": [
                (value, label, counts[value]) for value, label in State.choices if counts.get(value)
            ],
            "can_nominate": writes and closed_reason is None,
            "closed_reason": closed_reason,
        },
    )


# --- The workspace home ---------------------------------------------------------------------

HOME_ITEMS = 5


def home_waiting(request) -> Panel | None:
    """Dossiers waiting for the user's review, oldest first (they have waited longest)."""
    from dienhinh.nominations.queries import waiting_for
    from dienhinh.nominations.tables import for_table

    waiting = waiting_for(request.user)
    items = list(for_table(waiting).order_by("updated_at", "pk")[:HOME_ITEMS])
    if not items:
        return None
    total = len(items) if len(items) < HOME_ITEMS else waiting.count()
    return Panel("nominations/_home_waiting.html", {"waiting": items, "waiting_total": total})


def home_returned(request) -> Panel | None:
    """Dossiers returned to the user's units for revision, with the reason given."""
    from django.db.models import Prefetch

    from dienhinh.nominations.enums import Action
    from dienhinh.nominations.models import Transition
    from dienhinh.nominations.queries import returned_to_writer
    from dienhinh.nominations.tables import for_table

    returns = Transition.objects.filter(action=Action.RETURN).order_by("-at", "-pk")
    returned = returned_to_writer(request.user)
    items = list(
        for_table(returned)
        .prefetch_related(Prefetch("transitions", queryset=returns, to_attr="returns"))
        .order_by("-updated_at", "-pk")[:HOME_ITEMS]
    )
    if not items:
        return None
    for item in items:
        item.last_return = item.returns[0] if item.returns else None
    total = len(items) if len(items) < HOME_ITEMS else returned.count()
    return Panel("nominations/_home_returned.html", {"returned": items, "returned_total": total})


DECISIONS = (Action.FORWARD, Action.RETURN, Action.SELECT, Action.REJECT)
RECENT_DAYS = 30


def home_decisions(request) -> Panel | None:
    """The latest decisions taken on the dossiers of the user's own units (forwarded,
    returned, selected, not selected), newest first."""
    import datetime

    from django.utils import timezone

    from dienhinh.accounts.scope import unit_filter
    from dienhinh.nominations.models import Transition
    from dienhinh.nominations.queries import writes_dossiers
    from dienhinh.nominations.workflow import WRITER_ROLES

    user = request.user
    if not writes_dossiers(user):
        return None
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    own = Nomination.objects.visible_to(user).filter(
        unit_filter(user, WRITER_ROLES, prefix="nominating_unit__")
    )
    steps = list(
        Transition.objects.filter(nomination__in=own, action__in=DECISIONS, at__gte=since)
        .select_related("nomination", "from_unit")
        .order_by("-at", "-pk")[:HOME_ITEMS]
    )
    if not steps:
        return None
    return Panel("nominations/_home_decisions.html", {"decisions": steps})
