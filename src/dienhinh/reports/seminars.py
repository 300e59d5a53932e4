"""Seminars a unit took part in without hosting them: the "seminars attended" figure.

The rule, for a unit U and its subtree (what a report's figures cover):

- *seminars* (hosted): the plan's seminars whose host unit is U or below U, with their
  participants — as before;
- *seminars attended* (took part): the plan's seminars hosted outside U's subtree in which
  U or a unit below U is one of the participating units, each seminar once, however many of
  U's units took part. Their participants stay the host's figure (a sum over every unit that
  attended would count the same people several times).

So a seminar counts once for any unit above its host and its participants: as hosted for
the subtrees holding its host, as attended for the others, and hosted + attended is the
number of distinct seminars the subtree hosted or joined (the scoring's "seminars hosted or
joined", scoring.sources). A district whose two grassroots unions took part in one seminar
of another district attended one seminar; a seminar hosted by one of its unions and attended
by the other is one seminar hosted for the district (and attended for the second union).

Every count is one query (a GROUP BY on the participating unit's path prefix, the month or
the emulation group), never a loop over units.
"""

from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.db.models.functions import Substr, TruncMonth

from dienhinh.activities.models import Activity, ActivityKind
from dienhinh.orgs.models import EmulationGroupMember
from dienhinh.plans.models import Plan

_JOINED = Activity.participating_units.through


def _seminars(plan: Plan) -> QuerySet:
    return Activity.objects.filter(plan=plan, kind=ActivityKind.SEMINAR).order_by()


def attended_within(plan: Plan, path: str) -> QuerySet:
    """The plan's seminars hosted outside the subtree at ``path`` that a unit of it joined."""
    joined = _JOINED.objects.filter(activity=OuterRef("pk"), orgunit__path__startswith=path)
    return _seminars(plan).exclude(unit__path__startswith=path).filter(Exists(joined))


def seminars_attended(plan: Plan, path: str) -> int:
    """How many seminars the subtree at ``path`` attended (one query)."""
    return attended_within(plan, path).count()


def attended_by_month(plan: Plan, path: str) -> dict:
    """{first day of the month: seminars attended by the subtree that month} (one query);
    a seminar has one date, so the months add up to the subtree's count."""
    rows = (
        attended_within(plan, path)
        .annotate(month=TruncMonth("held_on"))
        .values("month")
        .annotate(n=Count("pk"))
    )
    return {row["month"]: row["n"] for row in rows}


def attended_by_prefix(plan: Plan, path: str, length: int) -> dict[str, int]:
    """{path prefix of ``length``: seminars attended by the subtree at that prefix}, for the
    units under ``path`` (one query). A participating unit above that level gives its own
    path as the prefix (shorter): the unit's own attendance, hosted outside its subtree."""
    rows = (
        _JOINED.objects.filter(
            activity__plan=plan,
            activity__kind=ActivityKind.SEMINAR,
            orgunit__path__startswith=path,
        )
        .annotate(prefix=Substr("orgunit__path", 1, length))
        .exclude(activity__unit__path__startswith=F("prefix"))
        .values("prefix")
        .annotate(n=Count("activity_id", distinct=True))
        .order_by()
    )
    return {row["prefix"]: row["n"] for row in rows}


def attended_by_group(plan: Plan, path: str, groups) -> dict[int, int]:
    """{emulation group id: seminars its members under ``path`` took part in that no
    member of the group hosted} (one query): the group's own seminars count as hosted."""
    host_is_member = EmulationGroupMember.objects.filter(
        group_id=OuterRef("member_of"), unit_id=OuterRef("activity__unit_id")
    )
    rows = (
        _JOINED.objects.filter(
            activity__plan=plan,
            activity__kind=ActivityKind.SEMINAR,
            orgunit__path__startswith=path,
            orgunit__group_memberships__group__in=groups,
        )
        .annotate(member_of=F("orgunit__group_memberships__group_id"))
        .filter(~Exists(host_is_member))
        .values("member_of")
        .annotate(n=Count("activity_id", distinct=True))
        .order_by()
    )
    return {row["member_of"]: row["n"] for row in rows}
