"""Files uploaded on the dossier form before they belong to a dossier ("pending uploads").

The form uploads each photo or document as soon as it is chosen (or, without JavaScript,
with the form itself); the form then carries the ids of its pending uploads and, when the
dossier is saved, ``attach_pending`` turns them into the dossier's photos and attachments
in the same transaction. A pending upload belongs to its uploader alone: only they see it,
only they can attach or remove it, and the sweep deletes it 24 hours after upload.
"""

import datetime
import os
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.accounts.models import User
from dienhinh.core.files import delete_after_commit
from dienhinh.nominations.editing._limits import MAX_ATTACHMENTS, MAX_PHOTOS
from dienhinh.nominations.editing.uploads import _short, safe_filename
from dienhinh.nominations.enums import PeopleConsent
from dienhinh.nominations.files import clean_document, clean_photo
from dienhinh.nominations.models import Attachment, Nomination, PendingUpload, Photo

LIFETIME = datetime.timedelta(hours=24)
# More than a full dossier's worth of files waiting at once is not a dossier being written.
MAX_PENDING = MAX_PHOTOS + MAX_ATTACHMENTS


@dataclass
class PendingItem:
    """A pending upload named on the form, with what was typed beside it."""

    id: int
    caption: str = ""
    alt_text: str = ""
    people_consent: str = PeopleConsent.NOT_RECORDED


def pending_of(user: User) -> QuerySet:
    """The user's own pending uploads that have not expired: THE lookup for serving,
    removing and attaching them (anyone else's do not exist: 404)."""
    return PendingUpload.objects.filter(uploaded_by=user, created_at__gte=timezone.now() - LIFETIME)


@transaction.atomic
def add_pending(*, by: User, kind: str, upload) -> PendingUpload:
    """Check, clean and store a photo or document for a dossier not saved yet.

    The same checks as for a dossier's files (content, size, pixels, EXIF stripped, HEIC
    converted, active content in PDFs refused). Side effects: writes the cleaned file (and a
    photo's thumbnail) to the default storage and inserts a PendingUpload row.
    """
    if kind not in PendingUpload.Kind.values:
        raise ValidationError(_("Choose a photo or a document."), code="kind")
    if pending_of(by).count() >= MAX_PENDING:
        raise ValidationError(
            _("You have %(limit)s files waiting for a dossier. Save the dossier first.")
            % {"limit": MAX_PENDING},
            code="too_many",
        )
    item = PendingUpload(kind=kind, uploaded_by=by)
    # A rollback after a file was written deletes it again (core/files.py).
    if kind == PendingUpload.Kind.PHOTO:
        cleaned = clean_photo(upload)
        item.width, item.height = cleaned.width, cleaned.height
        item.original_name = safe_filename(getattr(upload, "name", ""), "photo")
        item.thumbnail.save("thumbnail.webp", ContentFile(cleaned.thumbnail), save=False)
    else:
        cleaned = clean_document(upload)
        original = safe_filename(getattr(upload, "name", ""), f"document.{cleaned.extension}")
        stem, ext = os.path.splitext(original)
        if ext.lower() != f".{cleaned.extension}":
            original = f"{stem[:240]}.{cleaned.extension}"
        item.original_name = original
    item.content_type = cleaned.content_type
    item.size = len(cleaned.content)
    item.file.save(f"upload.{cleaned.extension}", ContentFile(cleaned.content), save=False)
    item.save()
    transaction.on_commit(_queue_sweep, robust=True)
    return item


def _queue_sweep() -> None:
    # The worker removes the upload a day later if it was never attached; without a queue
    # that can wait (the immediate backend), the management command does it from cron.
    from django.tasks import default_task_backend

    from dienhinh.nominations.tasks import sweep_pending_uploads

    if default_task_backend.supports_defer:
        at = timezone.now() + LIFETIME + datetime.timedelta(minutes=1)
        sweep_pending_uploads.using(run_after=at).enqueue()


@transaction.atomic
def remove_pending(item: PendingUpload, *, by: User) -> None:
    """Delete one of ``by``'s pending uploads. Side effects: deletes the row, and its files
    once the transaction commits."""
    if item.uploaded_by_id != by.pk:
        raise ValidationError(_("This file is not yours."), code="not_owner")
    names = [item.file.name, item.thumbnail.name]
    item.delete()
    delete_after_commit(*names)


def attach_pending(nomination: Nomination, *, by: User, items: Sequence[PendingItem]) -> None:
    """Make ``by``'s pending uploads named in ``items`` the dossier's photos and documents,
    in the order given, after those it has. Called by create/update inside their transaction,
    on the locked dossier, so that the dossier and its files are saved together or not at all.

    Side effects: inserts Photo and Attachment rows pointing at the already stored files and
    deletes the PendingUpload rows (not their files, which now belong to the dossier).
    Raises ValidationError (key ``uploads``) for ids that are not the saver's own, or have
    expired, and when the dossier would hold too many files.
    """
    if not items:
        return
    ids = [item.id for item in items]
    if len(set(ids)) != len(ids):
        raise ValidationError({"uploads": _("The same file is named twice on the form.")})
    found = {p.pk: p for p in pending_of(by).select_for_update().filter(pk__in=ids)}
    if len(found) != len(ids):
        raise ValidationError(
            {
                "uploads": _(
                    "Some of the files on the form are not yours or were uploaded more than "
                    "24 hours ago. Upload them again."
                )
            },
            code="not_owner",
        )
    photos = [(item, found[item.id]) for item in items if found[item.id].kind == "photo"]
    documents = [(item, found[item.id]) for item in items if found[item.id].kind != "photo"]
    if photos and nomination.photos.count() + len(photos) > MAX_PHOTOS:
        raise ValidationError(
            {"uploads": _("A dossier may have at most %(limit)s photos.") % {"limit": MAX_PHOTOS}}
        )
    if documents and nomination.attachments.count() + len(documents) > MAX_ATTACHMENTS:
        raise ValidationError(
            {
                "uploads": _("A dossier may have at most %(limit)s attachments.")
                % {"limit": MAX_ATTACHMENTS}
            }
        )
    position = nomination.photos.aggregate(last=Max("position"))["last"] or 0
    new_photos = []
    for item, pending in photos:
        consent = item.people_consent or PeopleConsent.NOT_RECORDED
        if consent not in PeopleConsent.values:
            raise ValidationError({"uploads": _("Choose whether the people in the photo agreed.")})
        position += 1
        photo = Photo(
            nomination=nomination,
            content_type=pending.content_type,
            width=pending.width,
            height=pending.height,
            caption=_short(item.caption, 255, _("Caption"), field="uploads"),
            alt_text=_short(
                item.alt_text, 255, _("Description for screen readers"), field="uploads"
            ),
            people_consent=consent,
            original_name=pending.original_name,
            position=position,
        )
        photo.image.name = pending.file.name
        photo.thumbnail.name = pending.thumbnail.name
        new_photos.append(photo)
    new_documents = []
    for item, pending in documents:
        document = Attachment(
            nomination=nomination,
            content_type=pending.content_type,
            size=pending.size,
            title=_short(item.caption, 255, _("Title"), field="uploads"),
            original_name=pending.original_name,
        )
        document.file.name = pending.file.name
        new_documents.append(document)
    Photo.objects.bulk_create(new_photos)
    Attachment.objects.bulk_create(new_documents)
    PendingUpload.objects.filter(pk__in=ids).delete()


def sweep_pending(*, now: datetime.datetime | None = None) -> int:
    """Delete pending uploads older than 24 hours, rows and files; returns how many.

    Safe to run twice and at any time (a task and a management command call it)."""
    cutoff = (now or timezone.now()) - LIFETIME
    removed = 0
    for item in PendingUpload.objects.filter(created_at__lt=cutoff).iterator():
        names = [item.file.name, item.thumbnail.name]
        with transaction.atomic():
            deleted, _rows = PendingUpload.objects.filter(pk=item.pk).delete()
        if deleted:
            # Committed (or, called inside a caller's transaction, as good as): the files go.
            for name in names:
                if name:
                    default_storage.delete(name)
            removed += 1
    return removed
