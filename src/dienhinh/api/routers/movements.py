"""Emulation movements (phong trào thi đua): list, read, launch, change."""

from ninja import Query, Router
from ninja.responses import Status

from dienhinh.accounts.scope import unit_and_ancestors_filter
from dienhinh.api.lookups import visible_or_404
from dienhinh.api.pagination import page_of
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS, PageParams, page_schema
from dienhinh.api.schemas.plans import MovementFilters, MovementIn, MovementOut, MovementPatch
from dienhinh.core.text import fold
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.editing import create_movement, update_movement
from dienhinh.plans.models import Movement

router = Router(tags=["movements"])


def visible_movements(request):
    return Movement.objects.visible_to(request.user).select_related("launched_by")


def _launching_unit(request, unit_id: int) -> OrgUnit:
    """As for plans: units in or above the caller's scope exist for them (their movements
    reach the caller); launching for one the caller may not plan for is a 403, not a 404."""
    units = OrgUnit.objects.filter(unit_and_ancestors_filter(request.user))
    return visible_or_404(units, unit_id, field="launched_by_id")


@router.get("", response={200: page_schema(MovementOut), **READ_ERRORS}, summary="List movements")
def list_movements(request, filters: Query[MovementFilters], page: Query[PageParams]):
    movements = visible_movements(request)
    if filters.kind:
        movements = movements.filter(kind=filters.kind)
    for word in fold(filters.q or "").split():
        movements = movements.filter(search_text__contains=word)
    return page_of(movements.order_by("-starts_on", "name", "pk"), page)


@router.get(
    "/{int:movement_id}", response={200: MovementOut, **READ_ERRORS}, summary="Read a movement"
)
def get_movement(request, movement_id: int):
    return visible_or_404(visible_movements(request), movement_id)


@router.post("", response={201: MovementOut, **WRITE_ERRORS}, summary="Launch a movement")
def post_movement(request, payload: MovementIn):
    unit = _launching_unit(request, payload.launched_by_id)
    movement = create_movement(
        by=request.user, launched_by=unit, **payload.dict(exclude={"launched_by_id"})
    )
    return Status(201, visible_movements(request).get(pk=movement.pk))


@router.patch(
    "/{int:movement_id}", response={200: MovementOut, **WRITE_ERRORS}, summary="Change a movement"
)
def patch_movement(request, movement_id: int, payload: MovementPatch):
    movement = visible_or_404(visible_movements(request), movement_id)
    fields = payload.dict(exclude_unset=True)
    unit = None
    if "launched_by_id" in fields:
        unit = _launching_unit(request, fields.pop("launched_by_id"))
    update_movement(movement, by=request.user, launched_by=unit, **fields)
    return visible_movements(request).get(pk=movement.pk)
