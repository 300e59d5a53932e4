"""A person's data in a dossier, exported for them or erased (Law 91/2025/QH15: the right to
obtain and to delete one's personal data), by a system administrator.

``export_subject``: a ZIP with ``subject.json`` (every registered personal field of the
dossier, its past awards, the list of its files) and the files themselves.

``anonymise_subject``: once no open decision needs the dossier (it is not waiting for a
review or a revision), its personal fields are emptied, the person's name is replaced
wherever the dossier's text holds it, its photos, documents and consent scan are deleted, the
reviewers' comments, the reasons given for its moves and its self-assessment lose the name,
the stories told about it go offline and lose the name from every version
(``nominations.hooks.subject_erased``: publishing.erasure), its field
history is purged and the audit entries about it no longer carry the name. The dossier
stays (anonymous) so that the plan's counts and the frozen reports, which hold counts and
never names, are unchanged. The reason is recorded in the audit log.
"""

import io
import json
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.accounts.models import User
from dienhinh.accounts.scope import is_system_admin
from dienhinh.accounts.security import EXPORT_PERSONAL_DATA
from dienhinh.core import audit
from dienhinh.core.files import delete_after_commit
from dienhinh.core.models import AuditEntry, OutgoingEmail
from dienhinh.core.personal_data import entries
from dienhinh.core.text import clean_field
from dienhinh.nominations.enums import IN_REVIEW, State
from dienhinh.nominations.hooks import subject_erased
from dienhinh.nominations.models import Nomination
from dienhinh.nominations.privacy import SENSITIVE_FIELDS
from dienhinh.plans.models import SubjectKind

ANONYMISE = audit.define_action(
    "nomination.anonymise", gettext_lazy("Personal data erased on request")
)
# A decision is still to be taken on a dossier waiting for a review or for its revision.
OPEN_STATES = frozenset({*IN_REVIEW, State.RETURNED})


def personal_fields() -> dict[str, object]:
    """The dossier's fields the register of personal data lists (core.personal_data)."""
    for entry in entries():
        if entry.model == "nominations.nomination":
            return entry.fields
    return {}


def check_admin(by: User) -> None:
    if not is_system_admin(by):
        raise PermissionDenied(_("Only a system administrator may do this."))


def _value(nomination: Nomination, name: str):
    field = nomination._meta.get_field(name)
    value = getattr(nomination, field.attname)
    if isinstance(field, models.FileField):
        return value.name if value else ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _files(nomination: Nomination) -> list[tuple[str, str]]:
    """(name in the archive, stored name) of the dossier's files."""
    found = [
        (f"photos/{p.pk}-{p.original_name or 'photo'}", p.image.name)
        for p in nomination.photos.all()
    ]
    found += [
        (f"documents/{a.pk}-{a.original_name}", a.file.name) for a in nomination.attachments.all()
    ]
    if nomination.consent_scan:
        found.append(
            (
                f"consent/{nomination.consent_scan.name.rsplit('/', 1)[-1]}",
                nomination.consent_scan.name,
            )
        )
    return found


def subject_data(nomination: Nomination) -> dict:
    return {
        "dossier": nomination.pk,
        "plan": str(nomination.plan),
        "nominating_unit": nomination.nominating_unit.name,
        "subject_kind": nomination.subject_kind,
        "fields": {name: _value(nomination, name) for name in personal_fields()},
        "past_awards": [
            {"title": a.title, "year": a.year, "decision_number": a.decision_number}
            for a in nomination.past_awards.all()
        ],
        "files": [name for name, _stored in _files(nomination)],
    }


def export_subject(nomination: Nomination, *, by: User) -> tuple[str, bytes]:
    """The person's data as a ZIP (file name, bytes).

    Side effects: one security event (an export with personal data, sensitive included).
    """
    check_admin(by)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        data = json.dumps(subject_data(nomination), ensure_ascii=False, indent=2, default=str)
        archive.writestr("subject.json", data)
        for name, stored in _files(nomination):
            if default_storage.exists(stored):
                with default_storage.open(stored, "rb") as handle:
                    archive.writestr(name, handle.read())
    filename = f"du-lieu-ca-nhan-ho-so-{nomination.pk}.zip"
    with transaction.atomic():
        audit.record(
            EXPORT_PERSONAL_DATA,
            actor=by,
            target=nomination,
            unit=nomination.nominating_unit,
            extra={
                "filename": filename,
                "sensitive": sorted(SENSITIVE_FIELDS),
            },
        )
    return filename, buffer.getvalue()


def _empty(nomination: Nomination, name: str) -> None:
    field = nomination._meta.get_field(name)
    if field.is_relation or field.null:
        setattr(nomination, field.attname, None)
    else:
        setattr(nomination, field.attname, "")


def check_decided(nomination: Nomination) -> None:
    """Refuse (ValidationError) while a decision is still open on the dossier."""
    if nomination.state in OPEN_STATES:
        raise ValidationError(
            _("A decision is still open on this dossier (%(state)s): erase it once it is decided.")
            % {"state": nomination.get_state_display()}
        )


def clean_reason(reason: str) -> str:
    reason = clean_field(reason, field="reason", multiline=True)
    if not reason:
        raise ValidationError({"reason": _("Say why the data is erased.")})
    return reason


def marker() -> str:
    """What replaces an erased name, in the site's language (the records outlive a reader's)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("(anonymised)")


def held_name(nomination: Nomination) -> str:
    """The person's name the dossier holds ("" for a collective: no person to erase)."""
    return nomination.full_name if nomination.subject_kind == SubjectKind.INDIVIDUAL else ""


def _replaced(text: str, names: list[str], marker: str) -> str:
    for name in names:
        text = text.replace(name, marker)
    return text


def _scrub_written(locked: Nomination, names: list[str], marker: str) -> None:
    """The name out of what people wrote about the dossier as it went along: reviewers'
    comments and internal notes, the reasons given for its moves (and in the audit log),
    the evidence of its self-assessment, the titles of its initiatives and the emails about
    it. These rows are
    otherwise never rewritten; the law's right to erasure is the one exception. A few rows a
    dossier: read, replaced in Python (the database's REPLACE differs between the two), and
    written back only where the name was."""
    if not names:
        return
    written = (
        (locked.reviews.all(), ("comment", "internal_note")),
        (locked.transitions.all(), ("reason",)),
        (locked.assessments.all(), ("evidence",)),
        (locked.initiatives.all(), ("title",)),
        (
            AuditEntry.objects.filter(
                target_type__app_label="nominations",
                target_type__model="nomination",
                target_id=locked.pk,
            ),
            ("reason",),
        ),
    )
    # The emails about it (its moves, the stories told from it; kept in the outbox: sent,
    # pending or failed) name the subject in their subject line and text; each was linked
    # to the dossier when it was queued (Nomination.emails).
    written += ((OutgoingEmail.objects.filter(nominations=locked), ("subject", "body")),)
    for queryset, fields in written:
        changed = []
        for row in queryset.only("pk", *fields):
            texts = {field: getattr(row, field) for field in fields}
            new = {field: _replaced(text, names, marker) for field, text in texts.items()}
            if new != texts:
                for field, text in new.items():
                    setattr(row, field, text)
                changed.append(row)
        if changed:
            queryset.model.objects.bulk_update(changed, fields)


def erase_locked(locked: Nomination, by: User, *, names: list[str], marker: str) -> list[str]:
    """Erase the person's data from ``locked`` (a dossier row locked by the caller's
    transaction, already checked), replacing each of ``names`` by ``marker``. Returns the
    stored files to delete after the commit (the caller deletes them, with its audit entry).

    Side effects: as ``anonymise_subject`` but the audit entry with the reason.
    """
    names = [name for name in names if name]
    stored = [stored for _name, stored in _files(locked)]
    stored += [p.thumbnail.name for p in locked.photos.all() if p.thumbnail]
    for field_name in personal_fields():
        _empty(locked, field_name)
    locked.consent_recorded_at = None
    if locked.subject_kind == SubjectKind.INDIVIDUAL:
        locked.full_name = marker
    # Longest first: a full name must go before a shorter spelling that is part of it.
    names = sorted(names, key=len, reverse=True)
    for name in names:
        locked.headline = locked.headline.replace(name, marker)
        locked.achievements = locked.achievements.replace(name, marker)
    _scrub_written(locked, names, marker)
    # Before the photos go: publishing deletes its copies of them (StoryPhoto.source_photo).
    for _hook, follow_up in subject_erased:
        follow_up(locked, by, names=names, marker=marker)
    locked.photos.all().delete()
    locked.attachments.all().delete()
    locked.skip_history_when_saving = True  # the history of the person is purged below
    locked.save()
    del locked.skip_history_when_saving
    locked.history.all().delete()
    AuditEntry.objects.filter(
        target_type__app_label="nominations",
        target_type__model="nomination",
        target_id=locked.pk,
    ).update(target_label=f"#{locked.pk}")
    return stored


@transaction.atomic
def anonymise_subject(nomination: Nomination, *, by: User, reason: str) -> Nomination:
    """Erase the person's data from the dossier (see the module's docstring).

    Side effects: updates the dossier, deletes its photo, document and history rows (files
    after commit), rewrites the labels of the audit entries about it, runs
    ``hooks.subject_erased`` (stories offline), writes one audit entry with the reason.
    """
    check_admin(by)
    reason = clean_reason(reason)
    locked = (
        Nomination.objects.select_for_update()
        .select_related("nominating_unit")
        .get(pk=nomination.pk)
    )
    check_decided(locked)
    stored = erase_locked(locked, by, names=[held_name(locked)], marker=marker())
    audit.record(
        ANONYMISE,
        actor=by,
        target=locked,
        unit=locked.nominating_unit,
        reason=reason,
        extra={"files": len(stored)},
    )
    delete_after_commit(*stored)
    nomination.refresh_from_db()
    return nomination
