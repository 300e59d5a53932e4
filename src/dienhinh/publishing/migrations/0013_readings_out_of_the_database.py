"""Readings no longer wait in database rows (PendingReading, on PostgreSQL) but in files of
the server processes or in Redis (publishing.readings): the rows still waiting are added to
the daily counts, then the table goes. Going back makes the empty table again; the readings
waiting outside the database then are still counted by the old code's files flush on SQLite
and lost on PostgreSQL."""

from django.db import migrations, models


def count_the_rows_waiting(apps, schema_editor):
    PendingReading = apps.get_model("publishing", "PendingReading")
    StoryReadings = apps.get_model("publishing", "StoryReadings")
    Story = apps.get_model("publishing", "Story")
    waiting = (
        PendingReading.objects.filter(story_id__in=Story.objects.values("pk"))
        .values_list("story_id", "day")
        .annotate(n=models.Count("id"))
        .order_by()
    )
    for story_id, day, n in waiting:
        row, _made = StoryReadings.objects.get_or_create(
            story_id=story_id, day=day, defaults={"count": 0}
        )
        StoryReadings.objects.filter(pk=row.pk).update(count=models.F("count") + n)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0012_fold_eth")]

    operations = [
        migrations.RunPython(count_the_rows_waiting, migrations.RunPython.noop),
        migrations.DeleteModel(name="PendingReading"),
        migrations.AlterModelOptions(
            name="flushedreadinglog",
            options={
                "verbose_name": "counted batch of readings",
                "verbose_name_plural": "counted batches of readings",
            },
        ),
    ]
