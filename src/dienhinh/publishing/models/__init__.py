"""The publishing app's models: stories and their versions (``stories``), photos,
renditions, preview links and unit settings (``media``)."""

from dienhinh.publishing.models.media import (
    PreviewLink,
    PublishingSettings,
    StoryPhoto,
    StoryRendition,
)
from dienhinh.publishing.models.stories import (
    Story,
    StoryDossier,
    StorySlug,
    StoryVersion,
)

__all__ = [
    "PreviewLink",
    "PublishingSettings",
    "Story",
    "StoryDossier",
    "StoryPhoto",
    "StoryRendition",
    "StorySlug",
    "StoryVersion",
]
