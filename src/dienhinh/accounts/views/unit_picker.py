"""The unit picker: units a form lets this person choose, found by words typed without
diacritics ("cang long" finds "Càng Long") with the path above each one, or browsed as a tree
whose children are read one level at a time.

Forms that ask for a unit mark their input (or select) with ``data-unit-picker="<scope>"``;
core/static/dienhinh/unit-picker.js turns it into a search box and a tree that ask these
views. The scopes are the rules the forms apply when they are sent, so the picker never
offers a unit the form would refuse, and never names a unit outside the person's reach: the
tree shows the units the person may see (``OrgUnit.objects.visible_to``) and marks which of
them the scope lets them choose."""

from collections.abc import Callable, Mapping

from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, Case, Q, Value, When
from django.db.models.functions import Substr
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from dienhinh.accounts.models import Role
from dienhinh.accounts.scope import covers_with_subtree, top_units, unit_filter
from dienhinh.orgs.models import OrgUnit
from dienhinh.orgs.queries import visible_children

RESULTS = 20
# A level of the tree shows at most this many units; the search finds the others.
TREE_LEVEL = 200
Scope = Callable[[object, Mapping[str, str]], object]
# scope name → the units it offers (given the user and the query string): the same querysets
# the forms check when they are sent. Higher apps add theirs with ``register_scope``.
SCOPES: dict[str, Scope] = {
    # role grants, invitations, a unit's parent
    "managed": lambda user, params: OrgUnit.objects.managed_by(user),
    # a movement's launching unit (plans.rules.PLANNER_ROLES, which this layer cannot import)
    "planner": lambda user, params: OrgUnit.objects.filter(
        unit_filter(user, frozenset({Role.MONITOR, Role.SUBTREE_ADMIN}))
    ),
    # group members and leader, plan targets
    "visible": lambda user, params: OrgUnit.objects.visible_to(user),
}


def register_scope(name: str, units: Scope) -> None:
    """Let a higher app's form offer its own units (``units(user, params)`` returns a
    queryset of OrgUnit, none when the parameters name nothing the user may see)."""
    SCOPES[name] = units


def scope_units(user, scope: str, params: Mapping[str, str] | None = None):
    if scope not in SCOPES:
        raise KeyError(scope)
    return SCOPES[scope](user, params or {})


def picker_units(user, *, scope: str, text: str, params=None) -> list[dict]:
    """At most RESULTS units in ``scope`` matching every word of ``text``, in tree order,
    each with the names of the units above it (one query for all of them)."""
    units = list(
        scope_units(user, scope, params)
        .search(text)
        .only("pk", "path", "depth", "code", "name", "short_name")[:RESULTS]
    )
    steps = OrgUnit.steplen
    prefixes = {u.path[:end] for u in units for end in range(steps, len(u.path), steps)}
    # Only the units above that the person may see are named on the way down.
    above = (
        {
            path: short_name or name
            for path, short_name, name in OrgUnit.objects.visible_to(user)
            .filter(path__in=prefixes)
            .values_list("path", "short_name", "name")
        }
        if prefixes
        else {}
    )
    return [
        {
            "id": unit.pk,
            "code": unit.code,
            "name": unit.name,
            "trail": " › ".join(
                above[unit.path[:end]]
                for end in range(steps, len(unit.path), steps)
                if unit.path[:end] in above
            ),
        }
        for unit in units
    ]


@login_required
@require_GET
def unit_picker(request):
    scope = request.GET.get("scope", "visible")
    # Typed text only: a control character (a NUL breaks PostgreSQL's LIKE) matches nothing.
    text = "".join(ch for ch in request.GET.get("q", "")[:100] if ch.isprintable())
    if scope not in SCOPES:
        raise Http404
    if len(text.strip()) < 2:
        return JsonResponse({"results": []})
    found = picker_units(request.user, scope=scope, text=text, params=request.GET)
    return JsonResponse({"results": found})


def _choosable_under(user, units: list[OrgUnit], *, scope: str, params) -> tuple[set, set]:
    """Which of ``units`` (one level of the tree) the scope lets the person choose, and which
    have a choosable unit somewhere below them: (own paths, paths with choosable below).

    One query per path length (a level of children has one; the roots rarely more than
    one): the scope's units under the level's parents, grouped by the prefix that names a
    unit of the level and by whether they are that unit or below it, so at most two rows
    per unit come back and the subtree is never walked in Python."""
    own: set[str] = set()
    below: set[str] = set()
    by_length: dict[int, list[str]] = {}
    for unit in units:
        by_length.setdefault(len(unit.path), []).append(unit.path)
    for length, paths in by_length.items():
        # Under the level's parents (a level of children has one), at the level's depth or
        # deeper; prefixes of units that are not in ``units`` are simply not looked at.
        depth = length // OrgUnit.steplen
        under = Q()
        for parent in {path[: length - OrgUnit.steplen] for path in paths}:
            under |= Q(path__startswith=parent)
        rows = (
            scope_units(user, scope, params)
            .filter(under, depth__gte=depth)
            .annotate(
                prefix=Substr("path", 1, length),
                deeper=Case(
                    When(depth__gt=depth, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
            )
            .order_by()
            .values_list("prefix", "deeper")
            .distinct()
        )
        for prefix, deeper in rows:
            (below if deeper else own).add(prefix)
    return own, below


def tree_level(user, units: list[OrgUnit], *, scope: str, params=None) -> list[dict]:
    """The tree's items for ``units`` (visible to ``user``): only those that can be chosen in
    ``scope`` or lead to a unit that can (a branch with nothing to choose is not offered),
    each saying whether it can be chosen itself and whether it has children to show. No
    recursion: a level is one query on the materialised path, the next one is asked for
    when opened."""
    own, below = _choosable_under(user, units, scope=scope, params=params) if units else ((), ())
    return [
        {
            "id": unit.pk,
            "code": unit.code,
            "name": unit.name,
            "choosable": unit.path in own,
            # The children are visible only where the role covers the subtree.
            "children": unit.path in below and covers_with_subtree(user, unit),
        }
        for unit in units
        if unit.path in own or (unit.path in below and covers_with_subtree(user, unit))
    ]


def _tree_answer(request, units: list[OrgUnit]) -> JsonResponse:
    scope = request.GET.get("scope", "visible")
    if scope not in SCOPES:
        raise Http404
    more = len(units) > TREE_LEVEL
    items = tree_level(request.user, units[:TREE_LEVEL], scope=scope, params=request.GET)
    return JsonResponse({"units": items, "more": more})


FIELDS = ("pk", "path", "depth", "numchild", "code", "name", "sort_name")


@login_required
@require_GET
def unit_tree_roots(request):
    """The highest units the person may see: the tree's first level."""
    roots = top_units(request.user)
    return _tree_answer(request, roots[: TREE_LEVEL + 1])


@login_required
@require_GET
def unit_tree_children(request, pk: int):
    """The children of a unit the person may see (404 for any other unit)."""
    unit = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    children = visible_children(unit, request.user).only(*FIELDS)[: TREE_LEVEL + 1]
    return _tree_answer(request, list(children))
