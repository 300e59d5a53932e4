"""Schemas of stories (the editors' side), their versions, photos, preview links, the units'
publishing settings and the consent recorded on dossiers. (The public, read-only schemas are
the portal's.)"""

from datetime import datetime

from django.urls import reverse
from ninja import Field, Schema

from dienhinh.api.schemas.common import Id, Line, Paragraphs, RichText
from dienhinh.api.schemas.nominations import ActorOut
from dienhinh.api.schemas.orgs import UnitBrief
from dienhinh.api.schemas.plans import MovementBrief
from dienhinh.nominations.enums import PeopleConsent
from dienhinh.publishing.enums import StoryAction, StoryState


class SharedFieldBrief(Schema):
    id: int
    name: str
    slug: str


class VersionBrief(Schema):
    number: int
    headline: str
    note: str
    created_by: ActorOut | None
    created_at: datetime


class StoryOut(Schema):
    id: int
    unit: UnitBrief = Field(description="The publishing unit.")
    state: StoryState
    headline: str = Field(description="The headline of the newest version.")
    field: SharedFieldBrief | None
    featured: bool
    draft_version: int | None = Field(description="The number of the newest version.")
    live_version: int | None = Field(description="The number of the version the public reads.")
    has_pending_changes: bool
    review_requested_at: datetime | None
    scheduled_for: datetime | None
    published_at: datetime | None
    first_published_at: datetime | None
    updated_at: datetime

    @staticmethod
    def resolve_headline(obj) -> str:
        return obj.draft_version.headline if obj.draft_version_id else ""

    @staticmethod
    def resolve_draft_version(obj) -> int | None:
        return obj.draft_version.number if obj.draft_version_id else None

    @staticmethod
    def resolve_live_version(obj) -> int | None:
        return obj.live_version.number if obj.live_version_id else None


class StoryDossierOut(Schema):
    id: int
    subject_name: str
    headline: str
    nominating_unit: UnitBrief
    consent_recorded: bool

    @staticmethod
    def resolve_consent_recorded(obj) -> bool:
        return obj.consent_recorded_at is not None


class StoryPhotoOut(Schema):
    id: int
    caption: str = Field(description="In the newest version.")
    alt_text: str = Field(description="In the newest version.")
    cover: bool
    people_consent: PeopleConsent
    width: int
    height: int
    content_type: str
    source_photo_id: int | None = Field(description="The dossier photo it was imported from.")
    url: str
    thumbnail_url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("api:story_photo_file", args=[obj.pk])

    @staticmethod
    def resolve_thumbnail_url(obj) -> str:
        return reverse("api:story_photo_thumbnail", args=[obj.pk])


class StoryDetail(StoryOut):
    lead: str = Field(description="Of the newest version.")
    body: str = Field(description="Of the newest version: sanitised HTML.")
    movement: MovementBrief | None
    dossiers: list[StoryDossierOut]
    photos: list[StoryPhotoOut] = Field(description="The newest version's photos, in order.")
    versions: list[VersionBrief] = Field(description="Newest first (at most 50).")
    scheduled_version: int | None
    taken_down_reason: str
    taken_down_at: datetime | None
    created_at: datetime
    allowed_actions: list[StoryAction] = Field(description="What the caller may do now.")
    can_edit: bool = Field(description="Whether the caller may save a new version now.")
    problems: list[str] = Field(
        description="What the newest version still needs before it can be published."
    )

    # The router (api.routers.stories.story_detail) puts these on the story.
    @staticmethod
    def resolve_dossiers(obj) -> list:
        return obj.dossiers_out

    @staticmethod
    def resolve_photos(obj) -> list:
        return obj.photos_out

    @staticmethod
    def resolve_versions(obj) -> list:
        return obj.versions_out

    @staticmethod
    def resolve_scheduled_version(obj) -> int | None:
        return obj.scheduled_version.number if obj.scheduled_version_id else None

    @staticmethod
    def resolve_allowed_actions(obj) -> list:
        return obj.allowed


class StoryFilters(Schema):
    """The filters of the story list page."""

    state: list[StoryState] = Field(None, description="Repeat for several states.")
    unit: Line | None = Field(
        None, max_length=40, description="A unit code; the units under it are included."
    )
    field: Id | None = Field(None, description="A shared field (lĩnh vực).")
    q: Line | None = Field(None, max_length=200, description="Search, ignoring diacritics.")


class StoryIn(Schema):
    unit_id: Id = Field(description="The publishing unit.")
    headline: Line = Field(max_length=255, min_length=1)
    lead: Paragraphs = Field("", max_length=2_000)
    body: RichText = Field("", max_length=200_000)
    field_id: Id | None = Field(None, description="A shared field (lĩnh vực).")
    movement_id: Id | None = None
    dossier_ids: list[Id] = Field(
        default_factory=list,
        max_length=20,
        description="Dossiers selected for propagation that the story tells about.",
    )
    note: Line = Field("", max_length=255, description="Kept with the first version.")


class StoryPhotoIn(Schema):
    id: Id = Field(description="A photo of the story.")
    caption: Line = Field("", max_length=255)
    alt_text: Line = Field("", max_length=255)
    cover: bool = False
    people_consent: PeopleConsent | None = Field(None, description="Left out: unchanged.")


class StoryPatch(Schema):
    """Only the fields sent change. A change of headline, lead, body or photos saves a new
    version; ``photos`` (the whole list, in order) replaces the newest version's photos."""

    headline: Line = Field(None, max_length=255, min_length=1)
    lead: Paragraphs = Field(None, max_length=2_000)
    body: RichText = Field(None, max_length=200_000)
    field_id: Id | None = None
    movement_id: Id | None = None
    dossier_ids: list[Id] = Field(None, max_length=20)
    photos: list[StoryPhotoIn] = Field(None, max_length=30)
    note: Line = Field("", max_length=255, description="Kept with the new version.")
    based_on_version: int | None = Field(
        None, ge=1, description="The version number you started from: 409 if it is not the newest."
    )


class StorySeenIn(Schema):
    """What the caller saw when choosing the action; a story that changed since is a 409."""

    state: StoryState
    version: int | None = Field(None, ge=1, description="The newest version's number.")


class StoryActionIn(Schema):
    reason: Paragraphs = Field(
        "", max_length=5000, description="Required to return and to take down."
    )
    seen: StorySeenIn | None = None


class StoryPublishIn(StoryActionIn):
    at: datetime | None = Field(
        None, description="Schedule for this moment (to the minute) instead of publishing now."
    )


class RestoreIn(Schema):
    number: int = Field(ge=1, description="The version to copy into a new newest version.")


class PhotoImportIn(Schema):
    photo_id: Id = Field(description="A photo of a dossier the story tells about.")


class StoryPhotoPatch(Schema):
    """Saves a new version with this photo's caption, description or consent changed."""

    caption: Line = Field(None, max_length=255)
    alt_text: Line = Field(None, max_length=255)
    people_consent: PeopleConsent = None
    cover: bool = None


class PreviewLinkOut(Schema):
    id: int
    label: str
    created_by: ActorOut | None
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    valid: bool

    @staticmethod
    def resolve_valid(obj) -> bool:
        return obj.is_valid()


class PreviewLinkCreated(PreviewLinkOut):
    url: str = Field(description="The link to send; shown only now, never stored.")


class PreviewLinkIn(Schema):
    label: Line = Field("", max_length=150, description="For whom the link is.")


class PublishingSettingsOut(Schema):
    unit_id: int
    requires_review: bool


class PublishingSettingsIn(Schema):
    requires_review: bool


class ConsentOut(Schema):
    consent_recorded_at: datetime | None
    consent_recorded_by: ActorOut | None
    has_scan: bool

    @staticmethod
    def resolve_has_scan(obj) -> bool:
        return bool(obj.consent_scan)
