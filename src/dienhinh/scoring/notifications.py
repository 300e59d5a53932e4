"""Who hears that the results are final: each scored unit's officers, about their own unit
only (its total, class and ranks; never another unit's)."""

from collections import defaultdict

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dienhinh.accounts.models import Role, RoleAssignment
from dienhinh.core.mail import send_once
from dienhinh.scoring.models import ScoringVersion


def recipients(version: ScoringVersion) -> dict[int, list]:
    """unit id → the active officers of that scored unit (one query)."""
    rows = [row["unit"]["id"] for row in version.results.get("units", [])]
    people = defaultdict(list)
    for assignment in (
        RoleAssignment.objects.filter(unit_id__in=rows, role=Role.OFFICER, user__is_active=True)
        .select_related("user")
        .order_by("unit_id", "user_id")
    ):
        people[assignment.unit_id].append(assignment.user)
    return people


def email_key(version: ScoringVersion, unit_id: int, person) -> str:
    return f"scoring-final:{version.pk}:{unit_id}:{person.pk}"


def send_finalised_emails(version_id: int) -> int:
    version = ScoringVersion.objects.select_related("rubric__plan").filter(pk=version_id).first()
    if version is None:
        return 0
    plan = version.rubric.plan
    rows = {row["unit"]["id"]: row for row in version.results.get("units", [])}
    people = recipients(version)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Emulation results are final: plan %(ref)s") % {"ref": plan.reference}
        for unit_id, persons in people.items():
            link = settings.SITE_URL + reverse("scoring:unit", args=[plan.pk, unit_id])
            for person in persons:
                body = render_to_string(
                    "scoring/email/finalised.txt",
                    {
                        "row": rows[unit_id],
                        "plan": plan,
                        "version": version,
                        "person": person,
                        "link": link,
                    },
                )
                if send_once(
                    key=email_key(version, unit_id, person),
                    to=person.email,
                    subject=subject,
                    body=body,
                ):
                    sent += 1
    return sent
