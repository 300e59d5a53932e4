"""What the story pages share: finding a story through the caller's visibility."""

from django.shortcuts import get_object_or_404

from dienhinh.publishing.models import Story

DETAIL_RELATED = (
    "unit",
    "draft_version__created_by",
    "live_version",
    "scheduled_version",
    "field",
    "movement",
    "created_by",
    "taken_down_by",
)


def visible_story(user, pk: int, *related: str) -> Story:
    """The story if ``user`` may see it, else 404 (its existence is not revealed)."""
    stories = Story.objects.visible_to(user).select_related(*(related or DETAIL_RELATED))
    return get_object_or_404(stories, pk=pk)
