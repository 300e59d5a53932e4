"""Full-text search of the public stories: PostgreSQL's unaccented configuration, function,
tsvector column and GIN index, or SQLite's FTS5 table and its triggers (see
publishing/search_index.py, which ``migrate`` also runs to put the triggers back)."""

from django.db import migrations

from dienhinh.publishing import search_index


def create(apps, schema_editor):
    search_index.create(schema_editor.execute, schema_editor.connection.vendor)


def drop(apps, schema_editor):
    search_index.drop(schema_editor.execute, schema_editor.connection.vendor)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
