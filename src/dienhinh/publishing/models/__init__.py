"""The publishing app's models: stories and their versions (``stories``), photos,
renditions, preview links and unit settings (``media``), the newspaper column
(``newspaper``), daily reading counts (``readings``)."""

from dienhinh.publishing.models.media import (
    PreviewLink,
    PublishingSettings,
    StoryPhoto,
    StoryRendition,
)
from dienhinh.publishing.models.newspaper import (
    NewspaperBatch,
    NewspaperColumn,
    NewspaperProposal,
)
from dienhinh.publishing.models.readings import (
    FlushedReadingLog,
    StoryReadings,
)
from dienhinh.publishing.models.stories import (
    Story,
    StoryDossier,
    StorySlug,
    StoryVersion,
)

__all__ = [
    "FlushedReadingLog",
    "NewspaperBatch",
    "NewspaperColumn",
    "NewspaperProposal",
    "PreviewLink",
    "PublishingSettings",
    "Story",
    "StoryDossier",
    "StoryPhoto",
    "StoryReadings",
    "StoryRendition",
    "StorySlug",
    "StoryVersion",
]
