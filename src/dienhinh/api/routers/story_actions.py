"""Workflow actions on one story: publish (now, or scheduled with ``at``), unpublish, submit
for review, return, cancel the schedule, take down, reopen, feature, unfeature.

Each endpoint only translates HTTP: ``transition_story`` checks who may do what and in which
state, and refuses with a 409 an action on a story that changed since the caller looked
(``seen``)."""

from ninja import Router

from dienhinh.api.errors import ApiError
from dienhinh.api.routers.stories import detail, story_for
from dienhinh.api.schemas.common import errors
from dienhinh.api.schemas.publishing import StoryActionIn, StoryDetail, StoryPublishIn
from dienhinh.publishing.enums import StoryAction
from dienhinh.publishing.workflow import Seen, StoryConflict, transition_story

router = Router(tags=["story workflow"])

ACTION_ERRORS = errors(400, 401, 403, 404, 409, 422)
A = StoryAction


def _seen(story, payload) -> Seen | None:
    if payload.seen is None:
        return None
    version_id = None
    if payload.seen.version is not None:
        version_id = (
            story.versions.filter(number=payload.seen.version).values_list("pk", flat=True).first()
        ) or -1
    return Seen(state=payload.seen.state, draft_version_id=version_id)


def _act(request, story_id: int, action: str, payload, at=None):
    story = story_for(request, story_id)
    try:
        transition_story(
            story,
            action=action,
            by=request.user,
            at=at,
            reason=payload.reason,
            seen=_seen(story, payload),
        )
    except StoryConflict as conflict:
        raise ApiError(409, "conflict", " ".join(conflict.messages)) from conflict
    return detail(request, story_id)


@router.post(
    "/{int:story_id}/publish",
    response={200: StoryDetail, **ACTION_ERRORS},
    summary="Publish the newest version now, or schedule it for the minute given as 'at'",
    operation_id="story_publish",
)
def publish(request, story_id: int, payload: StoryPublishIn):
    if payload.at is not None:
        return _act(request, story_id, A.SCHEDULE, payload, at=payload.at)
    return _act(request, story_id, A.PUBLISH, payload)


def _operation(action: StoryAction, path: str, summary: str):
    @router.post(
        f"/{{int:story_id}}/{path}",
        response={200: StoryDetail, **ACTION_ERRORS},
        summary=summary,
        operation_id=f"story_{action.value}",
    )
    def endpoint(request, story_id: int, payload: StoryActionIn):
        return _act(request, story_id, action, payload)

    return endpoint


unpublish = _operation(A.UNPUBLISH, "unpublish", "Take a published story off the public site")
submit = _operation(A.SUBMIT, "submit", "Ask another editor to approve the newest version")
return_ = _operation(A.RETURN, "return", "Return a story waiting for review (reason required)")
cancel = _operation(A.CANCEL_SCHEDULE, "cancel-schedule", "Cancel a scheduled publication")
take_down = _operation(
    A.TAKE_DOWN, "take-down", "Take down a lower unit's story (an upper unit; reason required)"
)
reopen = _operation(A.REOPEN, "reopen", "Let the unit edit a story that was taken down again")
feature = _operation(A.FEATURE, "feature", "Put a published story on the home page")
unfeature = _operation(A.UNFEATURE, "unfeature", "Take a story off the home page")
