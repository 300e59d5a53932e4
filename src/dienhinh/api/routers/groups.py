"""Emulation groups (cụm / khối thi đua): list, read with members, create, change, delete."""

from ninja import Query, Router
from ninja.responses import Status

from dienhinh.api.lookups import all_visible_or_404, visible_or_404
from dienhinh.api.pagination import page_of
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS, PageParams, page_schema
from dienhinh.api.schemas.orgs import GroupDetail, GroupFilters, GroupIn, GroupOut, GroupPatch
from dienhinh.orgs.domain import delete_emulation_group, save_emulation_group
from dienhinh.orgs.models import EmulationGroup, OrgUnit

router = Router(tags=["emulation groups"])


def visible_groups(request):
    return EmulationGroup.objects.visible_to(request.user).select_related("organizer", "leader")


def _detail(request, group_id: int) -> dict:
    group = visible_or_404(visible_groups(request), group_id)
    # Every member is listed to whoever may see the group, as on the group's page.
    members = group.members.all()
    return {
        "id": group.pk,
        "name": group.name,
        "kind": group.kind,
        "year": group.year,
        "organizer": group.organizer,
        "leader": group.leader,
        "members": list(members.order_by("sort_name", "pk")),
    }


def _save(request, group: EmulationGroup | None, fields: dict) -> EmulationGroup:
    units = OrgUnit.objects.visible_to(request.user)
    if "organizer_id" in fields:
        fields["organizer"] = visible_or_404(
            units, fields.pop("organizer_id"), field="organizer_id"
        )
    if "leader_id" in fields:
        leader_id = fields.pop("leader_id")
        fields["leader"] = (
            None if leader_id is None else visible_or_404(units, leader_id, field="leader_id")
        )
    if "member_ids" in fields:
        members = all_visible_or_404(units, fields.pop("member_ids"), field="member_ids")
    else:
        members = list(group.members.all()) if group else []
    return save_emulation_group(group, by=request.user, members=members, **fields)


@router.get(
    "", response={200: page_schema(GroupOut), **READ_ERRORS}, summary="List emulation groups"
)
def list_groups(request, filters: Query[GroupFilters], page: Query[PageParams]):
    groups = visible_groups(request)
    if filters.year is not None:
        groups = groups.filter(year=filters.year)
    if filters.kind:
        groups = groups.filter(kind=filters.kind)
    return page_of(groups.order_by("-year", "sort_name", "pk"), page)


@router.get(
    "/{int:group_id}",
    response={200: GroupDetail, **READ_ERRORS},
    summary="Read an emulation group with its members",
)
def get_group(request, group_id: int):
    return _detail(request, group_id)


@router.post("", response={201: GroupDetail, **WRITE_ERRORS}, summary="Create an emulation group")
def post_group(request, payload: GroupIn):
    group = _save(request, None, payload.dict())
    return Status(201, _detail(request, group.pk))


@router.patch(
    "/{int:group_id}",
    response={200: GroupDetail, **WRITE_ERRORS},
    summary="Change an emulation group",
)
def patch_group(request, group_id: int, payload: GroupPatch):
    group = visible_or_404(visible_groups(request), group_id)
    _save(request, group, payload.dict(exclude_unset=True))
    return _detail(request, group_id)


@router.delete(
    "/{int:group_id}", response={204: None, **WRITE_ERRORS}, summary="Delete an emulation group"
)
def delete_group(request, group_id: int):
    delete_emulation_group(visible_or_404(visible_groups(request), group_id), by=request.user)
    return Status(204, None)
