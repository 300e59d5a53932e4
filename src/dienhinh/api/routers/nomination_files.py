"""A dossier's photos and attachments: upload, delete and download.

Uploads go through the editing functions (checks by content, EXIF stripped, nothing stored
when refused); files are found and served by nominations.serving, as on the dossier pages:
the same bytes with the same headers, and the same 404 outside the caller's scope.
"""

from ninja import File, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from dienhinh.api.routers.nominations import nomination_for
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS, FormLine
from dienhinh.api.schemas.nominations import AttachmentOut, FormConsent, PhotoOut
from dienhinh.nominations import editing, serving
from dienhinh.nominations.enums import PeopleConsent

# Uploads under /nominations/{id}/…; the files themselves under /photos and /attachments.
router = Router(tags=["nomination files"])
photos_router = Router(tags=["nomination files"])
attachments_router = Router(tags=["nomination files"])

_PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")


def _binary(description: str, *types: str) -> dict:
    """OpenAPI for a 200 answer carrying a file rather than JSON."""
    schema = {"type": "string", "format": "binary"}
    return {
        "responses": {
            "200": {
                "description": description,
                "content": {t: {"schema": schema} for t in types},
            }
        }
    }


@router.post(
    "/{int:nomination_id}/photos",
    response={201: PhotoOut, **WRITE_ERRORS},
    summary="Upload a photo of a draft or returned dossier",
)
def post_photo(
    request,
    nomination_id: int,
    file: File[UploadedFile],
    caption: FormLine = "",
    alt_text: FormLine = "",
    people_consent: FormConsent = PeopleConsent.NOT_RECORDED,
):
    nomination = nomination_for(request, nomination_id, "plan")
    photo = editing.add_photo(
        nomination,
        by=request.user,
        upload=file,
        caption=caption,
        alt_text=alt_text,
        people_consent=people_consent,
    )
    return Status(201, photo)


@router.post(
    "/{int:nomination_id}/attachments",
    response={201: AttachmentOut, **WRITE_ERRORS},
    summary="Attach a PDF or DOCX document to a draft or returned dossier",
)
def post_attachment(request, nomination_id: int, file: File[UploadedFile], title: FormLine = ""):
    nomination = nomination_for(request, nomination_id, "plan")
    attachment = editing.add_attachment(nomination, by=request.user, upload=file, title=title)
    return Status(201, attachment)


@photos_router.delete(
    "/{int:photo_id}", response={204: None, **WRITE_ERRORS}, summary="Remove a photo"
)
def delete_photo(request, photo_id: int):
    editing.remove_photo(serving.photo_for(request.user, photo_id), by=request.user)
    return Status(204, None)


@attachments_router.delete(
    "/{int:attachment_id}", response={204: None, **WRITE_ERRORS}, summary="Remove an attachment"
)
def delete_attachment(request, attachment_id: int):
    editing.remove_attachment(serving.attachment_for(request.user, attachment_id), by=request.user)
    return Status(204, None)


@photos_router.get(
    "/{int:photo_id}/file",
    response=READ_ERRORS,
    summary="Download a photo",
    url_name="photo_file",
    openapi_extra=_binary("The photo (EXIF removed).", *_PHOTO_TYPES),
)
def photo_file(request, photo_id: int):
    return serving.photo_response(serving.photo_for(request.user, photo_id))


@photos_router.get(
    "/{int:photo_id}/thumbnail",
    response=READ_ERRORS,
    summary="Download a photo's thumbnail",
    url_name="photo_thumbnail",
    openapi_extra=_binary("The thumbnail.", "image/webp", *_PHOTO_TYPES),
)
def photo_thumbnail(request, photo_id: int):
    return serving.thumbnail_response(serving.photo_for(request.user, photo_id))


@attachments_router.get(
    "/{int:attachment_id}/file",
    response=READ_ERRORS,
    summary="Download an attachment",
    url_name="attachment_file",
    openapi_extra=_binary("The document.", "application/pdf", "application/octet-stream"),
)
def attachment_file(request, attachment_id: int):
    return serving.attachment_response(serving.attachment_for(request.user, attachment_id))
