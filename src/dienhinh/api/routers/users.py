"""Users in the caller's scope: list, read, invite to a unit with a role, change."""

from django.db.models import Prefetch
from django.http import Http404
from ninja import Query, Router
from ninja.responses import Status

from dienhinh.accounts.domain import update_user
from dienhinh.accounts.invitations import (
    accept_invitation,
    invitation_of_token,
    invite_user,
    pending_invitations,
    resend_invitation,
)
from dienhinh.accounts.models import RoleAssignment, User
from dienhinh.api.lookups import visible_or_404
from dienhinh.api.pagination import page_of
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS, PageParams, page_schema
from dienhinh.api.schemas.people import (
    AcceptIn,
    InvitationOut,
    InviteIn,
    RoleOut,
    UserFilters,
    UserOut,
    UserPatch,
)
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
    response={201: InvitationOut, **WRITE_ERRORS},
    summary="Invite a person to a unit with a role",
)
def invite(request, payload: InviteIn):
    """A new email gets an account holding the role and a link to choose a password; an
    email that has an account gets a request to accept the role. The answer is the same in
    both cases. Throttled per invited email and per client address (400)."""
    unit = visible_or_404(
        OrgUnit.objects.visible_to(request.user), payload.unit_id, field="unit_id"
    )
    invitation = invite_user(
        email=payload.email,
        full_name=payload.full_name,
        phone=payload.phone,
        unit=unit,
        role=payload.role,
        covers_subtree=payload.covers_subtree,
        by=request.user,
    )
    return Status(201, invitation)


@router.get(
    "/invitations",
    response={200: list[InvitationOut], **READ_ERRORS},
    summary="List the pending invitations at units you manage",
)
def list_invitations(request):
    return list(pending_invitations(request.user)[:200])


@router.post(
    "/invitations/{int:invitation_id}/resend",
    response={200: InvitationOut, **WRITE_ERRORS},
    summary="Send a pending invitation again",
)
def resend(request, invitation_id: int):
    invitation = visible_or_404(pending_invitations(request.user), invitation_id)
    resend_invitation(invitation, by=request.user)
    invitation.refresh_from_db()
    return invitation


@router.post(
    "/invitations/accept",
    response={200: RoleOut, **WRITE_ERRORS},
    summary="Accept the role an invitation offers you",
)
def accept(request, payload: AcceptIn):
    """With the token of the link the invitation's email holds; only the invited person."""
    invitation = invitation_of_token(payload.token, user=request.user)
    if invitation is None:
        raise Http404
    return accept_invitation(invitation, by=request.user)


@router.patch("/{int:user_id}", response={200: UserOut, **WRITE_ERRORS}, summary="Change a user")
def patch_user(request, user_id: int, payload: UserPatch):
    user = visible_or_404(visible_users(request), user_id)
    update_user(user, by=request.user, **payload.dict(exclude_unset=True))
    return visible_users(request).get(pk=user.pk)
