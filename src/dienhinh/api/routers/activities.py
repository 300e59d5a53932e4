"""Activities: list with the list page's filters, record, read, change, delete — through
activities.domain and the same visibility as the pages."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from dienhinh.activities import domain, queries
from dienhinh.activities.models import Activity
from dienhinh.api.lookups import all_visible_or_404, visible_or_404
from dienhinh.api.pagination import page_of
from dienhinh.api.schemas.activities import ActivityDetail, ActivityFilters, ActivityIn, ActivityOut
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS, PageParams, page_schema
from dienhinh.nominations.models import Nomination
from dienhinh.orgs.models import EmulationGroup, OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.publishing.models import Story

router = Router(tags=["activities"])


def _activity(request, activity_id: int) -> Activity:
    found = visible_or_404(
        Activity.objects.visible_to(request.user).select_related("unit"), activity_id
    )
    found.can_change = request.user.has_perm("activities.change_activity", found)
    return found


def _input(request, payload: ActivityIn) -> domain.ActivityInput:
    user = request.user
    sent = payload.dict()

    def one(queryset, key):
        value = sent.get(key)
        return None if value is None else visible_or_404(queryset, value, field=key)

    return domain.ActivityInput(
        kind=sent["kind"],
        unit=one(OrgUnit.objects.visible_to(user), "unit_id"),
        title=sent["title"],
        held_on=sent["held_on"],
        participants=sent["participants"],
        notes=sent["notes"],
        plan=one(Plan.objects.visible_to(user), "plan_id"),
        group=one(EmulationGroup.objects.visible_to(user), "group_id"),
        participating_units=all_visible_or_404(
            OrgUnit.objects.filter(
                group_memberships__group__in=EmulationGroup.objects.visible_to(user)
            ).distinct(),
            sent["participating_unit_ids"],
            field="participating_unit_ids",
        ),
        stories=all_visible_or_404(
            Story.objects.visible_to(user), sent["story_ids"], field="story_ids"
        ),
        dossiers=all_visible_or_404(
            Nomination.objects.visible_to(user), sent["dossier_ids"], field="dossier_ids"
        ),
    )


@router.get("", response={200: page_schema(ActivityOut), **READ_ERRORS}, summary="List activities")
def list_activities(request, filters: Query[ActivityFilters], page: Query[PageParams]):
    user = request.user
    wanted = filters.dict()

    def one(queryset, key):
        value = wanted.get(key)
        return None if value is None else visible_or_404(queryset, value, field=key)

    items = queries.filtered(
        user,
        kind=wanted.get("kind") or "",
        unit=one(OrgUnit.objects.visible_to(user), "unit_id"),
        plan=one(Plan.objects.visible_to(user), "plan_id"),
        group=one(EmulationGroup.objects.visible_to(user), "group_id"),
        date_from=wanted.get("date_from"),
        date_to=wanted.get("date_to"),
    )
    return page_of(items, page)


@router.post("", response={201: ActivityDetail, **WRITE_ERRORS}, summary="Record an activity")
def post_activity(request, payload: ActivityIn):
    activity = domain.create_activity(_input(request, payload), by=request.user)
    return Status(201, _activity(request, activity.pk))


@router.get(
    "/{int:activity_id}", response={200: ActivityDetail, **READ_ERRORS}, summary="Read an activity"
)
def get_activity(request, activity_id: int):
    return _activity(request, activity_id)


@router.put(
    "/{int:activity_id}",
    response={200: ActivityDetail, **WRITE_ERRORS},
    summary="Change an activity (every field)",
)
def put_activity(request, activity_id: int, payload: ActivityIn):
    activity = _activity(request, activity_id)
    if not activity.can_change:
        raise PermissionDenied(_("You may not change this activity."))
    domain.update_activity(activity, _input(request, payload), by=request.user)
    return _activity(request, activity_id)


@router.delete(
    "/{int:activity_id}", response={204: None, **WRITE_ERRORS}, summary="Delete an activity"
)
def delete_activity(request, activity_id: int):
    activity = _activity(request, activity_id)
    domain.delete_activity(activity, by=request.user)
    return Status(204, None)
