"""Who hears about a transition, and what the email says."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dienhinh.accounts.models import Role, User
from dienhinh.accounts.scope import covers
from dienhinh.core.mail import send_once
from dienhinh.nominations.enums import Action
from dienhinh.nominations.models import Transition
from dienhinh.nominations.workflow import DECIDER_ROLES, REVIEWER_ROLES, WRITER_ROLES

SUBJECTS = {
    Action.SUBMIT: gettext_noop("A dossier is waiting for your review: %(subject)s"),
    Action.FORWARD: gettext_noop("A dossier is waiting for your review: %(subject)s"),
    Action.RETURN: gettext_noop("Your dossier was returned for revision: %(subject)s"),
    Action.SELECT: gettext_noop("Your dossier was selected for propagation: %(subject)s"),
    Action.REJECT: gettext_noop("Your dossier was not selected: %(subject)s"),
    Action.WITHDRAW: gettext_noop("A dossier was withdrawn: %(subject)s"),
}


def recipients(entry: Transition) -> list[User]:
    nomination = entry.nomination
    if entry.action in (Action.SUBMIT, Action.FORWARD):
        at_issuer = entry.to_unit_id == nomination.plan.issuing_unit_id
        roles = DECIDER_ROLES if at_issuer else REVIEWER_ROLES
        people = User.objects.filter(
            role_assignments__unit=entry.to_unit, role_assignments__role__in=roles
        )
    elif entry.action == Action.WITHDRAW:
        if entry.from_unit_id is None:
            return []
        people = User.objects.filter(
            role_assignments__unit=entry.from_unit, role_assignments__role__in=DECIDER_ROLES
        )
    else:
        officer_ids = User.objects.filter(
            role_assignments__unit=nomination.nominating_unit,
            role_assignments__role=Role.OFFICER,
        ).values("pk")
        people = User.objects.filter(pk__in=officer_ids) | User.objects.filter(
            pk=nomination.created_by_id
        )
    people = list(people.filter(is_active=True).exclude(pk=entry.by_id).distinct())
    # The dossier's creator may have moved on: only those who still write for the unit.
    return [
        person
        for person in people
        if person.pk != nomination.created_by_id
        or covers(person, nomination.nominating_unit, WRITER_ROLES)
    ]


def mail_key_prefix(transition_id: int) -> str:
    """The start of the outbox keys of a transition's emails (one per person). They name
    the dossier's subject and are linked to the dossier (``Nomination.emails``), by which its
    erasure finds them."""
    return f"transition:{transition_id}:"


def send_transition_emails(transition_id: int) -> int:
    """Send each concerned person one email about the transition; returns how many were sent."""
    entry = (
        Transition.objects.select_related(
            "nomination__plan", "nomination__nominating_unit", "to_unit", "from_unit", "by"
        )
        .filter(pk=transition_id)
        .first()
    )
    if entry is None:
        return 0
    nomination = entry.nomination
    # A returned dossier is to be revised: its email opens the edit page straight away.
    page = "nominations:edit" if entry.action == Action.RETURN else "nominations:detail"
    url = settings.SITE_URL + reverse(page, args=[nomination.pk])
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _(SUBJECTS[entry.action]) % {"subject": nomination.subject_name}
        for person in recipients(entry):
            body = render_to_string(
                "nominations/email/transition.txt",
                {"entry": entry, "nomination": nomination, "person": person, "url": url},
            )
            if send_once(
                key=f"{mail_key_prefix(entry.pk)}{person.pk}",
                to=person.email,
                subject=subject,
                body=body,
                about=nomination.emails.add,
            ):
                sent += 1
    return sent
