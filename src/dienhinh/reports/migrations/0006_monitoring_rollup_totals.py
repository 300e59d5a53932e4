"""The monitoring roll-up at three levels with each child's totals rows (reports.rollup): a
board reads its figures by child from the totals and by field and month from its own
level; everything counted again from the records (the triggers are unchanged)."""

from django.db import migrations


def recount(apps, schema_editor):
    from dienhinh.reports import rollup

    rollup.rebuild(using=schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_monitoring_rollup_levels"),
    ]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop)]
