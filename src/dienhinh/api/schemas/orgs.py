"""Schemas of units and emulation groups."""

from datetime import date
from typing import Literal

from ninja import Field, Schema

from dienhinh.api.schemas.common import Id, Line
from dienhinh.orgs.models import GroupKind, UnitKind

# --- Units ---------------------------------------------------------------------------------


class UnitBrief(Schema):
    id: int
    code: str
    name: str
    kind: UnitKind


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: UnitKind
    email: str
    address: str
    is_active: bool
    valid_from: date | None
    valid_to: date | None
    parent_id: int | None
    depth: int
    numchild: int

    @staticmethod
    def resolve_parent_id(obj) -> int | None:
        # Annotated by orgs queries in the API (see routers.units.with_parent_id).
        return getattr(obj, "parent_pk", None)


class UnitFilters(Schema):
    parent: Id | None = Field(None, description="Only the children of this unit.")
    subtree: Id | None = Field(None, description="Only this unit and every unit below it.")
    kind: UnitKind | None = None
    active: bool | None = None
    q: Line | None = Field(None, max_length=200, description="Search, ignoring diacritics.")
    order: Literal["path", "sort_name"] = "path"


class UnitIn(Schema):
    parent_id: Id | None = Field(
        None, description="The parent unit; only system administrators may leave it out."
    )
    kind: UnitKind
    code: Line = Field(max_length=40, min_length=1)
    name: Line = Field(max_length=255, min_length=1)
    short_name: Line = Field("", max_length=100)
    email: Line = Field("", max_length=254)
    address: Line = Field("", max_length=255)
    is_active: bool = True
    valid_from: date | None = None
    valid_to: date | None = None


class UnitPatch(Schema):
    """Only the fields sent change; ``parent_id`` moves the unit with its subtree."""

    parent_id: Id = None
    kind: UnitKind = None
    code: Line = Field(None, max_length=40, min_length=1)
    name: Line = Field(None, max_length=255, min_length=1)
    short_name: Line = Field(None, max_length=100)
    email: Line = Field(None, max_length=254)
    address: Line = Field(None, max_length=255)
    is_active: bool = None
    valid_from: date | None = None
    valid_to: date | None = None


# --- Emulation groups ----------------------------------------------------------------------


class GroupOut(Schema):
    id: int
    name: str
    kind: GroupKind
    year: int
    organizer: UnitBrief
    leader: UnitBrief | None


class GroupDetail(GroupOut):
    members: list[UnitBrief] = Field(description="Every member unit of the group.")


class GroupFilters(Schema):
    year: int | None = None
    kind: GroupKind | None = None


class GroupIn(Schema):
    name: Line = Field(max_length=255, min_length=1)
    kind: GroupKind
    year: int = Field(ge=1900, le=2999)
    organizer_id: Id
    leader_id: Id | None = None
    member_ids: list[Id] = Field(default_factory=list, max_length=5000)


class GroupPatch(Schema):
    """Only the fields sent change; ``member_ids`` replaces the whole member list."""

    name: Line = Field(None, max_length=255, min_length=1)
    kind: GroupKind = None
    year: int = Field(None, ge=1900, le=2999)
    organizer_id: Id = None
    leader_id: Id | None = None
    member_ids: list[Id] = Field(None, max_length=5000)
