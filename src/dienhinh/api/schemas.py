"""Schemas shared by several routers: errors, units, users and role assignments."""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator

from dienhinh.accounts.models import Role
from dienhinh.core.text import nfc
from dienhinh.orgs.models import UnitKind

# Every text the API accepts is stored in NFC, with blank runs collapsed, before a domain
# function sees it: the domain compares codes and names before the model's save normalises.
Text = Annotated[str, AfterValidator(nfc)]


class ErrorDetail(Schema):
    field: str | None = None
    message: str


class ErrorBody(Schema):
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorOut(Schema):
    error: ErrorBody


def errors(*statuses: int) -> dict:
    """Response declarations for the error statuses an endpoint can answer (for OpenAPI)."""
    return dict.fromkeys(statuses, ErrorOut)


# Ids sent by clients: bounded so that an absurd number is a 422, not a database overflow.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

READ_ERRORS = errors(401, 404, 422)
WRITE_ERRORS = errors(400, 401, 403, 404, 422)


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


class UserBrief(Schema):
    id: int
    email: str
    full_name: str


class RoleOut(Schema):
    """A role assignment seen from its user: the role and the unit it applies to."""

    id: int
    role: Role
    covers_subtree: bool
    unit: UnitBrief


class AssignmentOut(RoleOut):
    user: UserBrief
    created_at: datetime


class UserOut(Schema):
    id: int
    email: str
    full_name: str
    phone: str
    is_active: bool
    roles: list[RoleOut]

    @staticmethod
    def resolve_roles(obj) -> list:
        # Only the assignments the caller may see (prefetched into ``visible_roles``).
        return getattr(obj, "visible_roles", [])
