"""Folded columns that still hold "ð" (fold now folds Ð and ð to d: core.text.fold). The
public search's index follows the column (SQLite's triggers, PostgreSQL's generated vector)."""

from django.db import migrations

from dienhinh.core.text import refold_eth


def refold(apps, schema_editor):
    refold_eth(apps.get_model("publishing", "Story"), "search_text", "draft_search_text")


class Migration(migrations.Migration):
    dependencies = [("publishing", "0011_search_by_publication")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
