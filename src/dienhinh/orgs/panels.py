"""What the orgs app shows on the workspace home: the top units of the user's scope."""

from dienhinh.accounts.scope import top_units
from dienhinh.core.hooks import Panel


def home_units(request) -> Panel | None:
    units = top_units(request.user)
    if not units:
        return None
    return Panel("orgs/_home_units.html", {"top_units": units})
