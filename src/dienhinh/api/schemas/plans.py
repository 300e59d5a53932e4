"""Schemas of emulation movements and plans."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from dienhinh.api.schemas.common import Id, Line, Paragraphs
from dienhinh.api.schemas.orgs import UnitBrief
from dienhinh.plans.models import MovementKind, PlanStatus, ReviewRoute, TargetMode

Points = Annotated[Decimal, Field(ge=0, max_digits=6, decimal_places=2)]
Year = Annotated[int, Field(ge=2000, le=2100)]


# --- Movements -----------------------------------------------------------------------------


class MovementBrief(Schema):
    id: int
    name: str
    kind: MovementKind


class MovementOut(MovementBrief):
    launched_by: UnitBrief
    starts_on: date
    ends_on: date | None
    description: str


class MovementFilters(Schema):
    q: Line | None = Field(None, max_length=200, description="Search, ignoring diacritics.")
    kind: MovementKind | None = None


class MovementIn(Schema):
    name: Line = Field(max_length=255, min_length=1)
    kind: MovementKind
    launched_by_id: Id = Field(description="The unit that launches the movement.")
    starts_on: date
    ends_on: date | None = None
    description: Paragraphs = Field("", max_length=20_000)


class MovementPatch(Schema):
    """Only the fields sent change."""

    name: Line = Field(None, max_length=255, min_length=1)
    kind: MovementKind = None
    launched_by_id: Id = None
    starts_on: date = None
    ends_on: date | None = None
    description: Paragraphs = Field(None, max_length=20_000)


# --- Plans ---------------------------------------------------------------------------------


class PlanBrief(Schema):
    id: int
    reference: str = Field(description='Number and symbol, such as "57/KH-LĐLĐ".')
    year: int
    title: str


class PlanOut(PlanBrief):
    number: int
    symbol: str
    status: PlanStatus
    issuing_unit: UnitBrief
    issued_on: date | None
    nomination_deadline: date | None = Field(
        description="Empty: the plan takes dossiers until it is closed."
    )
    report_deadline: date


class BasisOut(Schema):
    id: int
    text: str


class FieldOut(Schema):
    id: int
    name: str
    shared_field_id: int | None = Field(
        description="The same field (lĩnh vực) across the issuing unit's plans."
    )

    @staticmethod
    def resolve_shared_field_id(obj) -> int | None:
        return obj.shared_id


class SectionOut(Schema):
    id: int
    heading: str
    body: str = Field(description="Paragraphs, one per line; **words** are bold.")


class CriterionOut(Schema):
    id: int
    group: str
    text: str
    max_points: float | None


class PlanDetail(PlanOut):
    place: str
    movement: MovementBrief | None
    purposes: str
    allow_collective: bool
    allow_individual: bool
    target_mode: TargetMode
    target_unit_ids: list[int] = Field(
        description="The chosen target units the caller may see (empty for the subtree mode)."
    )
    review_route: ReviewRoute
    issued_at: datetime | None
    closed_at: datetime | None
    copied_from_id: int | None
    superior_name: str = Field(description="The superior body the header names, if any.")
    recipients: str = Field(description='"Nơi nhận", one per line.')
    authority_line: str
    signer_title: str
    signer_name: str
    sections: list[SectionOut] = Field(description="The plan's text as written, in order.")
    bases: list[BasisOut]
    fields: list[FieldOut]
    criteria: list[CriterionOut]


class PlanFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2999)
    status: PlanStatus | None = None
    q: Line | None = Field(None, max_length=200, description="Search number and title.")


class BasisIn(Schema):
    id: Id | None = Field(None, description="An existing row of the plan to keep.")
    text: Paragraphs = Field(max_length=5000)


class FieldIn(Schema):
    id: Id | None = Field(None, description="An existing row of the plan to keep.")
    name: Line = Field(max_length=255)


class CriterionIn(Schema):
    id: Id | None = Field(None, description="An existing row of the plan to keep.")
    group: Line = Field("", max_length=255)
    text: Paragraphs = Field(max_length=5000)
    max_points: Points | None = None


class SectionIn(Schema):
    id: Id | None = Field(None, description="An existing row of the plan to keep.")
    heading: Line = Field("", max_length=500)
    body: Paragraphs = Field("", max_length=50_000)


class PlanIn(Schema):
    issuing_unit_id: Id
    year: Year
    number: int | None = Field(
        None, ge=1, le=99999, description="Leave out for the next free number of the year."
    )
    symbol: Line = Field("KH-LĐLĐ", max_length=40, min_length=1)
    title: Line = Field(max_length=500, min_length=1)
    issued_on: date | None = None
    place: Line = Field("", max_length=100)
    movement_id: Id | None = None
    purposes: Paragraphs = Field("", max_length=50_000)
    allow_collective: bool = True
    allow_individual: bool = True
    target_mode: TargetMode = TargetMode.SUBTREE
    target_unit_ids: list[Id] = Field(default_factory=list, max_length=500)
    review_route: ReviewRoute = ReviewRoute.EVERY_LEVEL
    nomination_deadline: date | None = None
    report_deadline: date
    superior_name: Line = Field("", max_length=255)
    recipients: Paragraphs = Field("", max_length=5000)
    authority_line: Line = Field("", max_length=120)
    signer_title: Line = Field("", max_length=120)
    signer_name: Line = Field("", max_length=120)
    sections: list[SectionIn] = Field(default_factory=list, max_length=100)
    bases: list[BasisIn] = Field(default_factory=list, max_length=100)
    fields: list[FieldIn] = Field(default_factory=list, max_length=100)
    criteria: list[CriterionIn] = Field(default_factory=list, max_length=200)


class PlanPatch(Schema):
    """Only the fields sent change; a list sent (sections, bases, fields, criteria, target units)
    replaces the whole list: rows named by ``id`` are kept and updated."""

    year: Year = None
    number: int = Field(None, ge=1, le=99999)
    symbol: Line = Field(None, max_length=40, min_length=1)
    title: Line = Field(None, max_length=500, min_length=1)
    issued_on: date | None = None
    place: Line = Field(None, max_length=100)
    movement_id: Id | None = None
    purposes: Paragraphs = Field(None, max_length=50_000)
    allow_collective: bool = None
    allow_individual: bool = None
    target_mode: TargetMode = None
    target_unit_ids: list[Id] = Field(None, max_length=500)
    review_route: ReviewRoute = None
    nomination_deadline: date | None = None
    report_deadline: date = None
    superior_name: Line = Field(None, max_length=255)
    recipients: Paragraphs = Field(None, max_length=5000)
    authority_line: Line = Field(None, max_length=120)
    signer_title: Line = Field(None, max_length=120)
    signer_name: Line = Field(None, max_length=120)
    sections: list[SectionIn] = Field(None, max_length=100)
    bases: list[BasisIn] = Field(None, max_length=100)
    fields: list[FieldIn] = Field(None, max_length=100)
    criteria: list[CriterionIn] = Field(None, max_length=200)


class PlanCopyIn(Schema):
    number: int = Field(ge=1, le=99999, description="The new plan's number.")
    year: Year | None = Field(None, description="The new plan's year; the next year if left out.")
