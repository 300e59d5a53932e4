"""Uploading, serving and deleting a dossier's photos and attachments.

Files are never served from MEDIA_URL: every request goes through these views, which check
that the user may see the dossier (404 otherwise, as for the dossier itself).
"""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dienhinh.nominations import editing
from dienhinh.nominations.files import PHOTO_FORMATS
from dienhinh.nominations.forms import AttachmentUploadForm, PhotoUploadForm
from dienhinh.nominations.models import Attachment, Nomination, Photo

_EXTENSIONS = {content_type: ext for content_type, ext in PHOTO_FORMATS.values()}


def _visible_nomination(request, pk: int) -> Nomination:
    return get_object_or_404(Nomination.objects.visible_to(request.user), pk=pk)


def _visible_file(request, model, pk: int):
    """The photo or attachment ``pk`` if its dossier is visible to the user, else 404."""
    item = get_object_or_404(model.objects.select_related("nomination"), pk=pk)
    if not Nomination.objects.visible_to(request.user).filter(pk=item.nomination_id).exists():
        raise Http404
    return item


def _back_to(nomination_id: int, anchor: str):
    return redirect(f"{reverse('nominations:edit', args=[nomination_id])}#{anchor}")


def _first_error(form) -> str:
    return next(iter(form.errors.values()))[0]


def _serve(name: str, content_type: str, filename: str, *, as_attachment: bool):
    if not name:
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, content_type=content_type, as_attachment=as_attachment, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    # A served file never runs anything, even if opened directly in the browser.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _named(original: str, extension: str, default: str) -> str:
    stem = os.path.splitext(original)[0] or default
    return f"{stem}.{extension}"


def keep_typed(request, kind: str, pk: int, fields: tuple[str, ...]) -> None:
    """Keep what was typed beside a refused upload for the edit page to show again (a file
    input cannot be refilled, but the caption and description need not be typed twice)."""
    request.session[f"{kind}-draft-{pk}"] = {
        name: request.POST.get(name, "")[:255] for name in fields
    }


def typed_before(request, kind: str, pk: int) -> dict | None:
    return request.session.pop(f"{kind}-draft-{pk}", None)


@login_required
@require_POST
def photo_upload(request, pk: int):
    nomination = _visible_nomination(request, pk)
    form = PhotoUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        keep_typed(request, "photo", nomination.pk, ("caption", "alt_text"))
        return _back_to(nomination.pk, "photos")
    try:
        editing.add_photo(
            nomination,
            by=request.user,
            upload=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
            alt_text=form.cleaned_data["alt_text"],
        )
    except ValidationError as error:
        messages.error(
            request, _("The photo was not added: %(reason)s") % {"reason": " ".join(error.messages)}
        )
        keep_typed(request, "photo", nomination.pk, ("caption", "alt_text"))
    else:
        messages.success(request, _("The photo was added."))
    return _back_to(nomination.pk, "photos")


@login_required
@require_POST
def attachment_upload(request, pk: int):
    nomination = _visible_nomination(request, pk)
    form = AttachmentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        keep_typed(request, "attachment", nomination.pk, ("title",))
        return _back_to(nomination.pk, "attachments")
    try:
        editing.add_attachment(
            nomination,
            by=request.user,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
        )
    except ValidationError as error:
        messages.error(
            request,
            _("The document was not attached: %(reason)s") % {"reason": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("The document was attached."))
    return _back_to(nomination.pk, "attachments")


@login_required
@require_GET
def photo(request, pk: int):
    item = _visible_file(request, Photo, pk)
    extension = _EXTENSIONS.get(item.content_type, "jpg")
    filename = _named(item.original_name, extension, "photo")
    return _serve(item.image.name, item.content_type, filename, as_attachment=False)


@login_required
@require_GET
def photo_thumbnail(request, pk: int):
    item = _visible_file(request, Photo, pk)
    if not item.thumbnail:
        # Photos stored before thumbnails existed are shown in full.
        extension = _EXTENSIONS.get(item.content_type, "jpg")
        filename = _named(item.original_name, extension, "photo")
        return _serve(item.image.name, item.content_type, filename, as_attachment=False)
    filename = _named(item.original_name, "webp", "photo")
    return _serve(item.thumbnail.name, "image/webp", filename, as_attachment=False)


@login_required
@require_POST
def photo_delete(request, pk: int):
    item = _visible_file(request, Photo, pk)
    editing.remove_photo(item, by=request.user)
    messages.success(request, _("The photo was removed."))
    return _back_to(item.nomination_id, "photos")


@login_required
@require_GET
def attachment(request, pk: int):
    item = _visible_file(request, Attachment, pk)
    return _serve(
        item.file.name, item.content_type, item.original_name or "document", as_attachment=True
    )


@login_required
@require_POST
def attachment_delete(request, pk: int):
    item = _visible_file(request, Attachment, pk)
    editing.remove_attachment(item, by=request.user)
    messages.success(request, _("The document was removed."))
    return _back_to(item.nomination_id, "attachments")
