"""Read-only helpers over the unit tree and emulation groups, always within a user's scope.

Everything here starts from the models' visibility functions, so pages built on these
helpers never show a unit or group outside the user's scope.
"""

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from dienhinh.core.text import fold, nfc
from dienhinh.orgs.models import EmulationGroup, EmulationGroupQuerySet, OrgUnit, OrgUnitQuerySet

# Codes in a pasted list may be separated by new lines, commas, semicolons or tabs.
_CODE_SEPARATORS = re.compile(r"[\r\n,;\t]+")


def ancestor_paths(unit: OrgUnit) -> list[str]:
    """The materialised paths of ``unit``'s ancestors, root first."""
    step = OrgUnit.steplen
    return [unit.path[: step * depth] for depth in range(1, len(unit.path) // step)]


def visible_ancestors(unit: OrgUnit, user) -> list[OrgUnit]:
    """The ancestors of ``unit`` that ``user`` may see, root first (one query)."""
    paths = ancestor_paths(unit)
    if not paths:
        return []
    return list(OrgUnit.objects.visible_to(user).filter(path__in=paths).order_by("depth"))


def attach_visible_ancestors(units: Iterable[OrgUnit], user) -> list[OrgUnit]:
    """Set ``unit.visible_ancestors`` on each unit with one query for all of them."""
    units = list(units)
    wanted = {path for unit in units for path in ancestor_paths(unit)}
    by_path = {}
    if wanted:
        by_path = {
            ancestor.path: ancestor
            for ancestor in OrgUnit.objects.visible_to(user).filter(path__in=wanted)
        }
    for unit in units:
        unit.visible_ancestors = [by_path[p] for p in ancestor_paths(unit) if p in by_path]
    return units


def visible_children(unit: OrgUnit, user) -> OrgUnitQuerySet:
    """The direct children of ``unit`` that ``user`` may see, in Vietnamese name order."""
    return (
        OrgUnit.objects.visible_to(user)
        .filter(path__startswith=unit.path, depth=unit.depth + 1)
        .order_by("sort_name", "path")
    )


def search_units(user, text: str) -> OrgUnitQuerySet:
    """Units ``user`` may see matching every word of ``text`` (diacritics and đ folded);
    higher units first, then by name."""
    return OrgUnit.objects.visible_to(user).search(text).order_by("depth", "sort_name", "path")


def split_codes(text: str) -> list[str]:
    """Unit codes from a pasted list, NFC, without blanks or repeats, in the given order."""
    seen: dict[str, None] = {}
    for piece in _CODE_SEPARATORS.split(text or ""):
        code = nfc(piece)
        if code:
            seen.setdefault(code, None)
    return list(seen)


def visible_units_by_code(user, codes: list[str]) -> dict[str, OrgUnit]:
    """The units ``user`` may see among ``codes``, keyed by code. Unknown codes and codes of
    units outside the user's scope are simply absent (so nothing leaks about them)."""
    found: dict[str, OrgUnit] = {}
    chunk = 500
    for start in range(0, len(codes), chunk):
        part = codes[start : start + chunk]
        for unit in OrgUnit.objects.visible_to(user).filter(code__in=part):
            found[unit.code] = unit
    return found


def units_from_code_list(user, text: str, *, limit: int, too_many: str) -> list[OrgUnit]:
    """The units named in a pasted list of codes, in order, for a form's clean method.

    Raises ValidationError listing the codes that match no unit ``user`` can see (outside
    units look unknown, so nothing leaks), or ``too_many`` (with ``%(max)s``) past ``limit``.
    """
    codes = split_codes(text)
    if len(codes) > limit:
        raise ValidationError(too_many, params={"max": limit})
    found = visible_units_by_code(user, codes)
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(
            _("These codes match no unit you can see: %(codes)s"),
            params={"codes": ", ".join(unknown)},
            code="unknown_codes",
        )
    return [found[code] for code in codes]


def groups_for_list(
    user,
    *,
    year: int | None = None,
    kind: str | None = None,
    organizer_id: int | None = None,
    text: str = "",
) -> EmulationGroupQuerySet:
    """Emulation groups ``user`` may see, filtered, with organiser, leader and the number of
    member units, newest year first."""
    groups = EmulationGroup.objects.visible_to(user)
    if year:
        groups = groups.filter(year=year)
    if kind:
        groups = groups.filter(kind=kind)
    if organizer_id:
        groups = groups.filter(organizer_id=organizer_id)
    if text:
        groups = _search_group_names(groups, text)
    # Every member is counted: the group page lists them all (see group_members).
    count = Count("memberships", distinct=True)
    return (
        groups.select_related("organizer", "leader")
        .annotate(member_count=count)
        .order_by("-year", "sort_name", "pk")
    )


def _search_group_names(groups: EmulationGroupQuerySet, text: str) -> EmulationGroupQuerySet:
    """Narrow ``groups`` to names containing every word of ``text``, ignoring diacritics,
    in the database through the folded ``search_text`` column (as units are searched)."""
    for word in fold(text).split():
        groups = groups.filter(search_text__contains=word)
    return groups


def group_years(user) -> list[int]:
    """The years of the groups ``user`` may see, newest first."""
    return list(
        EmulationGroup.objects.visible_to(user)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def group_members(group: EmulationGroup) -> OrgUnitQuerySet:
    """Every member unit of ``group``, in Vietnamese name order. Whoever may see the group
    sees its members' names and codes (the units of a cluster know each other); their pages,
    and the people in them, stay where each user's scope allows."""
    return OrgUnit.objects.filter(group_memberships__group=group).order_by("sort_name", "path")


def groups_of_unit(unit: OrgUnit, user) -> EmulationGroupQuerySet:
    """Visible groups that ``unit`` is a member of, newest first."""
    return (
        EmulationGroup.objects.visible_to(user)
        .filter(memberships__unit=unit)
        .select_related("organizer", "leader")
        .order_by("-year", "sort_name", "pk")
    )


def groups_organized_by(unit: OrgUnit, user) -> EmulationGroupQuerySet:
    """Visible groups organised by ``unit``, newest first."""
    return (
        EmulationGroup.objects.visible_to(user)
        .filter(organizer=unit)
        .select_related("leader")
        .order_by("-year", "sort_name", "pk")
    )
