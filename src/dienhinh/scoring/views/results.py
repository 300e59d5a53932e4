"""The plan's scores and ranking per emulation group, its finalisation and reopening, and a
finalised version. Rows are shown only for units the viewer may see (scoring.visibility)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dienhinh.core.web import once_per_submission
from dienhinh.scoring.compute import results_of
from dienhinh.scoring.enums import ScoringAction, TieBreak
from dienhinh.scoring.forms import ReasonForm
from dienhinh.scoring.hooks import scores_page
from dienhinh.scoring.models import ScoringVersion
from dienhinh.scoring.ranking import UNSCORED_REASONS, with_unscored
from dienhinh.scoring.views.common import visible_rubric
from dienhinh.scoring.visibility import groups_shown, rows_shown
from dienhinh.scoring.workflow import _refusal, allowed_actions, transition_scoring

# Longer than this, the units outside the groups are folded under their heading: a
# province's ranking lists hundreds of them, which on a phone push everything after the
# groups out of reach.
UNGROUPED_SHOWN_OPEN = 10


def shown(user, results: dict) -> dict:
    """The results as the viewer may see them: their units' rows, each group's ranking
    limited to those rows (with how many others are hidden)."""
    rows = rows_shown(user, results)
    groups = [
        {
            **group,
            "unscored": [
                {**e, "reason_text": UNSCORED_REASONS[e["reason"]]} for e in group["unscored"]
            ],
        }
        for group in groups_shown(user, results, rows)
    ]
    ungrouped = [rows[pk] for pk in results["ungrouped"] if pk in rows]
    return {
        "groups": groups,
        "ungrouped": ungrouped,
        "fold_ungrouped": len(ungrouped) > UNGROUPED_SHOWN_OPEN,
        "count": len(rows),
    }


def _tie_break(results: dict) -> list[str]:
    keys = [*results["rubric"]["tie_break"], TieBreak.NAME]
    return [str(TieBreak(k).label) for k in dict.fromkeys(keys)]


@login_required
@require_GET
def plan_scores(request, plan_id: int):
    rubric = visible_rubric(request.user, plan_id)
    results, frozen = results_of(rubric)
    return render(
        request,
        "scoring/plan.html",
        {
            "plan": rubric.plan,
            "rubric": rubric,
            "results": results,
            "frozen": frozen,
            "version": rubric.last_version if frozen else None,
            "shown": shown(request.user, results),
            "tie_break": _tie_break(results),
            "actions": allowed_actions(rubric, request.user),
            "versions": list(rubric.versions.order_by("-number")),
            "reason_form": ReasonForm(),
            "panels": scores_page.panels(request, plan=rubric.plan, rubric=rubric),
        },
    )


def _act(request, plan_id: int, action: str):
    rubric = visible_rubric(request.user, plan_id)
    refusal = _refusal(rubric, action, request.user)
    if refusal is not None and refusal.forbidden:
        raise PermissionDenied
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        transition_scoring(rubric, action=action, by=request.user, reason=reason)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": ScoringAction(action).label})
    return redirect("scoring:plan", rubric.plan_id)


@login_required
@require_POST
@once_per_submission
def finalise(request, plan_id: int):
    return _act(request, plan_id, ScoringAction.FINALISE)


@login_required
@require_POST
@once_per_submission
def reopen(request, plan_id: int):
    return _act(request, plan_id, ScoringAction.REOPEN)


@login_required
@require_GET
def version(request, pk: int):
    found = get_object_or_404(
        ScoringVersion.objects.visible_to(request.user).select_related(
            "rubric__plan__issuing_unit", "finalised_by"
        ),
        pk=pk,
    )
    results = with_unscored(found.rubric, found.results)
    return render(
        request,
        "scoring/version.html",
        {
            "version": found,
            "plan": found.rubric.plan,
            "results": results,
            "shown": shown(request.user, results),
            "tie_break": _tie_break(results),
            "current": found.rubric.last_version_id == found.pk,
        },
    )
