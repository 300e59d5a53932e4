"""A story's photos: upload, import from a linked dossier, remove. Each is a save: it writes
a new draft version with the photo list changed (the live version keeps its own photos).
Every photo is checked and re-encoded through nominations.files.clean_photo (EXIF gone);
its renditions are made in the background."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.accounts.models import User
from dienhinh.core import audit
from dienhinh.core.files import delete_after_commit
from dienhinh.core.text import clean_text, refusal
from dienhinh.nominations.editing import safe_filename
from dienhinh.nominations.enums import PeopleConsent
from dienhinh.nominations.files import clean_photo
from dienhinh.nominations.models import Photo
from dienhinh.publishing.editing import lock_editable, new_version_like
from dienhinh.publishing.models import Story, StoryPhoto

MAX_PHOTOS = 30
PHOTO_ADD = audit.define_action("story.photo_add", gettext_lazy("Story: photo added"))
PHOTO_REMOVE = audit.define_action("story.photo_remove", gettext_lazy("Story: photo removed"))


def _short(value, field: str) -> str:
    message = refusal(value)
    if message:
        raise ValidationError({field: message})
    text = clean_text(value)
    if len(text) > 255:
        raise ValidationError({field: _("Use at most %(limit)s characters.") % {"limit": 255}})
    return text


def _store(story: Story, *, by: User, data, caption, alt_text, consent, original, source=None):
    """Clean ``data`` (a file-like upload), store the photo and append it to a new draft
    version. Returns the StoryPhoto."""
    if story.photos.count() >= MAX_PHOTOS:
        raise ValidationError(
            _("A story may have at most %(limit)s photos. Remove one before adding another.")
            % {"limit": MAX_PHOTOS},
            code="too_many",
        )
    if consent not in PeopleConsent.values:
        raise ValidationError({"people_consent": _("Choose whether the people shown agreed.")})
    cleaned = clean_photo(data)
    photo = StoryPhoto(
        story=story,
        content_type=cleaned.content_type,
        width=cleaned.width,
        height=cleaned.height,
        caption=caption,
        alt_text=alt_text,
        people_consent=consent,
        source_photo=source,
        original_name=original,
        uploaded_by=by,
    )
    photo.image.save(f"photo.{cleaned.extension}", ContentFile(cleaned.content), save=False)
    photo.save()
    listed = list(story.draft_version.photos)
    listed.append(
        {"photo": photo.pk, "caption": caption, "alt_text": alt_text, "cover": not listed}
    )
    version = new_version_like(
        story, story.draft_version, by=by, photos=listed, note=_("Photo added")
    )
    _audit(PHOTO_ADD, story, by, version=version.number, photo=photo.pk)
    from dienhinh.publishing.tasks import make_renditions_task

    photo_id = photo.pk
    transaction.on_commit(lambda: make_renditions_task.enqueue(photo_id), robust=True)
    return photo


@transaction.atomic
def add_photo(
    story: Story,
    *,
    by: User,
    upload,
    caption: str = "",
    alt_text: str = "",
    people_consent: str = PeopleConsent.NOT_RECORDED,
) -> StoryPhoto:
    """Upload a photo to the story (checked by content, re-encoded without EXIF).

    Side effects: one file, one StoryPhoto, a new draft version listing it, one audit entry;
    after commit its renditions are queued. Nothing is kept when anything is refused.
    """
    locked = lock_editable(story, by)
    caption = _short(caption, "caption")
    alt_text = _short(alt_text, "alt_text")
    original = safe_filename(getattr(upload, "name", ""), "photo")
    return _store(
        locked,
        by=by,
        data=upload,
        caption=caption,
        alt_text=alt_text,
        consent=people_consent,
        original=original,
    )


@transaction.atomic
def import_photo(story: Story, *, by: User, source: Photo) -> StoryPhoto:
    """Copy a photo of a dossier the story tells about into the story, with its caption,
    description and the consent recorded for it.

    Side effects: as add_photo. Refused when the dossier is not linked to the story, or the
    photo was imported already.
    """
    locked = lock_editable(story, by)
    if not locked.story_dossiers.filter(nomination_id=source.nomination_id).exists():
        raise ValidationError(_("Only photos of the dossiers this story tells about can be used."))
    if locked.photos.filter(source_photo=source).exists():
        raise ValidationError(_("This photo is already in the story."))
    with default_storage.open(source.image.name, "rb") as handle:
        data = io.BytesIO(handle.read())
    return _store(
        locked,
        by=by,
        data=data,
        caption=source.caption,
        alt_text=source.alt_text,
        consent=source.people_consent,
        original=source.original_name,
        source=source,
    )


def files_of(photo: StoryPhoto) -> list[str]:
    """The photo's stored files. Read them with the photo's row locked (select_for_update)
    in the transaction that deletes it: a renditions task adds a rendition only under that
    lock (publishing.renditions), so no file can appear after this list and outlive the row."""
    return [photo.image.name, *(r.file.name for r in photo.renditions.all())]


@transaction.atomic
def remove_photo(photo: StoryPhoto, *, by: User) -> Story:
    """Take the photo out of the story's draft (a new version without it). Unless the live
    or the scheduled version still shows it, the photo and its renditions are deleted (older
    versions then simply show one photo fewer).

    Side effects: a new version, one audit entry, and possibly the StoryPhoto row, with its
    files deleted after commit.
    """
    locked = lock_editable(photo.story, by)
    photo_id = photo.pk
    listed = [item for item in locked.draft_version.photos if item["photo"] != photo_id]
    if listed and not any(item["cover"] for item in listed):
        listed[0] = {**listed[0], "cover": True}
    version = new_version_like(
        locked, locked.draft_version, by=by, photos=listed, note=_("Photo removed")
    )
    still_shown = set()
    for kept in (locked.live_version, locked.scheduled_version):
        if kept is not None:
            still_shown.update(kept.photo_ids)
    deleted = photo_id not in still_shown
    if deleted:
        # Locked before its files are listed (see files_of); gone already if a concurrent
        # removal deleted it first.
        row = StoryPhoto.objects.select_for_update().filter(pk=photo_id).first()
        if row is not None:
            names = files_of(row)
            row.delete()
            delete_after_commit(*names)
    _audit(PHOTO_REMOVE, locked, by, version=version.number, photo=photo_id, deleted=deleted)
    return locked


def _audit(action: str, story: Story, by: User, **extra) -> None:
    audit.record(
        action,
        actor=by,
        target=story,
        unit=story.unit,
        from_state=story.state,
        to_state=story.state,
        extra=extra,
    )
