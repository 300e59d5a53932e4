"""Daily reading counts of stories (publishing.readings counts, this model keeps), and the
names of the batches of readings already counted into them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dienhinh.publishing.models.stories import Story


class StoryReadings(models.Model):
    """How many times readers opened a story's public page on one day (Asia/Ho_Chi_Minh).
    Written by the flush in batches, never on the reader's request."""

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


class FlushedReadingLog(models.Model):
    """A batch of readings (a claimed file of publishing.reading_log, or a Redis hash of
    publishing.reading_redis) whose counts are in StoryReadings: written in the transaction
    that adds them, so a second flush of the same batch fails on the unique name and adds
    nothing, and a flush stopped between its commit and the batch's deletion leaves this
    row for the next flush to find. Kept a day (publishing.readings.RECORDS_KEPT)."""

    name = models.CharField(max_length=100, unique=True)
    flushed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("counted batch of readings")
        verbose_name_plural = _("counted batches of readings")

    def __str__(self) -> str:
        return self.name
