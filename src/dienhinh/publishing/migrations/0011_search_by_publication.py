"""The public search bounds its matches to the latest published rather than the latest
written: on SQLite the FTS5 rows take the publication order as rowid (the table refilled,
its triggers made again); on PostgreSQL an expression index of public stories holds it
(publishing/search_index.py, ORDER_SHIFT)."""

from django.db import migrations

from dienhinh.publishing.search_index import PG_ORDER_DROP, order_by_publication


def forwards(apps, schema_editor):
    order_by_publication(schema_editor.execute, schema_editor.connection.vendor)


def backwards(apps, schema_editor):
    # PostgreSQL drops the index; SQLite's table stays as it is (its rowids are what the
    # code reading it expects: search_index's statements are this code's).
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_ORDER_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0010_link_story_emails")]
    operations = [migrations.RunPython(forwards, backwards)]
