"""Taking a workflow action on a story: the buttons of the story page post here; a GET
(``?action=``) shows the same form on its own page. Only translates HTTP: transition_story
decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.core.web import add_domain_errors, once_per_submission
from dienhinh.publishing.enums import REASON_REQUIRED, StoryAction
from dienhinh.publishing.forms import ActForm
from dienhinh.publishing.views.common import visible_story
from dienhinh.publishing.workflow import Seen, StoryConflict, allowed_actions, transition_story

A = StoryAction
_DONE = {
    A.SUBMIT: gettext_lazy("The story was sent to the other editors for approval."),
    A.RETURN: gettext_lazy("The story was returned to its author."),
    A.PUBLISH: gettext_lazy("The story is published."),
    A.SCHEDULE: gettext_lazy("The story will be published at %(moment)s."),
    A.CANCEL_SCHEDULE: gettext_lazy("The schedule was cancelled."),
    A.UNPUBLISH: gettext_lazy("The story is no longer public."),
    A.TAKE_DOWN: gettext_lazy("The story was taken down."),
    A.REOPEN: gettext_lazy("The unit's editors can work on the story again."),
    A.FEATURE: gettext_lazy("The story is on the home page."),
    A.UNFEATURE: gettext_lazy("The story is no longer on the home page."),
}


def _render(request, story, action, form, status=200, **extra):
    context = {
        "story": story,
        "action": action,
        "action_label": A(action).label,
        "form": form,
        "reason_required": action in REASON_REQUIRED,
        **extra,
    }
    return render(request, "publishing/act.html", context, status=status)


@login_required
@once_per_submission
def act(request, pk: int):
    """``action`` (a StoryAction) in the query string or the posted form; the form's own
    fields carry the prefix ``act-<action>`` (the story page has one form per action)."""
    user = request.user
    story = visible_story(user, pk)
    source = request.POST if request.method == "POST" else request.GET
    action = source.get("action", "")
    if action not in A.values:
        if request.method == "POST":
            return HttpResponseBadRequest(_("Choose an action."))
        return redirect("publishing:detail", pk=story.pk)  # a bare link: the story page
    prefix = f"act-{action}"
    if request.method != "POST":
        if action not in allowed_actions(story, user):
            return _render(request, story, action, None, status=403, not_allowed=True)
        initial = {"seen_state": story.state, "seen_version": story.draft_version_id}
        return _render(request, story, action, ActForm(initial=initial, prefix=prefix))
    form = ActForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _render(request, story, action, form, status=400)
    data = form.cleaned_data
    seen = Seen(state=data["seen_state"], draft_version_id=data["seen_version"])
    try:
        moved = transition_story(
            story, action=action, by=user, at=form.moment(), reason=data["reason"], seen=seen
        )
    except StoryConflict as conflict:
        return _render(
            request, story, action, None, status=409, conflict=" ".join(conflict.messages)
        )
    except ValidationError as error:  # PermissionDenied propagates: Django answers 403
        add_domain_errors(form, error, {"at": "day"})
        return _render(request, story, action, form, status=400)
    moment = ""
    if moved.scheduled_for:
        moment = timezone.localtime(moved.scheduled_for).strftime("%d/%m/%Y %H:%M")
    messages.success(request, _DONE[action] % {"moment": moment})
    return redirect("publishing:detail", pk=story.pk)
