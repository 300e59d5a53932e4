"""The unit picker's search: units a form lets this person choose, found by words typed
without diacritics ("cang long" finds "Càng Long"), with the path above each one.

Forms that ask for a unit code mark their input with ``data-unit-picker="<scope>"``;
core/static/dienhinh/unit-picker.js turns it into a search box that asks this view. The
scopes are the rules the forms apply when they are sent, so the picker never offers a unit
the form would refuse, and never names a unit outside the person's reach."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from dienhinh.accounts.models import Role
from dienhinh.accounts.scope import unit_filter
from dienhinh.orgs.models import OrgUnit

RESULTS = 20
# scope name → the units it offers: the same querysets the forms check when they are sent.
SCOPES = {
    # role grants, invitations, a unit's parent
    "managed": lambda user: OrgUnit.objects.managed_by(user),
    # a movement's launching unit (plans.rules.PLANNER_ROLES, which this layer cannot import)
    "planner": lambda user: OrgUnit.objects.filter(
        unit_filter(user, frozenset({Role.MONITOR, Role.SUBTREE_ADMIN}))
    ),
    # group members and leader, plan targets
    "visible": lambda user: OrgUnit.objects.visible_to(user),
}


def picker_units(user, *, scope: str, text: str) -> list[dict]:
    """At most RESULTS units in ``scope`` matching every word of ``text``, in tree order,
    each with the names of the units above it (one query for all of them)."""
    if scope not in SCOPES:
        raise KeyError(scope)
    units = list(
        SCOPES[scope](user)
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
    return JsonResponse({"results": picker_units(request.user, scope=scope, text=text)})
