"""Users in the caller's scope: list, read, invite to a unit with a role, change."""

from django.db.models import Prefetch
from ninja import Query, Router
from ninja.responses import Status

from dienhinh.accounts.domain import invite_user, update_user
from dienhinh.accounts.models import RoleAssignment, User
from dienhinh.api.lookups import visible_or_404
from dienhinh.api.pagination import page_of
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS, PageParams, page_schema
from dienhinh.api.schemas.people import InviteIn, InviteOut, UserFilters, UserOut, UserPatch
from dienhinh.orgs.models import OrgUnit

router = Router(tags=["users"])


def visible_users(request):
    """Users the caller may see, each with only the role assignments the caller may see."""
    roles = (
        RoleAssignment.objects.visible_to(request.user)
        .select_related("unit")
        .order_by("unit__path", "role")
    )
    return User.objects.visible_to(request.user).prefetch_related(
        Prefetch("role_assignments", queryset=roles, to_attr="visible_roles")
    )


@router.get("", response={200: page_schema(UserOut), **READ_ERRORS}, summary="List users")
def list_users(request, filters: Query[UserFilters], page: Query[PageParams]):
    users = visible_users(request)
    if filters.q:
        users = users.search(filters.q)
    if filters.unit is not None:
        users = users.filter(
            pk__in=RoleAssignment.objects.visible_to(request.user)
            .filter(unit_id=filters.unit)
            .values("user")
        )
    return page_of(users.order_by("sort_name", "pk"), page)


@router.get("/{int:user_id}", response={200: UserOut, **READ_ERRORS}, summary="Read a user")
def get_user(request, user_id: int):
    return visible_or_404(visible_users(request), user_id)


@router.post(
    "/invite",
    response={201: InviteOut, **WRITE_ERRORS},
    summary="Invite a user to a unit with a role",
)
def invite(request, payload: InviteIn):
    """Creates the account if the email is new and emails it a link to choose a password."""
    unit = visible_or_404(
        OrgUnit.objects.visible_to(request.user), payload.unit_id, field="unit_id"
    )
    user, assignment = invite_user(
        email=payload.email,
        full_name=payload.full_name,
        phone=payload.phone,
        unit=unit,
        role=payload.role,
        covers_subtree=payload.covers_subtree,
        by=request.user,
    )
    assignment = RoleAssignment.objects.select_related("user", "unit").get(pk=assignment.pk)
    return Status(201, {"user": visible_users(request).get(pk=user.pk), "assignment": assignment})


@router.patch("/{int:user_id}", response={200: UserOut, **WRITE_ERRORS}, summary="Change a user")
def patch_user(request, user_id: int, payload: UserPatch):
    user = visible_or_404(visible_users(request), user_id)
    update_user(user, by=request.user, **payload.dict(exclude_unset=True))
    return visible_users(request).get(pk=user.pk)
