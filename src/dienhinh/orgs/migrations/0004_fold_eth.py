"""Folded columns that still hold "ð" (fold now folds Ð and ð to d: core.text.fold)."""

from django.db import migrations

from dienhinh.core.text import refold_eth


def refold(apps, schema_editor):
    refold_eth(apps.get_model("orgs", "OrgUnit"), "search_text")
    refold_eth(apps.get_model("orgs", "EmulationGroup"), "search_text")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0003_emulationgroup_search_text")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
