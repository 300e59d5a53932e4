"""A dossier's photos and attachments as files: THE lookup and THE responses.

The dossier pages and the API both serve files through these functions, so that a file is
found through ``Nomination.objects.visible_to`` in one place, and answers with the same
bytes and headers (core.serving) wherever it is asked for. Outside the caller's scope the
file does not exist: 404, as for the dossier itself.
"""

import os

from django.http import FileResponse, Http404

from dienhinh.core.serving import file_response
from dienhinh.nominations.files import PHOTO_FORMATS
from dienhinh.nominations.models import Attachment, Nomination, PendingUpload, Photo

_EXTENSIONS = {content_type: ext for content_type, ext in PHOTO_FORMATS.values()}


def _visible(model, user, pk: int):
    visible = Nomination.objects.visible_to(user).values("pk")
    item = model.objects.select_related("nomination").filter(nomination__in=visible, pk=pk)
    found = item.first()
    if found is None:
        raise Http404
    return found


def photo_for(user, pk: int) -> Photo:
    """The photo ``pk`` if ``user`` may see its dossier; Http404 otherwise."""
    return _visible(Photo, user, pk)


def attachment_for(user, pk: int) -> Attachment:
    """The attachment ``pk`` if ``user`` may see its dossier; Http404 otherwise."""
    return _visible(Attachment, user, pk)


def _named(original: str, extension: str, default: str) -> str:
    stem = os.path.splitext(original)[0] or default
    return f"{stem}.{extension}"


def photo_response(photo: Photo) -> FileResponse:
    """The photo itself, shown inline, named after the uploaded file."""
    extension = _EXTENSIONS.get(photo.content_type, "jpg")
    filename = _named(photo.original_name, extension, "photo")
    return file_response(photo.image.name, content_type=photo.content_type, filename=filename)


def thumbnail_response(photo: Photo) -> FileResponse:
    """The photo's WebP thumbnail; photos stored before thumbnails existed are shown whole."""
    if not photo.thumbnail:
        return photo_response(photo)
    filename = _named(photo.original_name, "webp", "photo")
    return file_response(photo.thumbnail.name, content_type="image/webp", filename=filename)


def attachment_response(attachment: Attachment) -> FileResponse:
    """The document, as a download under its uploaded name."""
    return file_response(
        attachment.file.name,
        content_type=attachment.content_type,
        filename=attachment.original_name or "document",
        as_attachment=True,
    )


def pending_file_response(item: PendingUpload) -> FileResponse:
    """A pending upload's file for its uploader (the form's preview and the API): a photo
    inline, a document as a download, under its uploaded name."""
    return file_response(
        item.file.name,
        content_type=item.content_type,
        filename=item.original_name or "file",
        as_attachment=item.kind != PendingUpload.Kind.PHOTO,
    )


def pending_thumbnail_response(item: PendingUpload) -> FileResponse:
    """A pending photo's WebP thumbnail; a document has none (404)."""
    if not item.thumbnail:
        raise Http404
    return file_response(item.thumbnail.name, content_type="image/webp", filename="thumbnail.webp")
