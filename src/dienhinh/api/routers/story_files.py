"""A story's photos (upload, import from a linked dossier, change, remove, download), its
preview links, and each unit's publishing settings. The same functions as the pages: the
same checks, bytes and headers, and the same 404 outside the caller's scope."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from dienhinh.api.lookups import visible_or_404
from dienhinh.api.routers.nomination_files import _binary
from dienhinh.api.routers.stories import detail, story_for
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS, FormLine
from dienhinh.api.schemas.nominations import FormConsent
from dienhinh.api.schemas.publishing import (
    PhotoImportIn,
    PreviewLinkCreated,
    PreviewLinkIn,
    PreviewLinkOut,
    PublishingSettingsIn,
    PublishingSettingsOut,
    StoryDetail,
    StoryPhotoPatch,
)
from dienhinh.nominations.enums import PeopleConsent
from dienhinh.nominations.models import Photo
from dienhinh.orgs.models import OrgUnit
from dienhinh.publishing import photos, previews, serving
from dienhinh.publishing.editing import PhotoItem, set_requires_review, settings_of, update_story
from dienhinh.publishing.models import PreviewLink, Story

router = Router(tags=["story files"])
photos_router = Router(tags=["story files"])
links_router = Router(tags=["story files"])
settings_router = Router(tags=["stories"])

_PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")


@router.post(
    "/{int:story_id}/photos",
    response={201: StoryDetail, **WRITE_ERRORS},
    summary="Upload a photo to a story (a new version lists it)",
)
def post_photo(
    request,
    story_id: int,
    file: File[UploadedFile],
    caption: FormLine = "",
    alt_text: FormLine = "",
    people_consent: FormConsent = PeopleConsent.NOT_RECORDED,
):
    story = story_for(request, story_id)
    photos.add_photo(
        story,
        by=request.user,
        upload=file,
        caption=caption,
        alt_text=alt_text,
        people_consent=people_consent,
    )
    return Status(201, detail(request, story_id))


@router.post(
    "/{int:story_id}/photos/import",
    response={201: StoryDetail, **WRITE_ERRORS},
    summary="Use a photo of a dossier the story tells about",
)
def post_photo_import(request, story_id: int, payload: PhotoImportIn):
    story = story_for(request, story_id)
    source = visible_or_404(
        Photo.objects.filter(nomination__story_links__story=story),
        payload.photo_id,
        field="photo_id",
    )
    photos.import_photo(story, by=request.user, source=source)
    return Status(201, detail(request, story_id))


@photos_router.patch(
    "/{int:story_photo_id}",
    response={200: StoryDetail, **WRITE_ERRORS},
    summary="Change a photo's caption, description, consent or cover (a new version)",
)
def patch_photo(request, story_photo_id: int, payload: StoryPhotoPatch):
    photo = serving.story_photo_for(request.user, story_photo_id)
    story = photo.story
    sent = payload.dict(exclude_unset=True)
    items = []
    listed = story.draft_version.photos if story.draft_version_id else []
    for item in listed:
        mine = item["photo"] == photo.pk
        items.append(
            PhotoItem(
                photo_id=item["photo"],
                caption=sent.get("caption", item["caption"]) if mine else item["caption"],
                alt_text=sent.get("alt_text", item["alt_text"]) if mine else item["alt_text"],
                cover=sent.get("cover", item["cover"])
                if mine
                else (item["cover"] and not sent.get("cover", False)),
                people_consent=sent.get("people_consent") if mine else None,
            )
        )
    if not any(item["photo"] == photo.pk for item in listed):
        raise PermissionDenied(_("This photo is not in the newest version of the story."))
    update_story(story, by=request.user, photos=items)
    return detail(request, story.pk)


@photos_router.delete(
    "/{int:story_photo_id}",
    response={200: StoryDetail, **WRITE_ERRORS},
    summary="Take a photo out of the story (a new version without it)",
)
def delete_photo(request, story_photo_id: int):
    photo = serving.story_photo_for(request.user, story_photo_id)
    story = photos.remove_photo(photo, by=request.user)
    return detail(request, story.pk)


@photos_router.get(
    "/{int:story_photo_id}/file",
    response=READ_ERRORS,
    summary="Download a story photo",
    url_name="story_photo_file",
    openapi_extra=_binary("The photo (EXIF removed).", *_PHOTO_TYPES),
)
def photo_file(request, story_photo_id: int):
    return serving.photo_response(serving.story_photo_for(request.user, story_photo_id))


@photos_router.get(
    "/{int:story_photo_id}/thumbnail",
    response=READ_ERRORS,
    summary="Download a story photo's smallest rendition",
    url_name="story_photo_thumbnail",
    openapi_extra=_binary("The thumbnail.", "image/webp", *_PHOTO_TYPES),
)
def photo_thumbnail(request, story_photo_id: int):
    return serving.thumbnail_response(serving.story_photo_for(request.user, story_photo_id))


# --- Preview links ---------------------------------------------------------------------


@router.get(
    "/{int:story_id}/preview-links",
    response={200: list[PreviewLinkOut], **READ_ERRORS},
    summary="The preview links of a story",
)
def get_preview_links(request, story_id: int):
    story = story_for(request, story_id, "unit")
    if not request.user.has_perm("publishing.change_story", story):
        raise PermissionDenied(_("Only the editors of the story's unit can share its draft."))
    return list(story.preview_links.select_related("created_by"))


@router.post(
    "/{int:story_id}/preview-links",
    response={201: PreviewLinkCreated, **WRITE_ERRORS},
    summary="Make a preview link (valid 7 days) for the people in the story",
)
def post_preview_link(request, story_id: int, payload: PreviewLinkIn):
    story = story_for(request, story_id, "unit")
    link, key = previews.create_preview_link(story, by=request.user, label=payload.label)
    link.url = request.build_absolute_uri(reverse("publishing:preview", args=[key]))
    return Status(201, link)


@links_router.delete(
    "/{int:link_id}", response={204: None, **WRITE_ERRORS}, summary="Revoke a preview link"
)
def delete_preview_link(request, link_id: int):
    visible = Story.objects.visible_to(request.user).values("pk")
    link = visible_or_404(PreviewLink.objects.filter(story__in=visible), link_id)
    previews.revoke_preview_link(link, by=request.user)
    return Status(204, None)


# --- Unit settings -----------------------------------------------------------------------


@settings_router.get(
    "/{int:unit_id}/publishing-settings",
    response={200: PublishingSettingsOut, **READ_ERRORS},
    summary="Whether a unit's stories need a second editor's approval",
)
def get_settings(request, unit_id: int):
    unit = visible_or_404(OrgUnit.objects.visible_to(request.user), unit_id)
    current = settings_of(unit)
    return {"unit_id": unit.pk, "requires_review": current.requires_review}


@settings_router.put(
    "/{int:unit_id}/publishing-settings",
    response={200: PublishingSettingsOut, **WRITE_ERRORS},
    summary="Set whether a unit's stories need a second editor's approval",
)
def put_settings(request, unit_id: int, payload: PublishingSettingsIn):
    unit = visible_or_404(OrgUnit.objects.visible_to(request.user), unit_id)
    current = set_requires_review(unit, by=request.user, requires_review=payload.requires_review)
    return {"unit_id": unit.pk, "requires_review": current.requires_review}
