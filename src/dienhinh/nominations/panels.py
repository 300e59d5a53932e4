"""What the dossier app shows on other apps' pages: the plan page's dossier panel and the
workspace home's panels. Each provider returns a core.hooks.Panel, or None for nothing."""

import datetime

from django.db.models import Count
from django.utils import timezone

from dienhinh.accounts.scope import assignments, scope_key, unit_filter
from dienhinh.core import generations
from dienhinh.core.hooks import Panel
from dienhinh.nominations.editing import plan_closed_reason
from dienhinh.nominations.enums import Action, State
from dienhinh.nominations.models import Nomination, Transition
from dienhinh.nominations.queries import returned_to_writer, waiting_for, writes_dossiers
from dienhinh.nominations.workflow import DOSSIER_GENERATION, WRITER_ROLES
from dienhinh.orgs.domain import UNIT_GENERATION
from dienhinh.plans.changes import PLAN_GENERATION
from dienhinh.plans.models import Plan, PlanStatus, SubjectKind


def _may_write_dossiers(user) -> bool:
    """Whether the user writes dossiers for some unit (an officer, or an administrator)."""
    return any(user.has_perm("nominations.add_nomination", a.unit) for a in assignments(user))


def _counts_by_state(user, plan: Plan) -> dict[str, int]:
    rows = (
        Nomination.objects.visible_to(user)
        .filter(plan=plan)
        .order_by()
        .values("state")
        .annotate(n=Count("pk"))
    )
    return {row["state"]: row["n"] for row in rows}


def plan_dossiers(request, *, plan: Plan) -> Panel:
    """The plan page's side panel: the plan's dossiers the user may see, per state (one
    query, cached per scope under the dossiers' and units' generations: a dossier created,
    moved on or deleted shows on the next page), and the "new dossier" button for those who
    write dossiers."""
    user = request.user
    counts = generations.cached(
        f"plan-dossier-counts:{plan.pk}",
        (scope_key(user),),
        (DOSSIER_GENERATION, UNIT_GENERATION),
        lambda: _counts_by_state(user, plan),
    )
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
# What the home panels' rows read of a dossier, its unit and its plan.
HOME_COLUMNS = (
    "pk",
    "subject_kind",
    "full_name",
    "collective_name",
    "updated_at",
    "nominating_unit__name",
    "nominating_unit__short_name",
    "plan__number",
    "plan__symbol",
)
# Every kind of row the home panels read: dossiers (their saves and transitions, with the
# return steps: nominations.changes), units (names and paths: orgs.changes) and plans
# (references, issuing units: plans.changes).
HOME_DEPENDS_ON = (DOSSIER_GENERATION, UNIT_GENERATION, PLAN_GENERATION)


def _home_row(values: dict) -> dict:
    individual = values["subject_kind"] == SubjectKind.INDIVIDUAL
    return {
        "pk": values["pk"],
        "subject_name": values["full_name"] if individual else values["collective_name"],
        "updated_at": values["updated_at"],
        "unit_name": values["nominating_unit__short_name"] or values["nominating_unit__name"],
        "plan_reference": f"{values['plan__number']}/{values['plan__symbol']}",
    }


def _waiting_rows(user) -> dict:
    waiting = waiting_for(user)
    rows = [
        _home_row(values)
        for values in waiting.order_by("updated_at", "pk").values(*HOME_COLUMNS)[:HOME_ITEMS]
    ]
    total = len(rows) if len(rows) < HOME_ITEMS else waiting.count()
    return {"rows": rows, "total": total}


def home_waiting(request) -> Panel | None:
    """Dossiers waiting for the user's review, oldest first (they have waited longest). The
    rows are cached per scope under the generations of what they read (``HOME_DEPENDS_ON``);
    their age is worked out at each page."""
    user = request.user
    waiting = generations.cached(
        "home-waiting", (scope_key(user),), HOME_DEPENDS_ON, lambda: _waiting_rows(user)
    )
    if not waiting["rows"]:
        return None
    return Panel(
        "nominations/_home_waiting.html",
        {"waiting": waiting["rows"], "waiting_total": waiting["total"]},
    )


def _returned_rows(user) -> dict:
    returned = returned_to_writer(user)
    rows = [
        _home_row(values)
        for values in returned.order_by("-updated_at", "-pk").values(*HOME_COLUMNS)[:HOME_ITEMS]
    ]
    if not rows:
        return {"rows": [], "total": 0}
    # The latest return of each (the one the dossier is in now), in one query.
    steps = (
        Transition.objects.filter(nomination__in=[row["pk"] for row in rows], action=Action.RETURN)
        .order_by("nomination", "-at", "-pk")
        .values("nomination", "at", "reason")
    )
    latest: dict[int, dict] = {}
    for step in steps:
        latest.setdefault(step["nomination"], {"at": step["at"], "reason": step["reason"]})
    for row in rows:
        row["last_return"] = latest.get(row["pk"])
    total = len(rows) if len(rows) < HOME_ITEMS else returned.count()
    return {"rows": rows, "total": total}


def home_returned(request) -> Panel | None:
    """Dossiers returned to the user's units for revision, with the reason given, cached
    like ``home_waiting``'s."""
    user = request.user
    if not writes_dossiers(user):
        return None
    returned = generations.cached(
        "home-returned", (scope_key(user),), HOME_DEPENDS_ON, lambda: _returned_rows(user)
    )
    if not returned["rows"]:
        return None
    return Panel(
        "nominations/_home_returned.html",
        {"returned": returned["rows"], "returned_total": returned["total"]},
    )


DECISIONS = (Action.FORWARD, Action.RETURN, Action.SELECT, Action.REJECT)
RECENT_DAYS = 30


def home_decisions(request) -> Panel | None:
    """The latest decisions taken on the dossiers of the user's own units (forwarded,
    returned, selected, not selected), newest first."""
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
