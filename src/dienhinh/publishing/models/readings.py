"""Daily reading counts of stories (publishing.readings counts, this model keeps)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dienhinh.publishing.models.stories import Story


class StoryReadings(models.Model):
    """How many times readers opened a story's public page on one day (Asia/Ho_Chi_Minh).
    Written by the flush task in batches, never on the reader's request."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="readings")
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("readings"), default=0)

    class Meta:
        verbose_name = _("daily readings")
        verbose_name_plural = _("daily readings")
        ordering = ["story", "-day"]
        constraints = [
            models.UniqueConstraint(fields=["story", "day"], name="unique_story_readings_day")
        ]
        # The reports count a period over many stories: by day first.
        indexes = [models.Index(fields=["day", "story"], name="story_readings_day_idx")]

    def __str__(self) -> str:
        return f"{self.story_id} {self.day}: {self.count}"
