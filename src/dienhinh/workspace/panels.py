"""The workspace home is assembled from one panel provider per domain app, in this order:
what waits for the person first, then what is open to them, then who they are.

The workspace sits on top of every domain app, so it imports their providers directly; a
provider returns None when it has nothing for this person, and its panel is left out. The
reports app will add "reports due" here.
"""

from dienhinh.accounts.panels import home_roles
from dienhinh.nominations.panels import home_decisions, home_returned, home_waiting
from dienhinh.orgs.panels import home_units
from dienhinh.plans.panels import home_open_plans
from dienhinh.publishing.panels import home_stories
from dienhinh.reports.panels import home_reports_due

HOME_PANELS = (
    home_reports_due,
    home_returned,
    home_waiting,
    home_stories,
    home_open_plans,
    home_decisions,
    home_roles,
    home_units,
)


def home_panels(request) -> list:
    found = (provider(request) for provider in HOME_PANELS)
    return [panel for panel in found if panel is not None]
