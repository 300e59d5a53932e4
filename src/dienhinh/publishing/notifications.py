"""Who hears about a story's step, and what the email says. The step is read back from its
audit entry, so the email tells exactly what was recorded."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dienhinh.accounts.models import User
from dienhinh.core.mail import send_once
from dienhinh.core.models import AuditEntry
from dienhinh.publishing.enums import StoryAction
from dienhinh.publishing.models import Story
from dienhinh.publishing.roles import EDITOR_ROLES

A = StoryAction
SUBJECTS = {
    A.SUBMIT: gettext_noop("A story is waiting for your approval: %(headline)s"),
    A.RETURN: gettext_noop("Your story was returned: %(headline)s"),
    A.PUBLISH: gettext_noop("Your story was published: %(headline)s"),
    A.SCHEDULE: gettext_noop("Your story was scheduled for publication: %(headline)s"),
    A.TAKE_DOWN: gettext_noop("Your story was taken down: %(headline)s"),
    A.CANCEL_SCHEDULE: gettext_noop("Your scheduled story could not be published: %(headline)s"),
    A.UNPUBLISH: gettext_noop("Your story is no longer public: %(headline)s"),
}
# Told to the story's author when someone else did it.
TO_AUTHOR = frozenset({A.RETURN, A.PUBLISH, A.SCHEDULE, A.TAKE_DOWN})


def recipients(entry: AuditEntry, story: Story) -> list[User]:
    action = entry.action.removeprefix("story.")
    by_worker = entry.extra.get("by_worker", False)
    if entry.extra.get("consent_withdrawn"):
        # Whoever withdrew the consent, the story's author must know it went offline.
        people = User.objects.filter(pk=story.created_by_id)
    elif action == A.SUBMIT:
        people = User.objects.filter(
            role_assignments__unit=story.unit_id, role_assignments__role__in=EDITOR_ROLES
        )
    elif action in TO_AUTHOR and not by_worker:
        people = User.objects.filter(pk=story.created_by_id)
    elif action == A.CANCEL_SCHEDULE and by_worker:
        # The worker found the scheduled version no longer publishable: tell who scheduled it.
        return list(User.objects.filter(pk=entry.actor_id, is_active=True))
    else:
        return []
    return list(people.filter(is_active=True).exclude(pk=entry.actor_id).distinct())


def send_story_emails(entry_id: int) -> int:
    """Send each person concerned by the story step ``entry_id`` one email; returns how many."""
    entry = AuditEntry.objects.filter(pk=entry_id, action__startswith="story.").first()
    if entry is None:
        return 0
    action = entry.action.removeprefix("story.")
    story = Story.objects.select_related("draft_version", "unit").filter(pk=entry.target_id).first()
    if story is None or action not in SUBJECTS:
        return 0
    url = settings.SITE_URL + reverse("publishing:detail", args=[story.pk])
    # The headline names the person the story is about: the email is linked to the story's
    # dossiers, whose erasure scrubs it (nominations.erasure).
    dossiers = list(story.story_dossiers.values_list("nomination_id", flat=True))
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _(SUBJECTS[action]) % {"headline": str(story)}
        for person in recipients(entry, story):
            body = render_to_string(
                "publishing/email/step.txt",
                {"entry": entry, "action": action, "story": story, "person": person, "url": url},
            )
            if send_once(
                key=f"story:{entry.pk}:{person.pk}",
                to=person.email,
                subject=subject,
                body=body,
                about=lambda row: row.nominations.add(*dossiers),
            ):
                sent += 1
    return sent
