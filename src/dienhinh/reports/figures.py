"""The figures of a report, computed live from the system until the report is submitted,
then frozen into the version as JSON (``SCHEMA_VERSION``).

Every figure is an aggregate over the unit's subtree by materialised path (``path LIKE
'<unit path>%'``): three queries whatever the subtree's size, never a loop over units.

Seminars count for their host's subtree as *seminars* and, once each, for the subtrees of
the units that took part without hosting them as *seminars attended* (reports.seminars has
the rule). Schema 2 added ``seminars_attended``; a version frozen under schema 1 has none.

The same queries group by any key in one GROUP BY each (``grouped_figures``): by child unit
the key is the path's prefix of the child's length (``Substr(path, 1, len(child.path))``),
by shared field the dossier's ``field__shared`` (plans.SharedField), by emulation group the
membership of the unit (``unit__group_memberships__group``), by month ``TruncMonth`` of the
date. The monitoring page (another session) builds on ``grouped_figures``.
"""

import datetime

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from dienhinh.activities.models import Activity, ActivityKind
from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Nomination
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.publishing.models import Story
from dienhinh.publishing.readings import readings_between
from dienhinh.reports import seminars

SCHEMA_VERSION = 2
FIGURE_KEYS = (
    "dossiers",
    "stories_published",
    "story_views",
    "meetings",
    "meeting_participants",
    "seminars",
    "seminar_participants",
    "seminars_attended",
)


def story_views(plan: Plan, unit: OrgUnit) -> int:
    """Readings of the subtree's published stories of the plan, from the plan's issue (or
    the start of its year) until today (publishing.readings' daily counts)."""
    start = plan.issued_on or datetime.date(plan.year, 1, 1)
    stories = _stories(plan).filter(unit__path__startswith=unit.path).values("pk")
    return readings_between(stories, start, timezone.localdate())


def _dossiers(plan: Plan):
    return Nomination.objects.filter(plan=plan).exclude(state=State.WITHDRAWN).order_by()


def _stories(plan: Plan):
    """Stories ever published that tell about a dossier of the plan, or are in one of the
    plan's shared fields."""
    about_plan = Q(story_dossiers__nomination__plan=plan) | Q(field__plan_fields__plan=plan)
    return Story.objects.filter(about_plan, first_published_at__isnull=False).order_by()


def _activities(plan: Plan):
    return Activity.objects.filter(plan=plan).order_by()


_ACTIVITY_SUMS = {
    "meetings": Count("pk", filter=Q(kind=ActivityKind.MEETING)),
    "meeting_participants": Coalesce(Sum("participants", filter=Q(kind=ActivityKind.MEETING)), 0),
    "seminars": Count("pk", filter=Q(kind=ActivityKind.SEMINAR)),
    "seminar_participants": Coalesce(Sum("participants", filter=Q(kind=ActivityKind.SEMINAR)), 0),
}


def empty_figures() -> dict:
    return {
        "schema": SCHEMA_VERSION,
        "dossiers": {value: 0 for value in State.values if value != State.WITHDRAWN},
        "dossiers_total": 0,
        "stories_published": 0,
        "story_views": 0,
        "meetings": 0,
        "meeting_participants": 0,
        "seminars": 0,
        "seminar_participants": 0,
        "seminars_attended": 0,
    }


def live_figures(plan: Plan, unit: OrgUnit) -> dict:
    """The figures of ``unit``'s subtree for ``plan`` now (five queries)."""
    figures = empty_figures()
    path = unit.path
    rows = (
        _dossiers(plan)
        .filter(nominating_unit__path__startswith=path)
        .values("state")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        figures["dossiers"][row["state"]] = row["n"]
    figures["dossiers_total"] = sum(figures["dossiers"].values())
    figures["stories_published"] = (
        _stories(plan).filter(unit__path__startswith=path).values("pk").distinct().count()
    )
    figures["story_views"] = story_views(plan, unit)
    figures.update(
        _activities(plan).filter(unit__path__startswith=path).aggregate(**_ACTIVITY_SUMS)
    )
    figures["seminars_attended"] = seminars.seminars_attended(plan, path)
    return figures


def grouped_figures(plan: Plan, *, within: OrgUnit, level: int) -> dict[str, dict]:
    """Figures of every unit ``level`` steps below ``within``, keyed by that unit's path:
    one GROUP BY per figure over the prefix of the path (four queries in all)."""
    length = len(within.path) + level * OrgUnit.steplen
    result: dict[str, dict] = {}

    def slot(prefix: str) -> dict:
        return result.setdefault(prefix, empty_figures())

    dossiers = (
        _dossiers(plan)
        .filter(nominating_unit__path__startswith=within.path)
        .annotate(prefix=Substr("nominating_unit__path", 1, length))
        .values("prefix", "state")
        .annotate(n=Count("pk"))
    )
    for row in dossiers:
        if len(row["prefix"]) != length:
            continue  # the unit's own dossiers, above the level asked for
        figures = slot(row["prefix"])
        figures["dossiers"][row["state"]] = row["n"]
        figures["dossiers_total"] += row["n"]
    stories = (
        _stories(plan)
        .filter(unit__path__startswith=within.path)
        .annotate(prefix=Substr("unit__path", 1, length))
        .values("prefix")
        .annotate(n=Count("pk", distinct=True))
    )
    for row in stories:
        if len(row["prefix"]) == length:
            slot(row["prefix"])["stories_published"] = row["n"]
    activities = (
        _activities(plan)
        .filter(unit__path__startswith=within.path)
        .annotate(prefix=Substr("unit__path", 1, length))
        .values("prefix")
        .annotate(**_ACTIVITY_SUMS)
    )
    for row in activities:
        if len(row["prefix"]) == length:
            slot(row["prefix"]).update({key: row[key] for key in _ACTIVITY_SUMS})
    for prefix, n in seminars.attended_by_prefix(plan, within.path, length).items():
        if len(prefix) == length:
            slot(prefix)["seminars_attended"] = n
    return result


def frozen(figures: dict, unit: OrgUnit) -> dict:
    """What a version stores: the figures and the unit as it was."""
    return {**figures, "unit": {"id": unit.pk, "code": unit.code, "name": unit.name}}
