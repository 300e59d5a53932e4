"""The "record a meeting where this was spread" button on the story page and the dossier
page (their slots): one click opens the activity form prefilled with that story or dossier."""

from django.urls import reverse
from django.utils.http import urlencode

from dienhinh.activities.rules import records_activities_anywhere
from dienhinh.core.hooks import Panel
from dienhinh.nominations.enums import State
from dienhinh.publishing.enums import StoryState


def _panel(request, query: dict) -> Panel | None:
    if not records_activities_anywhere(request.user):
        return None
    url = reverse("activities:create") + "?" + urlencode(query)
    return Panel("activities/_record_button.html", {"record_url": url})


def record_from_dossier(request, *, nomination) -> Panel | None:
    if nomination.state != State.SELECTED:
        return None  # only examples chosen for propagation are spread
    return _panel(request, {"kind": "meeting", "dossier": nomination.pk})


def record_from_story(request, *, story) -> Panel | None:
    if story.state != StoryState.PUBLISHED and story.first_published_at is None:
        return None
    return _panel(request, {"kind": "meeting", "story": story.pk})
