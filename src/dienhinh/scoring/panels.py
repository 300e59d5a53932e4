"""What the scoring app shows on other pages: the plan page's scoring panel."""

from dienhinh.core.hooks import Panel
from dienhinh.core.prepared import Prepared
from dienhinh.plans.models import Plan
from dienhinh.scoring.enums import ScoringState
from dienhinh.scoring.models import Rubric
from dienhinh.scoring.roles import edits_rubric

# The rubric's state and last version as a plain row, compiled once (core.prepared): the
# rubric as a model instance with its version's results was half a millisecond a page.
_RUBRIC = Prepared(
    lambda plan_id: Rubric.objects.filter(plan_id=plan_id).values_list(
        "state", "last_version__number"
    )
)


def plan_scoring(request, *, plan: Plan) -> Panel | None:
    """The rubric's state and the links to the rubric and the results (the page has checked
    that the user sees the plan)."""
    found = _RUBRIC.rows(plan.pk)
    rubric = (
        {
            "state_label": ScoringState(found[0]["state"]).label,
            "version": found[0]["last_version__number"],
        }
        if found
        else None
    )
    can_edit = edits_rubric(request.user, plan)
    if rubric is None and not can_edit:
        return None
    return Panel("scoring/_plan_panel.html", {"plan": plan, "rubric": rubric, "can_edit": can_edit})
