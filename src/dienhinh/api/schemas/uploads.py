"""Schemas of pending uploads: files a client uploads before the dossier that will hold them
exists (or before it names them on a change), as the dossier form's script does."""

from datetime import datetime

from django.urls import reverse
from ninja import Field, Schema

from dienhinh.api.schemas.common import Id, Line
from dienhinh.nominations.editing.pending import LIFETIME
from dienhinh.nominations.enums import PeopleConsent
from dienhinh.nominations.models import PendingUpload


class PendingUploadOut(Schema):
    id: int
    kind: PendingUpload.Kind
    original_name: str
    content_type: str
    size: int
    width: int = Field(description="In pixels; 0 for a document.")
    height: int = Field(description="In pixels; 0 for a document.")
    created_at: datetime
    expires_at: datetime = Field(
        description="When it is deleted unless a dossier names it in pending_uploads first."
    )
    url: str
    thumbnail_url: str | None = Field(description="A photo's thumbnail; null for a document.")

    @staticmethod
    def resolve_expires_at(obj) -> datetime:
        return obj.created_at + LIFETIME

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("api:pending_upload_file", args=[obj.pk])

    @staticmethod
    def resolve_thumbnail_url(obj) -> str | None:
        if obj.kind != PendingUpload.Kind.PHOTO:
            return None
        return reverse("api:pending_upload_thumbnail", args=[obj.pk])


class PendingUploadIn(Schema):
    """One of the caller's pending uploads, named on a dossier: it becomes one of the
    dossier's photos (or documents) with what is typed here."""

    id: Id = Field(description="A pending upload of the caller (POST /pending-uploads).")
    caption: Line = Field(
        "", max_length=255, description="A photo's caption, or a document's title."
    )
    alt_text: Line = Field(
        "", max_length=255, description="What a photo shows, for screen readers."
    )
    people_consent: PeopleConsent = Field(
        PeopleConsent.NOT_RECORDED, description="Whether the people in a photo agreed."
    )
