"""The public, read-only API (no login): the published stories as the portal shows them,
from publishing.public (the same queries and records as the portal's pages)."""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router

from dienhinh.api.errors import ApiError
from dienhinh.api.schemas.common import READ_ERRORS, PageParams, errors, page_schema
from dienhinh.api.schemas.public import PublicStoryDetail, PublicStoryFilters, PublicStoryOut
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Movement, SharedField
from dienhinh.publishing import search
from dienhinh.publishing.models import Story
from dienhinh.publishing.public import (
    PublicStory,
    filter_stories,
    present,
    public_stories,
    public_story,
)

router = Router(tags=["public"], auth=None)


def _item(record: PublicStory) -> dict:
    return {
        "id": record.id,
        "title": record.headline,
        "url": settings.SITE_URL + record.url,
        "published_at": record.first_published_at,
        "updated_at": record.published_at,
        "lead": record.lead,
        "field": record.field.name if record.field else None,
        "field_slug": record.field.slug if record.field else None,
        "unit": record.unit.name,
        "unit_code": record.unit.code,
        "movement": record.movement.name if record.movement else None,
        "movement_id": record.movement.id if record.movement else None,
    }


def _lookup(model, *, field: str, message: str, **where):
    found = model.objects.filter(**where).first()
    if found is None:
        raise ApiError(422, "invalid", message, [{"field": field, "message": message}])
    return found


def _scope(filters: PublicStoryFilters) -> dict:
    scope = {}
    if filters.field:
        scope["field"] = _lookup(
            SharedField,
            field="field",
            message=_("No field has this address name."),
            slug=filters.field,
        )
    if filters.unit:
        scope["unit"] = _lookup(
            OrgUnit, field="unit", message=_("No unit has this code."), code=filters.unit
        )
    if filters.movement:
        scope["movement"] = _lookup(
            Movement,
            field="movement",
            message=_("No movement has this id."),
            pk=filters.movement,
        )
    return scope


@router.get(
    "/stories",
    response={200: page_schema(PublicStoryOut), **errors(422)},
    summary="Published stories (no login): newest first, or by relevance with q",
)
def list_public_stories(request, filters: Query[PublicStoryFilters], page: Query[PageParams]):
    scope = _scope(filters)
    query = search.Query.parse(filters.q)
    if filters.q and query:
        candidates = filter_stories(Story.objects.public(), **scope) if scope else None
        matched = search.matches(query, candidates)
        count = matched.count
        ids = search.ranked_ids(
            query, candidates, limit=page.limit, offset=page.offset, matched=matched
        )
        by_id = {s.pk: s for s in public_stories().filter(pk__in=ids)}
        rows = [by_id[pk] for pk in ids if pk in by_id]
    else:
        stories = filter_stories(public_stories(), **scope)
        count = stories.count()
        rows = stories[page.offset : page.offset + page.limit]
    return {"count": count, "items": [_item(r) for r in present(rows)]}


@router.get(
    "/stories/{int:story_id}",
    response={200: PublicStoryDetail, **READ_ERRORS},
    summary="One published story (no login)",
)
def get_public_story(request, story_id: int):
    record = public_story(story_id)
    if record is None:
        raise Http404
    images = [
        {
            "url": settings.SITE_URL + picture.fallback.url,
            "width": picture.fallback.width,
            "height": picture.fallback.height,
            "alt_text": picture.alt_text,
            "caption": picture.caption,
        }
        for picture in record.pictures
    ]
    return {**_item(record), "body": str(record.body), "images": images}
