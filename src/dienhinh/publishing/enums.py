from django.db import models
from django.utils.translation import gettext_lazy as _


class StoryState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Waiting for review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")
    TAKEN_DOWN = "taken_down", _("Taken down")


class StoryAction(models.TextChoices):
    SUBMIT = "submit", _("Submit for review")
    RETURN = "return", _("Return to the author")
    PUBLISH = "publish", _("Publish now")
    SCHEDULE = "schedule", _("Schedule")
    CANCEL_SCHEDULE = "cancel_schedule", _("Cancel the schedule")
    UNPUBLISH = "unpublish", _("Unpublish")
    TAKE_DOWN = "take_down", _("Take down")
    REOPEN = "reopen", _("Let the unit edit it again")
    FEATURE = "feature", _("Feature on the home page")
    UNFEATURE = "unfeature", _("Remove from the home page")


# States in which the story's editors may save new versions.
EDITABLE = frozenset(
    {
        StoryState.DRAFT,
        StoryState.IN_REVIEW,
        StoryState.SCHEDULED,
        StoryState.PUBLISHED,
        StoryState.UNPUBLISHED,
    }
)
REASON_REQUIRED = frozenset({StoryAction.RETURN, StoryAction.TAKE_DOWN})
# Actions after which what the public sees (or will see) has changed.
CHANGES_PUBLIC = frozenset(
    {
        StoryAction.PUBLISH,
        StoryAction.SCHEDULE,
        StoryAction.CANCEL_SCHEDULE,
        StoryAction.UNPUBLISH,
        StoryAction.TAKE_DOWN,
        StoryAction.FEATURE,
        StoryAction.UNFEATURE,
    }
)


class RenditionFormat(models.TextChoices):
    WEBP = "webp", "WebP"
    JPEG = "jpeg", "JPEG"


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SENT = "sent", _("Sent to the newspaper")
    PRINTED = "printed", _("Printed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ProposalAction(models.TextChoices):
    PROPOSE = "propose", _("Propose to the newspaper")
    SEND = "send", _("Send to the newspaper")
    PRINT = "print", _("Record as printed")
    DECLINE = "decline", _("Decline")
    WITHDRAW = "withdraw", _("Withdraw the proposal")
