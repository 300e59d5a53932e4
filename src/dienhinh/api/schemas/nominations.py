"""Schemas of nomination dossiers, their files, reviews and transitions."""

from datetime import datetime
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Field, Form, Schema

from dienhinh.api.schemas.common import Id, Line, Paragraphs, RichText
from dienhinh.api.schemas.orgs import UnitBrief
from dienhinh.api.schemas.plans import MovementBrief, PlanBrief, Points
from dienhinh.api.schemas.subject import SubjectFields, SubjectOut, SubjectPatch
from dienhinh.api.schemas.uploads import PendingUploadIn
from dienhinh.nominations.enums import Action, Gender, PeopleConsent, State
from dienhinh.plans.models import SubjectKind

BirthYear = Annotated[int, Field(ge=1900, le=2100)]


class FieldBrief(Schema):
    id: int
    name: str


class ActorOut(Schema):
    """Who acted: a name only, whether or not the caller may see that user's account."""

    id: int
    full_name: str


class NominationOut(Schema):
    id: int
    plan: PlanBrief
    nominating_unit: UnitBrief
    subject_kind: SubjectKind
    subject_name: str
    headline: str
    field: FieldBrief | None
    state: State
    current_unit: UnitBrief | None = Field(description="The unit whose reviewers act now.")
    round: int
    submitted_at: datetime | None
    decided_at: datetime | None
    updated_at: datetime


class InitiativeOut(Schema):
    title: str
    year: int | None
    benefit: int | None = Field(description="In đồng.")
    recognised_by: str


class AssessmentOut(Schema):
    criterion_id: int
    criterion_text: str
    met: bool
    evidence: str

    @staticmethod
    def resolve_criterion_text(obj) -> str:
        return obj.criterion.text


class PhotoOut(Schema):
    id: int
    caption: str
    alt_text: str
    people_consent: PeopleConsent = Field(description="Whether the people shown agreed.")
    content_type: str
    width: int
    height: int
    original_name: str
    uploaded_at: datetime
    url: str
    thumbnail_url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("api:photo_file", args=[obj.pk])

    @staticmethod
    def resolve_thumbnail_url(obj) -> str:
        return reverse("api:photo_thumbnail", args=[obj.pk])


class AttachmentOut(Schema):
    id: int
    title: str
    original_name: str
    content_type: str
    size: int
    uploaded_at: datetime
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("api:attachment_file", args=[obj.pk])


class NominationDetail(SubjectOut, NominationOut):
    full_name: str
    gender: Gender | Literal[""]
    birth_year: int | None
    position: str
    workplace: str
    member_since: int | None
    collective_name: str
    headcount: int | None
    movement: MovementBrief | None
    achievements: str = Field(description="Sanitised HTML.")
    contact_name: str
    contact_phone: str
    contact_email: str
    created_at: datetime
    initiatives: list[InitiativeOut]
    assessments: list[AssessmentOut]
    photos: list[PhotoOut]
    attachments: list[AttachmentOut]
    consent_recorded_at: datetime | None = Field(
        description="When the person's consent to be publicised was recorded (null: not yet)."
    )
    consent_recorded_by: ActorOut | None
    consent_scan_url: str | None = Field(
        description="The scan of the signed consent, for those who manage consent; else null."
    )
    allowed_actions: list[Action] = Field(description="What the caller may do now.")
    can_edit: bool = Field(description="Whether the caller may change the dossier now.")

    @staticmethod
    def resolve_consent_scan_url(obj) -> str | None:
        if not obj.consent_scan or not getattr(obj, "can_manage_consent", False):
            return None
        return reverse("api:consent_scan", args=[obj.pk])


class NominationFilters(Schema):
    """The filters of the dossier list page."""

    plan: Id | None = None
    state: list[State] = Field(None, description="Repeat for several states.")
    field: Id | None = Field(None, description="A field of the plan.")
    unit: Line | None = Field(
        None, max_length=40, description="A unit code or id; the units under it are included."
    )
    subject_kind: SubjectKind | None = None
    q: Line | None = Field(None, max_length=200, description="Search, ignoring diacritics.")
    ordering: Literal["updated", "name"] = Field(
        "updated", description="Last updated first, or by name."
    )


class InitiativeIn(Schema):
    title: Line = Field(max_length=255, min_length=1)
    year: int | None = Field(None, ge=1900, le=2100)
    benefit: int | None = Field(None, ge=0, lt=10**16, description="In đồng.")
    recognised_by: Line = Field("", max_length=255)


class AssessmentIn(Schema):
    criterion_id: Id
    met: bool = False
    evidence: Paragraphs = Field("", max_length=10_000)


class NominationFields(SubjectFields):
    """The dossier's own fields, shared by create and change."""

    subject_kind: SubjectKind
    full_name: Line = Field("", max_length=150)
    gender: Gender | Literal[""] = ""
    birth_year: BirthYear | None = None
    position: Line = Field("", max_length=255)
    workplace: Line = Field("", max_length=255)
    member_since: BirthYear | None = None
    collective_name: Line = Field("", max_length=255)
    headcount: int | None = Field(None, ge=1, le=10_000_000)
    field_id: Id | None = Field(None, description="One of the plan's fields.")
    movement_id: Id | None = None
    headline: Line = Field(max_length=255, min_length=1)
    achievements: RichText = Field("", max_length=200_000)
    contact_name: Line = Field("", max_length=150)
    contact_phone: Line = Field("", max_length=30)
    contact_email: Line = Field("", max_length=254)
    initiatives: list[InitiativeIn] = Field(default_factory=list, max_length=100)
    assessments: list[AssessmentIn] = Field(default_factory=list, max_length=200)


# The caller's pending uploads to make the dossier's own, in this order (photos after those
# it has); the same checks as the dossier form, and nothing saved when one is refused.
_PENDING = "Pending uploads of the caller to add to the dossier, photos in this order."


class NominationIn(NominationFields):
    plan_id: Id
    unit_id: Id = Field(description="The nominating unit.")
    pending_uploads: list[PendingUploadIn] = Field(
        default_factory=list, max_length=50, description=_PENDING
    )


class NominationPatch(SubjectPatch):
    """Only the fields sent change; ``initiatives``, ``assessments`` and ``past_awards``
    replace the lists."""

    subject_kind: SubjectKind = None
    full_name: Line = Field(None, max_length=150)
    gender: Gender | Literal[""] = None
    birth_year: BirthYear | None = None
    position: Line = Field(None, max_length=255)
    workplace: Line = Field(None, max_length=255)
    member_since: BirthYear | None = None
    collective_name: Line = Field(None, max_length=255)
    headcount: int | None = Field(None, ge=1, le=10_000_000)
    field_id: Id | None = None
    movement_id: Id | None = None
    headline: Line = Field(None, max_length=255, min_length=1)
    achievements: RichText = Field(None, max_length=200_000)
    contact_name: Line = Field(None, max_length=150)
    contact_phone: Line = Field(None, max_length=30)
    contact_email: Line = Field(None, max_length=254)
    initiatives: list[InitiativeIn] = Field(None, max_length=100)
    assessments: list[AssessmentIn] = Field(None, max_length=200)
    pending_uploads: list[PendingUploadIn] = Field(
        None, max_length=50, description=_PENDING + " Added to those it has."
    )


class DuplicateOut(Schema):
    nomination: NominationOut
    reason: Literal["same_plan", "selected_recently"]


class ScoreOut(Schema):
    criterion_id: int
    criterion_text: str
    points: float
    max_points: float | None

    @staticmethod
    def resolve_criterion_text(obj) -> str:
        return obj.criterion.text

    @staticmethod
    def resolve_max_points(obj) -> float | None:
        return obj.criterion.max_points


class ReviewOut(Schema):
    id: int
    round: int
    unit: UnitBrief = Field(description="The level that reviewed.")
    reviewer: ActorOut
    decision: Action
    comment: str = Field(description="Sent to the nominating unit.")
    internal_note: str | None = Field(
        description="Only for the reviewers and editors of that level and above; else null."
    )
    scores: list[ScoreOut]
    created_at: datetime


class TransitionOut(Schema):
    id: int
    action: Action
    from_state: State
    to_state: State
    from_unit: UnitBrief | None
    to_unit: UnitBrief | None
    by: ActorOut
    reason: str
    round: int
    at: datetime


class SeenIn(Schema):
    """What the caller saw when choosing the action; a dossier that changed since is a 409."""

    state: State
    unit_id: Id | None
    round: int = Field(ge=0, le=10_000)


class ActionIn(Schema):
    reason: Paragraphs = Field(
        "", max_length=5000, description="Required to return or reject; sent to the unit."
    )
    comment: Paragraphs = Field("", max_length=5000, description="Used when no reason is given.")
    internal_note: Paragraphs = Field(
        "", max_length=5000, description="For reviewers and editors only, never the unit."
    )
    scores: dict[Id, Points] = Field(
        default_factory=dict, description="Points per criterion id, for reviewers' actions."
    )
    seen: SeenIn | None = None
    confirm_duplicates: bool = Field(
        False,
        description="To submit when possible duplicates exist (see /duplicates): confirm "
        "that this is not a second reward for the same achievement.",
    )


# --- The inbox and bulk actions -----------------------------------------------------------


class PlanCount(Schema):
    plan: PlanBrief
    count: int


class StateCount(Schema):
    state: State
    label: str
    count: int


class InboxOut(Schema):
    """What waits for the caller, as the "Waiting for me" page shows it."""

    waiting_count: int = Field(description="Dossiers at a unit where the caller reviews now.")
    waiting: list[NominationOut] = Field(description="A page of them, oldest change last.")
    by_plan: list[PlanCount]
    by_state: list[StateCount]
    returned_count: int = Field(
        description="Dossiers returned to units where the caller writes dossiers."
    )
    returned: list[NominationOut] = Field(description="The first of them, newest first.")


class BulkItemIn(Schema):
    id: Id
    seen: SeenIn | None = Field(
        None, description="As the caller saw the dossier; a changed dossier is refused."
    )


class BulkIn(Schema):
    action: Literal["forward", "return"]
    reason: Paragraphs = Field("", max_length=5000, description="Required to return.")
    items: list[BulkItemIn] = Field(min_length=1, max_length=200)


class BulkDone(Schema):
    id: int
    name: str


class BulkRefused(Schema):
    id: int
    name: str
    message: str


class BulkOut(Schema):
    """Each dossier is handled on its own: refused ones leave the others done."""

    done: list[BulkDone]
    refused: list[BulkRefused]


class ConsentWithdrawIn(Schema):
    reason: Paragraphs = Field("", max_length=2000, description="Why it is withdrawn.")


# The consent of the people in an uploaded photo, a form field beside the file.
FormConsent = Form[PeopleConsent, {"default": PeopleConsent.NOT_RECORDED}]
