"""The person's consent to be publicised (Law 91/2025/QH15 on personal data): recorded on
the dossier with who and when, optionally with a scan of the signed form, and withdrawn.

Pages and the API call these functions. Those who may: the nominating unit's writers
(officers, subtree administrators) and the reviewers and editors of the plan's issuing unit
(who select and publish), among those who see the dossier.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.accounts.models import User
from dienhinh.core import audit
from dienhinh.core.files import delete_after_commit
from dienhinh.core.text import clean_field
from dienhinh.nominations.files import clean_consent_scan
from dienhinh.nominations.hooks import consent_withdrawn
from dienhinh.nominations.models import Nomination

RECORDED = "recorded"
WITHDRAWN = "withdrawn"
CONSENT_STATES = (
    (RECORDED, gettext_lazy("Consent recorded")),
    (WITHDRAWN, gettext_lazy("Consent withdrawn")),
)
CONSENT = audit.define_action(
    "nomination.consent",
    gettext_lazy("Dossier: consent to publicise"),
    states=CONSENT_STATES,
)


def may_manage_consent(user, nomination: Nomination) -> bool:
    """Whether ``user`` may record or withdraw the consent of ``nomination``."""
    return user.has_perm("nominations.manage_consent", nomination)


def _lock(nomination: Nomination, by: User) -> Nomination:
    locked = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("plan__issuing_unit", "nominating_unit")
        .get(pk=nomination.pk)
    )
    if not may_manage_consent(by, locked):
        raise PermissionDenied(
            _(
                "Only the nominating unit's officers and the reviewers and editors of the "
                "plan's issuing unit can record or withdraw the consent."
            )
        )
    return locked


def _audit(locked: Nomination, by: User, from_state: str, to_state: str, **details) -> None:
    audit.record(
        CONSENT,
        actor=by,
        target=locked,
        unit=locked.nominating_unit,
        from_state=from_state,
        to_state=to_state,
        **details,
    )


@transaction.atomic
def record_consent(nomination: Nomination, *, by: User, scan=None) -> Nomination:
    """Record that the person (or the collective's representative) agreed to be publicised,
    now, by ``by``, with an optional scan of the signed form (a PDF or a photo, checked by
    content; a photo is re-encoded without EXIF). Recording again replaces the scan.

    Side effects: updates the dossier's consent columns (no field-history row: the audit
    entry tells it), stores the scan, deletes a replaced scan after commit, writes one audit
    entry. Raises PermissionDenied or ValidationError (a bad scan) and then changes nothing.
    """
    locked = _lock(nomination, by)
    cleaned = clean_consent_scan(scan) if scan is not None else None
    previous = RECORDED if locked.consent_recorded_at else ""
    old_scan = locked.consent_scan.name if locked.consent_scan else ""
    values = {"consent_recorded_at": timezone.now(), "consent_recorded_by": by}
    stored = ""
    if cleaned is not None:
        locked.consent_scan.save(
            f"consent.{cleaned.extension}", ContentFile(cleaned.content), save=False
        )
        stored = locked.consent_scan.name
        values.update(consent_scan=stored, consent_scan_type=cleaned.content_type)
    Nomination.objects.filter(pk=locked.pk).update(**values)
    _audit(locked, by, previous, RECORDED, extra={"scan": bool(stored or old_scan)})
    if stored and old_scan:
        delete_after_commit(old_scan)
    nomination.refresh_from_db()
    return nomination


@transaction.atomic
def withdraw_consent(nomination: Nomination, *, by: User, reason: str = "") -> Nomination:
    """Withdraw the recorded consent (the person changed their mind, or it was recorded by
    mistake).

    Side effects: clears the consent columns, deletes the scan after commit, writes one audit
    entry, then runs ``nominations.hooks.consent_withdrawn`` in the same transaction (the
    stories published about the person go offline with it).
    """
    locked = _lock(nomination, by)
    reason = clean_field(reason, field="reason", multiline=True)
    if locked.consent_recorded_at is None:
        raise ValidationError(_("No consent is recorded for this dossier."))
    old_scan = locked.consent_scan.name if locked.consent_scan else ""
    Nomination.objects.filter(pk=locked.pk).update(
        consent_recorded_at=None, consent_recorded_by=None, consent_scan="", consent_scan_type=""
    )
    _audit(locked, by, RECORDED, WITHDRAWN, reason=reason)
    delete_after_commit(old_scan)
    for _name, follow_up in consent_withdrawn:
        follow_up(locked, by)
    nomination.refresh_from_db()
    return nomination
