"""SQLite: the public search's FTS5 table made again with prefix indexes (the first 1 to 4
letters of each word), so that the last word, matched as a prefix, reads one list
(publishing/search_index.py). PostgreSQL's GIN index needs nothing."""

from django.db import migrations

from dienhinh.publishing.search_index import rebuild_sqlite_table


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        rebuild_sqlite_table(schema_editor.execute)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0008_flushed_reading_logs")]
    # Backwards the table keeps its prefix indexes: the same matches, only faster.
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
