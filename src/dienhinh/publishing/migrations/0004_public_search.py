"""Full-text search of the public stories: PostgreSQL's unaccented configuration, function,
tsvector column and GIN index, or SQLite's FTS5 table and its triggers (see
publishing/search_index.py, which ``migrate`` also runs to put the triggers back)."""

from django.db import migrations

from dienhinh.publishing import search_index


def create(apps, schema_editor):
    search_index.create(schema_editor.execute, schema_editor.connection.vendor)


def refold(apps, schema_editor):
    """The live versions' words as publishing.search cuts them (before, punctuation stayed in
    the folded text: both databases split on it, but not alike on e-mails or addresses)."""
    from dienhinh.publishing.search import search_document

    Story = apps.get_model("publishing", "Story")
    for story in Story.objects.filter(live_version__isnull=False).select_related("live_version"):
        version = story.live_version
        text = search_document(headline=version.headline, lead=version.lead, body=version.body)
        if story.search_text and text != story.search_text:
            Story.objects.filter(pk=story.pk).update(search_text=text)


def drop(apps, schema_editor):
    search_index.drop(schema_editor.execute, schema_editor.connection.vendor)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0003_story_readings")]
    operations = [
        migrations.RunPython(create, drop),
        migrations.RunPython(refold, migrations.RunPython.noop),
    ]
