"""Trigram indexes for the diacritic-free substring search on PostgreSQL.

Search filters ``search_text LIKE '%word%'``; a B-tree cannot serve that, a pg_trgm GIN index
can. SQLite has no equivalent and scans (fine at one province's size).
"""

from django.db import migrations

TABLES = [
    ("orgs_orgunit", "orgs_orgunit_search_trgm"),
    ("accounts_user", "accounts_user_search_trgm"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, index in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_text gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, index in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial"), ("accounts", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
