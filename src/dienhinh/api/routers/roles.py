"""Role assignments in the caller's scope: list, grant, revoke."""

from ninja import Query, Router
from ninja.responses import Status

from dienhinh.accounts.domain import assign_role, revoke_role
from dienhinh.accounts.models import RoleAssignment, User
from dienhinh.api.lookups import visible_or_404
from dienhinh.api.pagination import page_of
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS, PageParams, page_schema
from dienhinh.api.schemas.people import AssignmentFilters, AssignmentIn, AssignmentOut
from dienhinh.orgs.models import OrgUnit

router = Router(tags=["role assignments"])


def visible_assignments(request):
    return RoleAssignment.objects.visible_to(request.user).select_related("user", "unit")


@router.get(
    "", response={200: page_schema(AssignmentOut), **READ_ERRORS}, summary="List role assignments"
)
def list_assignments(request, filters: Query[AssignmentFilters], page: Query[PageParams]):
    assignments = visible_assignments(request)
    if filters.user is not None:
        assignments = assignments.filter(user_id=filters.user)
    if filters.unit is not None:
        assignments = assignments.filter(unit_id=filters.unit)
    return page_of(assignments.order_by("unit__path", "user__sort_name", "role", "pk"), page)


@router.get(
    "/{int:assignment_id}",
    response={200: AssignmentOut, **READ_ERRORS},
    summary="Read a role assignment",
)
def get_assignment(request, assignment_id: int):
    return visible_or_404(visible_assignments(request), assignment_id)


@router.post("", response={201: AssignmentOut, **WRITE_ERRORS}, summary="Grant a role")
def post_assignment(request, payload: AssignmentIn):
    """Granting a role the user already holds at the unit only updates its coverage."""
    user = visible_or_404(User.objects.visible_to(request.user), payload.user_id, field="user_id")
    unit = visible_or_404(
        OrgUnit.objects.visible_to(request.user), payload.unit_id, field="unit_id"
    )
    assignment = assign_role(
        user=user,
        unit=unit,
        role=payload.role,
        covers_subtree=payload.covers_subtree,
        by=request.user,
    )
    return Status(201, visible_assignments(request).get(pk=assignment.pk))


@router.delete(
    "/{int:assignment_id}", response={204: None, **WRITE_ERRORS}, summary="Revoke a role"
)
def delete_assignment(request, assignment_id: int):
    revoke_role(visible_or_404(visible_assignments(request), assignment_id), by=request.user)
    return Status(204, None)
