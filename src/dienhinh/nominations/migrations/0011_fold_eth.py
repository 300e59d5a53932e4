"""Folded columns that still hold "ð" (fold now folds Ð and ð to d: core.text.fold)."""

from django.db import migrations

from dienhinh.core.text import refold_eth


def refold(apps, schema_editor):
    refold_eth(apps.get_model("nominations", "Nomination"), "search_text", "subject_key")


class Migration(migrations.Migration):
    dependencies = [("nominations", "0010_outbox_emails")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
