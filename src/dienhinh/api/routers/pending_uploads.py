"""Pending uploads: a client (a phone app) uploads a dossier's photos and documents before
the dossier exists, then names them in ``pending_uploads`` when it creates or changes the
dossier, as the dossier form's script does (nominations.editing.pending).

A pending upload belongs to its uploader alone: listed, served and removed only for them
(anyone else gets 404, as if it did not exist), and deleted 24 hours after upload unless a
dossier took it first. Its file is checked and cleaned when it is uploaded, as a dossier's.
"""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import File, Form, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from dienhinh.api.lookups import visible_or_404
from dienhinh.api.routers.nomination_files import _binary
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS, errors
from dienhinh.api.schemas.uploads import PendingUploadOut
from dienhinh.nominations import serving
from dienhinh.nominations.editing.pending import add_pending, pending_of, remove_pending
from dienhinh.nominations.models import PendingUpload
from dienhinh.nominations.queries import writes_dossiers

router = Router(tags=["pending uploads"])


def _own(request, upload_id: int) -> PendingUpload:
    return visible_or_404(pending_of(request.user), upload_id)


@router.post(
    "",
    response={201: PendingUploadOut, **WRITE_ERRORS},
    summary="Upload a photo or document for a dossier not saved yet",
    description=(
        "Checked and cleaned as a dossier's file is (EXIF removed, HEIC converted). Name its "
        "id in `pending_uploads` when creating or changing a dossier within 24 hours; after "
        "that it is deleted."
    ),
)
def post_pending_upload(
    request,
    kind: Form[Literal["photo", "attachment"]],
    file: File[UploadedFile],
):
    if not writes_dossiers(request.user):
        raise PermissionDenied(_("Only officers who file dossiers can upload their files."))
    return Status(201, add_pending(by=request.user, kind=kind, upload=file))


@router.get(
    "",
    response={200: list[PendingUploadOut], **errors(401)},
    summary="The caller's pending uploads (not yet named on a dossier, not expired)",
)
def list_pending_uploads(request):
    return list(pending_of(request.user).order_by("pk"))


@router.get(
    "/{int:upload_id}",
    response={200: PendingUploadOut, **READ_ERRORS},
    summary="One of the caller's pending uploads",
)
def get_pending_upload(request, upload_id: int):
    return _own(request, upload_id)


@router.delete(
    "/{int:upload_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove one of the caller's pending uploads",
)
def delete_pending_upload(request, upload_id: int):
    remove_pending(_own(request, upload_id), by=request.user)
    return Status(204, None)


@router.get(
    "/{int:upload_id}/file",
    response=READ_ERRORS,
    summary="Download one of the caller's pending uploads",
    url_name="pending_upload_file",
    openapi_extra=_binary(
        "The file as stored (a photo without EXIF).",
        "image/jpeg",
        "image/png",
        "image/webp",
        "application/pdf",
        "application/octet-stream",
    ),
)
def pending_upload_file(request, upload_id: int):
    return serving.pending_file_response(_own(request, upload_id))


@router.get(
    "/{int:upload_id}/thumbnail",
    response=READ_ERRORS,
    summary="Download the thumbnail of one of the caller's pending photos",
    url_name="pending_upload_thumbnail",
    openapi_extra=_binary("The thumbnail.", "image/webp"),
)
def pending_upload_thumbnail(request, upload_id: int):
    return serving.pending_thumbnail_response(_own(request, upload_id))
