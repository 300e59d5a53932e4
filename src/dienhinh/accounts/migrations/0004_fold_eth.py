"""Folded columns that still hold "ð" (fold now folds Ð and ð to d: core.text.fold)."""

from django.db import migrations

from dienhinh.core.text import refold_eth


def refold(apps, schema_editor):
    refold_eth(apps.get_model("accounts", "User"), "search_text")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_token_expiry_invitations_sessions_recovery_codes")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
