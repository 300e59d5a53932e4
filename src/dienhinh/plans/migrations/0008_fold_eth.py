"""Folded columns that still hold "ð" (fold now folds Ð and ð to d: core.text.fold)."""

from django.db import migrations

from dienhinh.core.text import refold_eth


def refold(apps, schema_editor):
    refold_eth(apps.get_model("plans", "Movement"), "search_text")
    refold_eth(apps.get_model("plans", "Plan"), "search_text")


class Migration(migrations.Migration):
    dependencies = [("plans", "0007_planfield_name_index")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
