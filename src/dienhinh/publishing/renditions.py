"""Renditions of story photos: WebP with a JPEG fallback at about 480, 960 and 1600 pixels
wide, never wider than the photo itself (no upscaling; a photo narrower than 480 gets one
rendition at its own width). Made once, in the background, after the photo is stored; the
portal serves them publicly (core.serving, far-future caching: each file's name holds a
hash of its content)."""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from PIL import Image, ImageOps

from dienhinh.publishing.enums import RenditionFormat
from dienhinh.publishing.models import StoryPhoto, StoryRendition

WIDTHS = (480, 960, 1600)
_SAVE = {
    RenditionFormat.WEBP: ("WEBP", {"quality": 82, "method": 4}, "webp"),
    RenditionFormat.JPEG: ("JPEG", {"quality": 82, "optimize": True, "progressive": True}, "jpg"),
}


def widths_for(width: int) -> list[int]:
    """The rendition widths of a photo ``width`` pixels wide (no upscaling)."""
    wanted = [w for w in WIDTHS if w <= width]
    return wanted or [width]


def _encode(image: Image.Image, fmt: str) -> bytes:
    kind, options, _ext = _SAVE[fmt]
    if kind == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if kind == "WEBP" and image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    out = io.BytesIO()
    image.save(out, kind, **options)  # no exif=: renditions carry no metadata
    return out.getvalue()


def make_renditions(photo_id: int) -> int:
    """Make the renditions of story photo ``photo_id`` that do not exist yet; returns how
    many were made (0 when all exist or the photo is gone: safe to run twice).

    Side effects: writes the rendition files to the default storage and one StoryRendition
    row each; a file whose row loses a race with another worker is removed again; when the
    photo is on a public story's live version, the ``public_changed`` hooks run.
    """
    photo = StoryPhoto.objects.filter(pk=photo_id).first()
    if photo is None:
        return 0
    have = set(photo.renditions.values_list("format", "width"))
    wanted = [
        (fmt, width)
        for width in widths_for(photo.width)
        for fmt in RenditionFormat.values
        if (fmt, width) not in have
    ]
    if not wanted:
        return 0
    with default_storage.open(photo.image.name, "rb") as handle, Image.open(handle) as source:
        source.load()
        source = ImageOps.exif_transpose(source)
        made = 0
        for fmt, width in wanted:
            height = max(1, round(source.height * width / source.width))
            resized = source if width == source.width else source.resize((width, height))
            content = _encode(resized, fmt)
            stored = _store(photo, fmt, width, height, content)
            if stored is None:
                return made  # the photo was removed meanwhile: nothing to announce
            made += stored
    if made and _shown_to_the_public(photo):
        # The story page and the lists showing it can now carry the photo.
        from dienhinh.publishing.workflow import announce_public_change

        announce_public_change(photo.story_id)
    return made


def _store(photo: StoryPhoto, fmt: str, width: int, height: int, content: bytes) -> int | None:
    """Write one rendition's file and row under the photo's row lock; returns 1 when made, 0
    when it existed already, None when the photo is gone.

    A removal or an erasure locks the photo before listing its renditions
    (photos.files_of): it either waits here and then deletes this file with the row, or
    went first and this finds no photo and writes no file. A file written here and rolled
    back (a lost race, a failed insert) is deleted by core.files."""
    digest = hashlib.sha256(content).hexdigest()[:16]
    try:
        with transaction.atomic():
            if not StoryPhoto.objects.select_for_update().filter(pk=photo.pk).exists():
                return None
            if photo.renditions.filter(format=fmt, width=width).exists():
                return 0  # another worker made it first
            rendition = StoryRendition(
                photo=photo, format=fmt, width=width, height=height, size=len(content)
            )
            rendition.file.save(f"{digest}-{width}.{_SAVE[fmt][2]}", ContentFile(content), False)
            rendition.save()
    except IntegrityError:
        return 0  # another worker made it first; its file went with the rollback
    return 1


def _shown_to_the_public(photo: StoryPhoto) -> bool:
    from dienhinh.publishing.models import Story

    story = Story.objects.public().select_related("live_version").filter(pk=photo.story_id)
    found = story.first()
    return found is not None and photo.pk in found.live_version.photo_ids
