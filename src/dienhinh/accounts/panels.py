"""What the accounts app shows on the workspace home: the user's units and roles."""

from dienhinh.accounts.scope import assignments
from dienhinh.core.hooks import Panel


def home_roles(request) -> Panel:
    roles = sorted(assignments(request.user), key=lambda a: (a.unit.path, a.role))
    return Panel("accounts/_home_roles.html", {"assignments": roles})


def unit_people(request, *, unit) -> Panel:
    """The unit page's section of people holding a role at the unit (as the viewer may see
    them), 50 a page under ``?users_page=``."""
    from dienhinh.accounts.models import RoleAssignment
    from dienhinh.core.web import page_query, paginate

    roles = (
        RoleAssignment.objects.visible_to(request.user)
        .filter(unit=unit)
        .select_related("user")
        .order_by("user__sort_name", "user__pk", "role")
    )
    return Panel(
        "accounts/_unit_people.html",
        {
            "people_page": paginate(request, roles, param="users_page"),
            "people_query": page_query(request, "users_page"),
        },
    )


def unit_history(request, *, unit) -> Panel:
    """The unit page's history: the audit entries about the unit, other branches' units
    unnamed, client addresses for system administrators only."""
    from dienhinh.accounts.audit import sees_unit_for
    from dienhinh.accounts.scope import is_system_admin
    from dienhinh.core.audit import history_of

    user = request.user
    return Panel(
        "includes/audit_history.html",
        {
            "show_address": is_system_admin(user),
            **history_of(unit, sees_unit=sees_unit_for(user)),
        },
    )
