from django.db import migrations, models


def _ids(emails, prefix):
    """(email id, the number after ``prefix`` in its key) of the outbox rows with it."""
    found = []
    for pk, key in emails.filter(key__startswith=prefix).values_list("pk", "key").iterator():
        number = key.removeprefix(prefix).split(":", 1)[0]
        if number.isdigit():
            found.append((pk, int(number)))
    return found


def link_transition_emails(apps, schema_editor):
    """The emails already queued about a dossier's moves (keyed ``transition:<id>:<user>``,
    nominations.notifications) linked to it, as new ones are when queued."""
    OutgoingEmail = apps.get_model("core", "OutgoingEmail")
    Transition = apps.get_model("nominations", "Transition")
    Link = apps.get_model("nominations", "Nomination").emails.through
    pairs = _ids(OutgoingEmail.objects, "transition:")
    dossiers = dict(
        Transition.objects.filter(pk__in={t for _e, t in pairs}).values_list("pk", "nomination_id")
    )
    Link.objects.bulk_create(
        [
            Link(outgoingemail_id=email, nomination_id=dossiers[transition])
            for email, transition in pairs
            if transition in dossiers
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_worker_beat"),
        ("nominations", "0009_monitoring_covering_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="nomination",
            name="emails",
            field=models.ManyToManyField(
                blank=True, editable=False, related_name="nominations", to="core.outgoingemail"
            ),
        ),
        migrations.RunPython(link_transition_emails, migrations.RunPython.noop),
    ]
