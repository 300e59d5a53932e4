"""Units of the union tree: list and search the caller's scope, read, create, change, move."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from ninja import Query, Router
from ninja.responses import Status

from dienhinh.api.lookups import visible_or_404
from dienhinh.api.pagination import page_of
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS, PageParams, page_schema
from dienhinh.api.schemas.orgs import UnitFilters, UnitIn, UnitOut, UnitPatch
from dienhinh.orgs.domain import create_unit, update_unit
from dienhinh.orgs.models import OrgUnit

router = Router(tags=["units"])


def with_parent_id(queryset):
    """Annotate ``parent_pk``: the unit whose path is this path less its last step."""
    parent = OrgUnit.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - OrgUnit.steplen)
    ).values("pk")[:1]
    return queryset.annotate(parent_pk=Subquery(parent))


def visible_units(request):
    return OrgUnit.objects.visible_to(request.user)


def _unit_out(unit: OrgUnit) -> OrgUnit:
    return with_parent_id(OrgUnit.objects.filter(pk=unit.pk)).get()


@router.get("", response={200: page_schema(UnitOut), **READ_ERRORS}, summary="List units")
def list_units(request, filters: Query[UnitFilters], page: Query[PageParams]):
    units = visible_units(request)
    if filters.subtree is not None:
        units = units.subtree_of(visible_or_404(visible_units(request), filters.subtree))
    if filters.parent is not None:
        # The parent itself need not be visible: an officer lists the children of their unit's
        # parent and gets only what they may see anyway.
        parent = OrgUnit.objects.filter(pk=filters.parent).values("path", "depth").first()
        if parent is None:
            units = units.none()
        else:
            units = units.filter(path__startswith=parent["path"], depth=parent["depth"] + 1)
    if filters.kind:
        units = units.filter(kind=filters.kind)
    if filters.active is not None:
        units = units.filter(is_active=filters.active)
    if filters.q:
        units = units.search(filters.q)
    order = ("sort_name", "path") if filters.order == "sort_name" else ("path",)
    return page_of(with_parent_id(units.order_by(*order)), page)


@router.get("/{int:unit_id}", response={200: UnitOut, **READ_ERRORS}, summary="Read a unit")
def get_unit(request, unit_id: int):
    return visible_or_404(with_parent_id(visible_units(request)), unit_id)


@router.post("", response={201: UnitOut, **WRITE_ERRORS}, summary="Create a unit")
def post_unit(request, payload: UnitIn):
    fields = payload.dict(exclude={"parent_id"})
    parent = None
    if payload.parent_id is not None:
        parent = visible_or_404(visible_units(request), payload.parent_id, field="parent_id")
    unit = create_unit(parent=parent, by=request.user, **fields)
    return Status(201, _unit_out(unit))


@router.patch("/{int:unit_id}", response={200: UnitOut, **WRITE_ERRORS}, summary="Change a unit")
def patch_unit(request, unit_id: int, payload: UnitPatch):
    unit = visible_or_404(visible_units(request), unit_id)
    fields = payload.dict(exclude_unset=True)
    parent = None
    if "parent_id" in fields:
        parent_id = fields.pop("parent_id")
        parent = visible_or_404(visible_units(request), parent_id, field="parent_id")
    update_unit(unit, by=request.user, parent=parent, **fields)
    return _unit_out(unit)
