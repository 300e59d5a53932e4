"""Daily reading counts of stories (publishing.readings counts, this model keeps), and the
readings counted but not yet moved into them."""

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


class PendingReading(models.Model):
    """One reading counted on a reader's request and not yet moved into StoryReadings: the
    request only appends a row (no lock on a shared counter row, so readers never wait for
    one another on PostgreSQL); the flush deletes the rows it moves in the transaction that
    adds them to the daily counts. Unlogged on PostgreSQL (migration 0007): no WAL flush per
    reading; a crash of the database server loses the readings of the last minutes, never
    counts one twice.

    ``story_id`` is a plain number, not a foreign key: the request path does no lookup and
    no constraint check, and a reading of an id that is no public story is dropped by the
    flush."""

    story_id = models.BigIntegerField()
    day = models.DateField()

    class Meta:
        verbose_name = _("reading not yet counted")
        verbose_name_plural = _("readings not yet counted")
        # The editors' story page counts a story's pending readings (many after a worker
        # was down); one small index on the reader's INSERT.
        indexes = [models.Index(fields=["story_id"], name="pending_reading_story_idx")]

    def __str__(self) -> str:
        return f"{self.story_id} {self.day}"


class FlushedReadingLog(models.Model):
    """A claimed file of readings (publishing.reading_log, SQLite) whose counts are in
    StoryReadings: written in the transaction that adds them, deleted once the file is. A
    flush stopped between its commit and the file's deletion leaves this row, and the next
    flush deletes the file without counting it twice."""

    name = models.CharField(max_length=100, unique=True)
    flushed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("flushed file of readings")
        verbose_name_plural = _("flushed files of readings")

    def __str__(self) -> str:
        return self.name
