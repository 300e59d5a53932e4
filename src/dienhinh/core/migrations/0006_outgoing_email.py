"""The sent-email log becomes the outbox: every email is a row, sent by the worker.

The rows already there were sent: they keep their time as ``sent_at`` and ``created_at``
and become state "sent"; new rows start "pending"."""

import django.utils.timezone
from django.db import migrations, models


def existing_rows_were_sent(apps, schema_editor):
    OutgoingEmail = apps.get_model("core", "OutgoingEmail")
    OutgoingEmail.objects.update(created_at=models.F("sent_at"))


class Migration(migrations.Migration):
    dependencies = [("core", "0005_idempotency_and_form_tokens")]

    operations = [
        migrations.RenameModel("SentEmail", "OutgoingEmail"),
        migrations.AlterField(
            model_name="outgoingemail",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="sent at"),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="state",
            field=models.CharField(
                choices=[
                    ("pending", "waiting to be sent"),
                    ("sent", "sent"),
                    ("failed", "failed"),
                ],
                default="sent",
                max_length=10,
                verbose_name="state",
            ),
        ),
        migrations.AlterField(
            model_name="outgoingemail",
            name="state",
            field=models.CharField(
                choices=[
                    ("pending", "waiting to be sent"),
                    ("sent", "sent"),
                    ("failed", "failed"),
                ],
                default="pending",
                max_length=10,
                verbose_name="state",
            ),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="body",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="message_id",
            field=models.CharField(blank=True, max_length=255),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="attempts",
            field=models.PositiveIntegerField(default=0, verbose_name="attempts"),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="next_attempt_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="next attempt"
            ),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="last_error",
            field=models.TextField(blank=True, verbose_name="last error"),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="queued at"
            ),
        ),
        migrations.RunPython(existing_rows_were_sent, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="outgoingemail",
            options={"verbose_name": "outgoing email", "verbose_name_plural": "outgoing emails"},
        ),
        migrations.AlterField(
            model_name="outgoingemail",
            name="recipient",
            field=models.EmailField(max_length=254, verbose_name="recipient"),
        ),
        migrations.AlterField(
            model_name="outgoingemail",
            name="subject",
            field=models.CharField(max_length=255, verbose_name="subject"),
        ),
        migrations.AddIndex(
            model_name="outgoingemail",
            index=models.Index(fields=["state", "next_attempt_at"], name="email_due"),
        ),
    ]
