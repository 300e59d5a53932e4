"""Schemas of activities (union meetings and cluster seminars) and implementation reports."""

from datetime import date, datetime

from django.urls import reverse
from ninja import Field, Schema

from dienhinh.activities.models import ActivityKind
from dienhinh.api.schemas.common import Id, Line, Paragraphs
from dienhinh.api.schemas.orgs import UnitBrief
from dienhinh.reports.enums import ExemptReason, ReportState, Timeliness


class ActivityOut(Schema):
    id: int
    kind: ActivityKind
    unit: UnitBrief = Field(description="The unit that held it (a seminar's host).")
    unit_name: str = Field(description="The unit's name when the activity was recorded.")
    title: str
    held_on: date
    participants: int
    plan_id: int | None
    group_id: int | None


class ActivityDetail(ActivityOut):
    notes: str
    participating_unit_ids: list[int]
    story_ids: list[int]
    dossier_ids: list[int]
    photo_count: int
    has_minutes: bool
    can_change: bool

    @staticmethod
    def resolve_participating_unit_ids(obj) -> list[int]:
        return sorted(u.pk for u in obj.participating_units.all())

    @staticmethod
    def resolve_story_ids(obj) -> list[int]:
        return sorted(s.pk for s in obj.stories.all())

    @staticmethod
    def resolve_dossier_ids(obj) -> list[int]:
        return sorted(d.pk for d in obj.dossiers.all())

    @staticmethod
    def resolve_photo_count(obj) -> int:
        return obj.photos.count()

    @staticmethod
    def resolve_has_minutes(obj) -> bool:
        return bool(obj.minutes)


class ActivityIn(Schema):
    kind: ActivityKind
    unit_id: Id
    title: Line = Field(max_length=255)
    held_on: date
    participants: int = Field(0, ge=0, le=1_000_000)
    notes: Paragraphs = Field("", max_length=20_000)
    plan_id: Id | None = None
    group_id: Id | None = None
    participating_unit_ids: list[Id] = Field(default_factory=list, max_length=500)
    story_ids: list[Id] = Field(default_factory=list, max_length=100)
    dossier_ids: list[Id] = Field(default_factory=list, max_length=100)


class ActivityFilters(Schema):
    kind: ActivityKind | None = None
    unit_id: Id | None = None
    plan_id: Id | None = None
    group_id: Id | None = None
    date_from: date | None = None
    date_to: date | None = None


class ReportAttachmentOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    uploaded_at: datetime
    url: str = Field(description="Where to download it (the report's readers only).")

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("api:report_attachment_file", args=[obj.pk])


def current_attachments(report) -> list:
    """The draft's attachments (not removed), prefetched by the list and the detail."""
    found = getattr(report, "current_attachments", None)
    if found is None:
        found = list(report.attachments.filter(removed_at__isnull=True))
    return found


class ReportOut(Schema):
    id: int
    plan_id: int
    unit: UnitBrief
    state: ReportState
    status: Timeliness = Field(description="On time, late, missing, not yet due, exempt, closed.")
    first_submitted_at: datetime | None
    received_on: date | None = Field(
        description="A report recorded from an email: the day received, what timeliness counts."
    )
    version: int | None = Field(description="The number of the last submitted version.")
    attachments: list[ReportAttachmentOut] = Field(
        description="The documents attached to the report now (what the next submission holds)."
    )
    has_scan: bool = Field(description="Whether the last version has its signed and stamped scan.")
    missing_reason: str = Field(
        description="Why the monitor closed the report as missing (empty otherwise)."
    )

    @staticmethod
    def resolve_version(obj) -> int | None:
        return obj.last_version.number if obj.last_version_id else None

    @staticmethod
    def resolve_attachments(obj) -> list:
        return current_attachments(obj)

    @staticmethod
    def resolve_has_scan(obj) -> bool:
        return bool(obj.last_version_id and obj.last_version.scan)

    @staticmethod
    def resolve_missing_reason(obj) -> str:
        return obj.reason if obj.state == ReportState.MISSING else ""


class ScanOut(Schema):
    version: int = Field(description="The number of the version the scan belongs to.")
    name: str
    content_type: str
    added_at: datetime | None
    url: str

    @staticmethod
    def resolve_version(obj) -> int:
        return obj.number

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.scan_name

    @staticmethod
    def resolve_content_type(obj) -> str:
        return obj.scan_type

    @staticmethod
    def resolve_added_at(obj):
        return obj.scan_added_at

    @staticmethod
    def resolve_url(obj) -> str:
        url = reverse("api:report_scan", args=[obj.report_id])
        return f"{url}?version={obj.number}"


class ScanQuery(Schema):
    version: int | None = Field(
        None, ge=1, le=32767, description="The version's number (default: the last one)."
    )


class VersionOut(Schema):
    number: int
    submitted_at: datetime
    channel: str
    received_on: date | None
    unit_name: str
    has_scan: bool
    scan: ScanOut | None = Field(description="The signed and stamped scan, once added.")
    attachment_ids: list[int] = Field(description="The attachments this version holds.")

    @staticmethod
    def resolve_has_scan(obj) -> bool:
        return bool(obj.scan)

    @staticmethod
    def resolve_scan(obj):
        return obj if obj.scan else None

    @staticmethod
    def resolve_attachment_ids(obj) -> list[int]:
        return sorted(a.pk for a in obj.attachments.all())


class ReportDetail(ReportOut):
    work_done: str
    results: str
    difficulties: str
    proposals: str
    reason: str
    exempt_reason: str
    number: int | None = Field(description="The report's number as a document (none: by hand).")
    symbol: str = Field(description='As in "05/BC-CĐCS".')
    reference: str = Field(description='Number and symbol, such as "05/BC-CĐCS".')
    place: str
    issued_on: date | None
    recipients: str = Field(description='"Nơi nhận", one per line.')
    authority_line: str
    signer_title: str
    signer_name: str
    figures: dict = Field(description="Live until submission, then the frozen version's.")
    figures_frozen: bool
    versions: list[VersionOut]
    allowed_actions: list[str]

    @staticmethod
    def resolve_versions(obj) -> list:
        found = getattr(obj, "versions_out", None)
        return found if found is not None else list(obj.versions.all())


class ReportStart(Schema):
    plan_id: Id
    unit_id: Id


class ReportPatch(Schema):
    work_done: Paragraphs | None = Field(None, max_length=20_000)
    results: Paragraphs | None = Field(None, max_length=20_000)
    difficulties: Paragraphs | None = Field(None, max_length=20_000)
    proposals: Paragraphs | None = Field(None, max_length=20_000)
    number: int | None = Field(None, ge=1, le=99999)
    symbol: Line | None = Field(None, max_length=40)
    place: Line | None = Field(None, max_length=100)
    issued_on: date | None = None
    recipients: Paragraphs | None = Field(None, max_length=5000)
    authority_line: Line | None = Field(None, max_length=120)
    signer_title: Line | None = Field(None, max_length=120)
    signer_name: Line | None = Field(None, max_length=120)


class ReasonIn(Schema):
    reason: Paragraphs = Field("", max_length=4000)


class ExemptIn(ReasonIn):
    exempt_reason: ExemptReason


class ReportFilters(Schema):
    plan_id: Id | None = None
    unit_id: Id | None = None
    state: ReportState | None = None
