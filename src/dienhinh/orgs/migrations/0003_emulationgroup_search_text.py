"""Emulation groups get the folded search column units have: the group list searched names by
folding every visible group's name in Python. On PostgreSQL a trigram index serves the
substring search, as for units (0002)."""

from django.db import migrations, models

from dienhinh.core.text import fold


def fill(apps, schema_editor):
    EmulationGroup = apps.get_model("orgs", "EmulationGroup")
    groups = list(EmulationGroup.objects.only("pk", "name"))
    for group in groups:
        group.search_text = fold(group.name)
    EmulationGroup.objects.bulk_update(groups, ["search_text"], batch_size=1000)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS orgs_emulationgroup_search_trgm "
            "ON orgs_emulationgroup USING gin (search_text gin_trgm_ops)"
        )


def unfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS orgs_emulationgroup_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_search_trigram_indexes")]

    operations = [
        migrations.AddField(
            model_name="emulationgroup",
            name="search_text",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255),
        ),
        migrations.RunPython(fill, unfill),
    ]
