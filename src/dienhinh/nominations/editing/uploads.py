"""Storing a dossier's photos and attachments: checked by content, all or nothing."""

import os
import unicodedata

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from dienhinh.accounts.models import User
from dienhinh.core.files import delete_after_commit
from dienhinh.core.text import clean_text, refusal
from dienhinh.nominations.editing._limits import MAX_ATTACHMENTS, MAX_PHOTOS
from dienhinh.nominations.editing._lock import lock_editable
from dienhinh.nominations.enums import PeopleConsent
from dienhinh.nominations.files import clean_document, clean_photo
from dienhinh.nominations.models import Attachment, Nomination, Photo


def safe_filename(name: str | None, default: str) -> str:
    """The last part of an uploaded file's name in NFC, without control characters."""
    base = unicodedata.normalize("NFC", name or "").replace("\\", "/").split("/")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    if not base:
        return default
    stem, ext = os.path.splitext(base)
    return stem[: 255 - len(ext[:20])] + ext[:20]


def _short(value, limit: int, label: str, *, field: str) -> str:
    message = refusal(value)
    if message:
        raise ValidationError({field: f"{label}: {message}"})
    text = clean_text(value)
    if len(text) > limit:
        raise ValidationError(
            _("%(label)s: use at most %(limit)s characters.") % {"label": label, "limit": limit}
        )
    return text


@transaction.atomic
def add_photo(
    nomination: Nomination,
    *,
    by: User,
    upload,
    caption: str = "",
    alt_text: str = "",
    people_consent: str = PeopleConsent.NOT_RECORDED,
) -> Photo:
    """Check, clean and store a photo of the dossier with its thumbnail.

    Only the cleaned (re-encoded, EXIF-free) bytes are written, never the upload itself.
    Side effects: writes two files to the default storage and inserts one Photo row; if the
    transaction rolls back the files are removed again (core/files.py).
    """
    locked = lock_editable(nomination, by)
    if locked.photos.count() >= MAX_PHOTOS:
        raise ValidationError(
            _("A dossier may have at most %(limit)s photos. Remove one before adding another.")
            % {"limit": MAX_PHOTOS},
            code="too_many",
        )
    caption = _short(caption, 255, _("Caption"), field="caption")
    alt_text = _short(alt_text, 255, _("Description for screen readers"), field="alt_text")
    people_consent = people_consent or PeopleConsent.NOT_RECORDED
    if people_consent not in PeopleConsent.values:
        raise ValidationError(
            {"people_consent": _("Choose whether the people in the photo agreed.")}
        )
    cleaned = clean_photo(upload)
    position = (locked.photos.aggregate(last=Max("position"))["last"] or 0) + 1
    photo = Photo(
        nomination=locked,
        content_type=cleaned.content_type,
        width=cleaned.width,
        height=cleaned.height,
        caption=caption,
        alt_text=alt_text,
        people_consent=people_consent,
        original_name=safe_filename(getattr(upload, "name", ""), "photo"),
        position=position,
    )
    photo.image.save(f"photo.{cleaned.extension}", ContentFile(cleaned.content), save=False)
    photo.thumbnail.save("thumbnail.webp", ContentFile(cleaned.thumbnail), save=False)
    photo.save()
    return photo


@transaction.atomic
def remove_photo(photo: Photo, *, by: User) -> None:
    """Delete a photo of a draft or returned dossier.

    Side effects: deletes the Photo row; its files are deleted once the transaction commits.
    """
    lock_editable(photo.nomination, by)
    names = (photo.image.name, photo.thumbnail.name)
    photo.delete()
    delete_after_commit(*names)


@transaction.atomic
def add_attachment(nomination: Nomination, *, by: User, upload, title: str = "") -> Attachment:
    """Check and store a PDF or DOCX document of the dossier.

    Side effects: writes one file to the default storage and inserts one Attachment row; if
    the transaction rolls back the file is removed again (core/files.py).
    """
    locked = lock_editable(nomination, by)
    if locked.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            _("A dossier may have at most %(limit)s attachments. Remove one before adding another.")
            % {"limit": MAX_ATTACHMENTS},
            code="too_many",
        )
    title = _short(title, 255, _("Title"), field="title")
    cleaned = clean_document(upload)
    original = safe_filename(getattr(upload, "name", ""), f"document.{cleaned.extension}")
    stem, ext = os.path.splitext(original)
    if ext.lower() != f".{cleaned.extension}":
        # The name must not promise another type than the content has.
        original = f"{stem[:240]}.{cleaned.extension}"
    attachment = Attachment(
        nomination=locked,
        content_type=cleaned.content_type,
        size=len(cleaned.content),
        title=title,
        original_name=original,
    )
    attachment.file.save(f"document.{cleaned.extension}", ContentFile(cleaned.content), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by: User) -> None:
    """Delete an attachment of a draft or returned dossier.

    Side effects: deletes the Attachment row; its file is deleted once the transaction commits.
    """
    lock_editable(attachment.nomination, by)
    name = attachment.file.name
    attachment.delete()
    delete_after_commit(name)


@transaction.atomic
def move_photo(photo: Photo, *, by: User, offset: int) -> None:
    """Move a photo of a draft or returned dossier one place earlier (-1) or later (+1);
    the first photo is the dossier's cover. Nothing happens at either end.

    Side effects: renumbers the dossier's photos 1…n in their new order.
    """
    locked = lock_editable(photo.nomination, by)
    photos = list(locked.photos.select_for_update().order_by("position", "pk"))
    index = next(i for i, p in enumerate(photos) if p.pk == photo.pk)
    target = index + (1 if offset > 0 else -1)
    if 0 <= target < len(photos):
        photos[index], photos[target] = photos[target], photos[index]
    for number, item in enumerate(photos, start=1):
        item.position = number
    Photo.objects.bulk_update(photos, ["position"])
