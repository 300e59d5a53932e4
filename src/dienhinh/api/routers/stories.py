"""Stories on the editors' side: the list with the list page's filters, the story with what
the caller may do, creating, saving a new version (PATCH), the versions, restoring one.
Workflow actions are in story_actions; photos, preview links and settings in story_files."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from dienhinh.api.errors import ApiError
from dienhinh.api.lookups import all_visible_or_404, visible_or_404
from dienhinh.api.pagination import page_of
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS, PageParams, errors, page_schema
from dienhinh.api.schemas.publishing import (
    RestoreIn,
    StoryDetail,
    StoryFilters,
    StoryIn,
    StoryOut,
    StoryPatch,
    VersionBrief,
)
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Movement, SharedField
from dienhinh.publishing.editing import (
    KEEP,
    PhotoItem,
    create_story,
    linkable_dossiers,
    may_edit,
    restore_version,
    update_story,
)
from dienhinh.publishing.models import Story, StoryPhoto
from dienhinh.publishing.queries import stories_for
from dienhinh.publishing.workflow import allowed_actions, publication_problems

router = Router(tags=["stories"])

DETAIL_RELATED = (
    "unit",
    "draft_version",
    "live_version",
    "scheduled_version",
    "field",
    "movement",
)
CONFLICT_ERRORS = errors(400, 401, 403, 404, 409, 422)


def story_for(request, story_id: int, *related: str) -> Story:
    """The story if the caller may see it, else 404 (its existence is not revealed)."""
    stories = Story.objects.visible_to(request.user).select_related(*(related or DETAIL_RELATED))
    return visible_or_404(stories, story_id)


def story_detail(request, story_id: int) -> Story:
    """The story with its newest version's photos, dossiers, versions and what the caller
    may do, ready for StoryDetail."""
    story = story_for(request, story_id)
    user = request.user
    draft = story.draft_version
    items = draft.photos if draft else []
    photos = StoryPhoto.objects.filter(story=story).in_bulk([i["photo"] for i in items])
    story.photos_out = []
    for item in items:
        photo = photos.get(item["photo"])
        if photo is not None:
            photo.caption, photo.alt_text = item.get("caption", ""), item.get("alt_text", "")
            photo.cover = item.get("cover", False)
            story.photos_out.append(photo)
    story.lead = draft.lead if draft else ""
    story.body = draft.body if draft else ""
    story.dossiers_out = list(
        story.dossiers.select_related("nominating_unit").order_by("story_links__position")
    )
    story.versions_out = list(
        story.versions.select_related("created_by").defer("body", "lead", "photos")[:50]
    )
    story.versions_out.sort(key=lambda v: -v.number)
    story.allowed = allowed_actions(story, user)
    story.can_edit = may_edit(user, story)
    story.problems = publication_problems(story, draft) if story.can_edit and draft else []
    return story


def detail(request, story_id: int) -> Story:
    return story_detail(request, story_id)


def _references(request, sent: dict) -> dict:
    """The field, movement and dossiers named by id, through the caller's scope (404 when
    they do not exist for the caller)."""
    resolved = {}
    if "field_id" in sent:
        value = sent.pop("field_id")
        fields = SharedField.objects.visible_to(request.user)
        resolved["field"] = (
            None if value is None else visible_or_404(fields, value, field="field_id")
        )
    if "movement_id" in sent:
        value = sent.pop("movement_id")
        movements = Movement.objects.visible_to(request.user)
        resolved["movement"] = (
            None if value is None else visible_or_404(movements, value, field="movement_id")
        )
    if sent.get("dossier_ids") is not None:
        ids = sent.pop("dossier_ids")
        resolved["dossiers"] = all_visible_or_404(
            linkable_dossiers(request.user), ids, field="dossier_ids"
        )
    sent.pop("dossier_ids", None)
    return resolved


@router.get(
    "", response={200: page_schema(StoryOut), **errors(400, 401, 422)}, summary="List stories"
)
def list_stories(request, filters: Query[StoryFilters], page: Query[PageParams]):
    data = {
        "q": filters.q or "",
        "state": [str(s) for s in filters.state or []],
        "unit": filters.unit or "",
        "field": filters.field or "",
    }
    form, stories = stories_for(request.user, data)
    if form.errors:
        details = [
            {"field": name, "message": str(message)}
            for name, messages in form.errors.items()
            for message in messages
        ]
        raise ApiError(400, "invalid", details[0]["message"], details)
    return page_of(stories, page)


@router.get(
    "/{int:story_id}",
    response={200: StoryDetail, **READ_ERRORS},
    summary="Read a story: its newest version, photos, versions and what the caller may do",
)
def get_story(request, story_id: int):
    return detail(request, story_id)


@router.post("", response={201: StoryDetail, **WRITE_ERRORS}, summary="Start a draft story")
def post_story(request, payload: StoryIn):
    sent = payload.dict()
    # A unit the caller sees but does not write for is a 403 (from create_story), not a 404.
    units = OrgUnit.objects.visible_to(request.user)
    unit = visible_or_404(units, sent.pop("unit_id"), field="unit_id")
    references = _references(request, sent)
    story = create_story(unit=unit, by=request.user, **sent, **references)
    return Status(201, detail(request, story.pk))


def _version_id(story: Story, number: int | None) -> int | None:
    if number is None:
        return None
    found = story.versions.filter(number=number).values_list("pk", flat=True).first()
    return found if found is not None else -1  # an unknown version is never the newest


@router.patch(
    "/{int:story_id}",
    response={200: StoryDetail, **CONFLICT_ERRORS},
    summary="Save a new version of a story (or change its field, movement, dossiers)",
)
def patch_story(request, story_id: int, payload: StoryPatch):
    story = story_for(request, story_id)
    if not may_edit(request.user, story):
        raise PermissionDenied(_("Only the editors of the story's unit can change it."))
    sent = payload.dict(exclude_unset=True)
    references = _references(request, sent)
    photos = sent.pop("photos", None)
    items = None
    if photos is not None:
        items = [
            PhotoItem(
                photo_id=p["id"],
                caption=p.get("caption", ""),
                alt_text=p.get("alt_text", ""),
                cover=p.get("cover", False),
                people_consent=p.get("people_consent"),
            )
            for p in photos
        ]
    update_story(
        story,
        by=request.user,
        headline=sent.get("headline"),
        lead=sent.get("lead"),
        body=sent.get("body"),
        photos=items,
        field=references.get("field", KEEP),
        movement=references.get("movement", KEEP),
        dossiers=references.get("dossiers"),
        note=sent.get("note", ""),
        based_on=_version_id(story, sent.get("based_on_version")),
    )
    return detail(request, story_id)


@router.get(
    "/{int:story_id}/versions",
    response={200: list[VersionBrief], **READ_ERRORS},
    summary="The versions of a story, newest first",
)
def get_versions(request, story_id: int):
    story = story_for(request, story_id, "unit")
    return list(story.versions.select_related("created_by").defer("body").order_by("-number"))


@router.post(
    "/{int:story_id}/restore",
    response={200: StoryDetail, **WRITE_ERRORS},
    summary="Copy an old version into a new newest version",
)
def post_restore(request, story_id: int, payload: RestoreIn):
    story = story_for(request, story_id)
    version = story.versions.filter(number=payload.number).first()
    if version is None:
        raise ApiError(
            404,
            "not_found",
            _("Not found."),
            [{"field": "number", "message": _("No such version.")}],
        )
    if not may_edit(request.user, story):
        raise PermissionDenied(_("Only the editors of the story's unit can change it."))
    restore_version(version, by=request.user)
    return detail(request, story_id)
