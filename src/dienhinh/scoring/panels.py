"""What the scoring app shows on other pages: the plan page's scoring panel."""

from dienhinh.core.hooks import Panel
from dienhinh.plans.models import Plan
from dienhinh.scoring.models import Rubric
from dienhinh.scoring.roles import edits_rubric


def plan_scoring(request, *, plan: Plan) -> Panel | None:
    """The rubric's state and the links to the rubric and the results (the page has checked
    that the user sees the plan)."""
    rubric = Rubric.objects.filter(plan=plan).select_related("last_version").first()
    can_edit = edits_rubric(request.user, plan)
    if rubric is None and not can_edit:
        return None
    return Panel("scoring/_plan_panel.html", {"plan": plan, "rubric": rubric, "can_edit": can_edit})
