"""Who sees what of the scoring: the single rules behind the ``visible_to`` methods.

- A rubric (and a finalised version) is seen with its plan (Plan.objects.visible_to): the
  units the plan reaches may read how they will be scored.
- A unit's score breakdown (its entries, evidence, computed records) is seen in the scope of
  the unit: its own people and whoever holds a role over it with the subtree (the reviewing
  level, the issuing unit's monitors). A sibling unit never sees it.
- In a ranking (live or finalised) each row is shown only to someone who would see that
  unit's breakdown (``sees_unit``); the others read their own rank "of N units" and nothing
  of the rows they may not see.
- A ranked group's members that the plan does not score (scoring.ranking) are named, with
  the reason, when they are outside the plan's reach (the group's members are listed to
  whoever sees the group, and the reason is the plan's) or in the viewer's scope; the
  others — an exemption is a fact of the unit's report — are only counted.
"""

from types import SimpleNamespace

from django.db.models import Q

from dienhinh.accounts.scope import covers, unit_filter
from dienhinh.plans.visibility import plan_filter


def rubric_filter(user, *, prefix: str = "") -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    from dienhinh.plans.models import Plan

    return Q(**{f"{prefix}plan__in": Plan.objects.filter(plan_filter(user)).values("pk")})


def score_filter(user) -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return unit_filter(user, prefix="unit__")


def sees_unit(user, unit) -> bool:
    """Whether ``user`` sees ``unit``'s breakdown (no query: roles are cached). ``unit``
    needs ``pk`` and ``path`` (a frozen version's row gives both)."""
    return covers(user, unit)


def unscored_shown(user, group: dict) -> tuple[list[dict], int]:
    """The unscored members of a ranked ``group`` (of the results) the viewer may read, and
    how many others there are (see the module docstring)."""
    listed, hidden = [], 0
    for entry in group.get("unscored", []):  # versions before this rule have none
        unit = SimpleNamespace(pk=entry["unit"], path=entry["path"])
        if entry["reason"] == "outside" or sees_unit(user, unit):
            listed.append(entry)
        else:
            hidden += 1
    return listed, hidden


def groups_shown(user, results: dict, rows: dict) -> list[dict]:
    """The ranked groups of ``results`` as the viewer reads them, ``rows`` being the unit
    rows they may see (by unit id): each group's visible ranking, how many rows are
    hidden, and its unscored members (``unscored_shown``). A group is shown when the viewer
    sees one of its rows, or when it has no scored member and the viewer may read one of
    its unscored members (with the reason, instead of an unexplained gap)."""
    shown = []
    for group in results["groups"]:
        visible = [(e["rank"], rows[e["unit"]]) for e in group["ranking"] if e["unit"] in rows]
        unscored, unscored_hidden = unscored_shown(user, group)
        if not visible and (group["ranking"] or not unscored):
            continue
        shown.append(
            {
                "id": group["id"],
                "name": group["name"],
                "rows": visible,
                "size": len(group["ranking"]),
                "hidden": len(group["ranking"]) - len(visible),
                "unscored": unscored,
                "unscored_hidden": unscored_hidden,
                "unscored_derived": group.get("unscored_derived", False),
            }
        )
    return shown


def rows_shown(user, results: dict) -> dict:
    """The unit rows of ``results`` the viewer may see, by unit id (no query)."""
    return {
        row["unit"]["id"]: row
        for row in results["units"]
        if sees_unit(user, SimpleNamespace(pk=row["unit"]["id"], path=row["unit"]["path"]))
    }
