"""A story's photos as files: THE lookups and THE responses.

Editors (whoever sees the story: Story.objects.visible_to) get the photos privately; the
people holding a valid preview link get those of the draft they preview; the public gets
the renditions of the photos the live version of a public story shows, and only those whose
people agreed or are not recognisable, with far-future caching (core.serving). Anything else
does not exist: 404.
"""

import os

from django.http import FileResponse, Http404

from dienhinh.core.serving import file_response
from dienhinh.nominations.enums import PUBLISHABLE_CONSENT
from dienhinh.nominations.files import PHOTO_FORMATS
from dienhinh.publishing.enums import RenditionFormat
from dienhinh.publishing.models import PreviewLink, Story, StoryPhoto, StoryRendition

_EXTENSIONS = {content_type: ext for content_type, ext in PHOTO_FORMATS.values()}
THUMBNAIL_WIDTH = 480


def story_photo_for(user, pk: int) -> StoryPhoto:
    """The story photo ``pk`` if ``user`` sees its story; Http404 otherwise."""
    visible = Story.objects.visible_to(user).values("pk")
    photo = StoryPhoto.objects.select_related("story").filter(story__in=visible, pk=pk).first()
    if photo is None:
        raise Http404
    return photo


def preview_photo_for(link: PreviewLink, pk: int) -> StoryPhoto:
    """A photo of the draft that a valid preview link shows; Http404 otherwise."""
    draft = link.story.draft_version
    if draft is None or pk not in draft.photo_ids:
        raise Http404
    photo = StoryPhoto.objects.filter(story_id=link.story_id, pk=pk).first()
    if photo is None:
        raise Http404
    return photo


def public_rendition_for(pk: int) -> StoryRendition:
    """A rendition the public may have: of a photo of the live version of a public story,
    whose people agreed or are not recognisable. For the portal; Http404 otherwise."""
    rendition = (
        StoryRendition.objects.select_related("photo__story__live_version")
        .filter(pk=pk, photo__story__in=Story.objects.public().values("pk"))
        .first()
    )
    if rendition is None:
        raise Http404
    photo = rendition.photo
    if photo.pk not in photo.story.live_version.photo_ids:
        raise Http404
    if photo.people_consent not in PUBLISHABLE_CONSENT:
        raise Http404
    return rendition


def _named(photo: StoryPhoto, extension: str) -> str:
    stem = os.path.splitext(photo.original_name)[0] or "photo"
    return f"{stem}.{extension}"


def photo_response(photo: StoryPhoto) -> FileResponse:
    """The photo itself (cleaned, full size), private."""
    extension = _EXTENSIONS.get(photo.content_type, "jpg")
    return file_response(
        photo.image.name, content_type=photo.content_type, filename=_named(photo, extension)
    )


def thumbnail_response(photo: StoryPhoto) -> FileResponse:
    """The smallest WebP rendition, private; the photo itself until renditions exist."""
    rendition = photo.renditions.filter(format=RenditionFormat.WEBP).order_by("width").first()
    if rendition is None:
        return photo_response(photo)
    return file_response(
        rendition.file.name, content_type=rendition.content_type, filename=_named(photo, "webp")
    )


def rendition_response(rendition: StoryRendition) -> FileResponse:
    """A public rendition (after public_rendition_for): cached for a year, immutable."""
    extension = "webp" if rendition.format == RenditionFormat.WEBP else "jpg"
    return file_response(
        rendition.file.name,
        content_type=rendition.content_type,
        filename=_named(rendition.photo, extension),
        public=True,
    )
