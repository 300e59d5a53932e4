"""Schemas of users, role assignments and the caller (/me)."""

from datetime import datetime

from ninja import Field, Schema

from dienhinh.accounts.models import Role
from dienhinh.api.schemas.common import Id, Line
from dienhinh.api.schemas.orgs import UnitBrief


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


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    phone: str
    is_system_admin: bool
    roles: list[RoleOut]


class UserFilters(Schema):
    q: Line | None = Field(None, max_length=200, description="Search name and email.")
    unit: Id | None = Field(None, description="Only users holding a role at this unit.")


class InviteIn(Schema):
    email: Line = Field(max_length=254, min_length=3)
    full_name: Line = Field(max_length=150, min_length=1)
    phone: Line = Field("", max_length=30)
    unit_id: Id
    role: Role
    covers_subtree: bool = True


class InvitationOut(Schema):
    """An invitation as its sender sees it: the same whether the email had an account."""

    id: int
    email: str
    role: Role
    covers_subtree: bool
    unit: UnitBrief
    sent_count: int
    created_at: datetime

    @staticmethod
    def resolve_email(obj) -> str:
        return obj.user.email


class AcceptIn(Schema):
    token: Line = Field(max_length=500, description="The token of the invitation's link.")


class UserPatch(Schema):
    full_name: Line = Field(None, max_length=150, min_length=1)
    phone: Line = Field(None, max_length=30)
    is_active: bool = None


class AssignmentFilters(Schema):
    user: Id | None = Field(None, description="Only this user's roles.")
    unit: Id | None = Field(None, description="Only roles at this unit.")


class AssignmentIn(Schema):
    user_id: Id
    unit_id: Id
    role: Role
    covers_subtree: bool = True
