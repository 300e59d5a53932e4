from django.db import migrations


def link_story_emails(apps, schema_editor):
    """The emails already queued about a story's steps (keyed ``story:<audit entry>:<user>``,
    publishing.notifications) linked to the dossiers the story tells about, as new ones are
    when queued: they carry its headline, which names the person."""
    OutgoingEmail = apps.get_model("core", "OutgoingEmail")
    AuditEntry = apps.get_model("core", "AuditEntry")
    StoryDossier = apps.get_model("publishing", "StoryDossier")
    Link = apps.get_model("nominations", "Nomination").emails.through
    pairs = []
    rows = OutgoingEmail.objects.filter(key__startswith="story:").values_list("pk", "key")
    for pk, key in rows.iterator():
        number = key.removeprefix("story:").split(":", 1)[0]
        if number.isdigit():
            pairs.append((pk, int(number)))
    stories = dict(
        AuditEntry.objects.filter(pk__in={e for _m, e in pairs}, action__startswith="story.")
        .values_list("pk", "target_id")
    )
    dossiers = {}
    for story_id, nomination_id in StoryDossier.objects.filter(
        story_id__in=set(stories.values())
    ).values_list("story_id", "nomination_id"):
        dossiers.setdefault(story_id, []).append(nomination_id)
    Link.objects.bulk_create(
        [
            Link(outgoingemail_id=email, nomination_id=nomination)
            for email, entry in pairs
            for nomination in dossiers.get(stories.get(entry), [])
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0009_search_prefix_index"),
        ("nominations", "0010_outbox_emails"),
    ]

    operations = [migrations.RunPython(link_story_emails, migrations.RunPython.noop)]
