"""Trigram index for the diacritic-free dossier search on PostgreSQL (see orgs 0002)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS nominations_search_trgm ON nominations_nomination "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS nominations_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("nominations", "0002_initial")]
    operations = [migrations.RunPython(create, drop)]
