"""The search function names its text search configuration with its schema, so that a dump
restores: pg_restore runs with an empty search_path, and the stored search_vector column of
publishing_story is computed through this function while the table is filled
(manage.py restore, core/backup.py). The vectors it gives are the same."""

from django.db import migrations

QUALIFIED = """DO $do$ BEGIN
    EXECUTE format(
        'CREATE OR REPLACE FUNCTION dienhinh_search_vector(document text) RETURNS tsvector '
        'LANGUAGE sql IMMUTABLE PARALLEL SAFE '
        'AS $f$ SELECT to_tsvector(%L::regconfig, coalesce(document, %L)) $f$',
        quote_ident(current_schema()) || '.dienhinh_unaccent', '');
END $do$"""

UNQUALIFIED = """CREATE OR REPLACE FUNCTION dienhinh_search_vector(document text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT to_tsvector('dienhinh_unaccent'::regconfig, coalesce(document, '')) $$"""


def qualify(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(QUALIFIED, None)  # None: its % are format()'s, not parameters


def unqualify(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNQUALIFIED, None)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0005_portal_list_indexes")]
    operations = [migrations.RunPython(qualify, unqualify)]
