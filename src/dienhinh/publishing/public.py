"""What the public sees of stories: THE queries and THE shapes the portal's pages, feeds and
sitemap and the public API are given. Nothing public receives a model instance: each
surface gets these frozen records, whose fields are declared here and checked against the
never-public list (nominations.privacy) when the module is imported.

Every query starts from ``Story.objects.public()`` (published, with a live version); the
photos are those the live version shows whose people agreed or are not recognisable, as
renditions served publicly (publishing.serving.public_rendition_for).
"""

import functools
import os
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from django.db.models import F
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe

from dienhinh.core.addresses import address
from dienhinh.core.prepared import Prepared
from dienhinh.nominations.enums import PUBLISHABLE_CONSENT
from dienhinh.nominations.privacy import assert_public
from dienhinh.plans.fields import base_slug
from dienhinh.publishing.enums import RenditionFormat
from dienhinh.publishing.live_renditions import LiveRenditions, rendition_rows
from dienhinh.publishing.models import Story, StoryRendition

# What the public surfaces read of each model (checked against NEVER_PUBLIC below).
PUBLIC_FIELDS = {
    "publishing.story": (
        "id",
        "slug",
        "unit",
        "field",
        "movement",
        "live_version",
        "first_published_at",
        "published_at",
        "featured",
    ),
    "publishing.storyversion": ("headline", "lead", "body", "photos"),
    "publishing.storyphoto": ("caption", "alt_text", "people_consent"),
    "publishing.storyrendition": ("format", "width", "height", "file"),
    "orgs.orgunit": ("code", "name", "short_name", "parent"),
    "plans.sharedfield": ("name", "slug", "position"),
    "plans.movement": ("id", "name", "description", "starts_on", "ends_on"),
}
for _model, _fields in PUBLIC_FIELDS.items():
    assert_public(_fields, model=_model, where="publishing.public")

_LIST_DEFERRED = ("search_text", "draft_search_text", "live_version__body")
_NO_BODY = mark_safe("")
_RELATED = ("live_version", "unit", "field", "movement")
OG_IMAGE_WIDTH = 1200


@dataclass(frozen=True)
class PublicUnit:
    code: str
    name: str

    @property
    def url(self) -> str:
        return address("portal:unit", self.code)


@dataclass(frozen=True)
class PublicField:
    name: str
    slug: str

    @property
    def url(self) -> str:
        return address("portal:field", self.slug)


@dataclass(frozen=True)
class PublicMovement:
    id: int
    name: str

    @property
    def slug(self) -> str:
        return base_slug(self.name)

    @property
    def url(self) -> str:
        return address("portal:movement", self.id, self.slug)


@dataclass(frozen=True)
class Source:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class PublicPicture:
    """A photo as the public gets it: WebP and JPEG renditions for ``<picture>``."""

    caption: str
    alt_text: str
    cover: bool
    webp: tuple[Source, ...]
    jpeg: tuple[Source, ...]

    @property
    def fallback(self) -> Source:
        """The ``<img src>``: the JPEG nearest 960 wide (the others are in ``srcset``)."""
        return min(self.jpeg or self.webp, key=lambda s: abs(s.width - 960))

    @property
    def og_image(self) -> Source:
        return min(self.jpeg or self.webp, key=lambda s: (abs(s.width - OG_IMAGE_WIDTH), -s.width))

    @staticmethod
    def srcset(sources) -> str:
        return ", ".join(f"{s.url} {s.width}w" for s in sources)

    @property
    def webp_srcset(self) -> str:
        return self.srcset(self.webp)

    @property
    def jpeg_srcset(self) -> str:
        return self.srcset(self.jpeg)


@dataclass(frozen=True)
class PublicStory:
    id: int
    slug: str
    headline: str
    lead: str
    body: SafeString
    first_published_at: datetime
    published_at: datetime
    featured: bool
    unit: PublicUnit
    field: PublicField | None
    movement: PublicMovement | None
    pictures: tuple[PublicPicture, ...] = field(default=())

    @property
    def url(self) -> str:
        return address("portal:story", self.id, self.slug)

    @property
    def cover(self) -> PublicPicture | None:
        return next((p for p in self.pictures if p.cover), None) or next(iter(self.pictures), None)


def public_stories():
    """Published stories, newest first, with what a list shows (no body)."""
    return (
        Story.objects.public()
        .select_related(*_RELATED)
        .defer(*_LIST_DEFERRED)
        .order_by("-published_at", "-pk")
    )


def filter_stories(stories, *, field=None, unit=None, movement=None, year=None):
    """``stories`` narrowed to a shared field, a unit (its own stories), a movement, a year."""
    if field is not None:
        stories = stories.filter(field=field)
    if unit is not None:
        stories = stories.filter(unit=unit)
    if movement is not None:
        stories = stories.filter(movement=movement)
    if year is not None:
        stories = stories.filter(published_at__year=year)
    return stories


# What a card (the home page) reads; the story page adds the body. Plain rows from queries
# compiled once (core.prepared): building and compiling them cost ten times what SQLite
# takes to run them, and on PostgreSQL they are prepared on the server.
_CARD_COLUMNS = (
    "id",
    "slug",
    "first_published_at",
    "published_at",
    "featured",
    "live_version__headline",
    "live_version__lead",
    "live_version__photos",
    "unit__code",
    "unit__name",
    "field_id",
    "field__name",
    "field__slug",
    "field__position",
    "movement_id",
    "movement__name",
)
_PAGE_COLUMNS = (*_CARD_COLUMNS, "live_version__body", "renditions")
_PAGE_QUERY = Prepared(
    lambda pk: (
        Story.objects.public()
        .filter(pk=pk)
        .annotate(renditions=LiveRenditions(F("live_version__photos")))
        .order_by()
        .values_list(*_PAGE_COLUMNS)[:1]
    )
)

HOME_FEATURED = 4
HOME_LATEST = 8
HOME_PER_FIELD = 3
RECENT = 400
_NEWEST = (F("published_at").desc(), F("pk").desc())


def _home_featured():
    # Featured stories are few: found by their own index, then checked public.
    featured = Story.objects.filter(featured=True).values("pk")
    return (
        Story.objects.public()
        .filter(pk__in=featured)
        .order_by(*_NEWEST)
        .values_list(*_CARD_COLUMNS)[:HOME_FEATURED]
    )


# The RECENT newest stories' ids and fields, over the date index: the home page picks its
# latest and its stories by field from them, then reads the rows of those it picked.
_RECENT = Prepared(
    lambda: Story.objects.public().order_by(*_NEWEST).values_list("pk", "field_id")[:RECENT]
)
_CARDS = Prepared(
    lambda ids: Story.objects.public().filter(pk__in=ids).order_by().values_list(*_CARD_COLUMNS)
)
_HOME_FEATURED = Prepared(_home_featured)


@dataclass(frozen=True)
class HomeStories:
    featured: list[PublicStory]
    latest: list[PublicStory]
    # Each shared field with its newest stories, in the fields' order.
    by_field: list[tuple[PublicField, list[PublicStory]]]


def home_stories() -> HomeStories:
    """The home page's stories: the HOME_FEATURED newest featured; the HOME_LATEST newest;
    the HOME_PER_FIELD newest of each shared field among the RECENT newest stories (a field
    with nothing that recent is left out). Four queries, whatever the number of stories:
    the featured, the recent ids, the rows of those picked, their covers' renditions."""
    featured = _HOME_FEATURED.rows()
    recent = _RECENT.rows()  # newest first
    latest = [row["pk"] for row in recent[:HOME_LATEST]]
    by_field: dict[int, list[int]] = {}
    for row in recent:
        if row["field_id"] is not None:
            picked = by_field.setdefault(row["field_id"], [])
            if len(picked) < HOME_PER_FIELD:
                picked.append(row["pk"])
    wanted = {*latest, *(pk for picked in by_field.values() for pk in picked)}
    rows = {row["id"]: row for row in _CARDS.rows(sorted(wanted))} if wanted else {}
    pictures = _pictures(
        {row["id"]: row["live_version__photos"] for row in (*featured, *rows.values())},
        covers_only=True,
    )
    records = {pk: _row_record(row, pictures.get(pk, ())) for pk, row in rows.items()}
    # A story unpublished between the two queries is not in ``records``: left out.
    groups = [
        [records[pk] for pk in picked if pk in records] for _field, picked in by_field.items()
    ]
    groups = sorted(
        (group for group in groups if group),
        key=lambda group: (rows[group[0].id]["field__position"], rows[group[0].id]["field_id"]),
    )
    return HomeStories(
        featured=[_row_record(row, pictures.get(row["id"], ())) for row in featured],
        latest=[records[pk] for pk in latest if pk in records],
        by_field=[(group[0].field, group) for group in groups],
    )


def public_story(pk: int) -> PublicStory | None:
    """The public story ``pk`` with its body and every picture, or None: one query."""
    found = _PAGE_QUERY.rows(pk)
    if not found:
        return None
    row = found[0]
    pictures = _pictures(
        {row["id"]: row["live_version__photos"]},
        covers_only=False,
        renditions=rendition_rows(row["renditions"]),
    )
    # Sanitised when saved (publishing.editing, nominations.richtext): stored safe.
    body = mark_safe(row["live_version__body"])  # noqa: S308
    return _row_record(row, pictures.get(row["id"], ()), body=body)


def _row_record(row: dict, pictures, *, body: SafeString = _NO_BODY) -> PublicStory:
    """The public record of a row of ``_CARD_COLUMNS``."""
    return PublicStory(
        id=row["id"],
        slug=row["slug"],
        headline=row["live_version__headline"],
        lead=row["live_version__lead"],
        body=body,
        first_published_at=row["first_published_at"] or row["published_at"],
        published_at=row["published_at"],
        featured=row["featured"],
        unit=PublicUnit(code=row["unit__code"], name=row["unit__name"]),
        field=(
            PublicField(name=row["field__name"], slug=row["field__slug"])
            if row["field__slug"] is not None
            else None
        ),
        movement=(
            PublicMovement(id=row["movement_id"], name=row["movement__name"])
            if row["movement_id"] is not None
            else None
        ),
        pictures=pictures,
    )


def is_gone(pk: int) -> bool:
    """Whether ``pk`` was public once and is not any more (unpublished, taken down): its
    address answers 410 rather than 404. A story never published is not revealed."""
    return (
        Story.objects.filter(pk=pk, first_published_at__isnull=False)
        .exclude(pk__in=Story.objects.public().values("pk"))
        .exists()
    )


_RENDITIONS = Prepared(
    lambda photo_ids: (
        StoryRendition.objects.filter(
            photo_id__in=photo_ids, photo__people_consent__in=PUBLISHABLE_CONSENT
        )
        .order_by()  # by width below: a handful per photo, cheaper sorted here than compiled
        .values_list("pk", "photo_id", "format", "width", "height", "file")
    )
)


def _pictures(
    photos: dict[int, list[dict]], *, covers_only: bool, renditions: list[dict] | None = None
) -> dict[int, tuple[PublicPicture, ...]]:
    """The public pictures of each story (``photos``: its live version's photos, by story
    id), from one query of renditions, or from ``renditions`` when the story's query read
    them (publishing.live_renditions)."""
    wanted: dict[int, list[dict]] = {}
    for story_id, items in photos.items():
        if covers_only and items:
            items = [next((i for i in items if i.get("cover")), items[0])]
        wanted[story_id] = items
    photo_ids = sorted({item["photo"] for items in wanted.values() for item in items})
    if not photo_ids:
        return {}
    if renditions is None:
        renditions = _RENDITIONS.rows(photo_ids)
    by_photo: dict[int, list[dict]] = {}
    for rendition in sorted(renditions, key=lambda r: (r["width"], r["pk"])):
        by_photo.setdefault(rendition["photo_id"], []).append(rendition)
    found = {}
    for story_id, items in wanted.items():
        pictures = []
        for item in items:
            made = by_photo.get(item["photo"])
            if not made:
                continue  # renditions not made yet, or the people did not agree
            pictures.append(
                PublicPicture(
                    caption=item.get("caption", ""),
                    alt_text=item.get("alt_text", ""),
                    cover=bool(item.get("cover")),
                    webp=tuple(_source(r) for r in made if r["format"] == RenditionFormat.WEBP),
                    jpeg=tuple(_source(r) for r in made if r["format"] == RenditionFormat.JPEG),
                )
            )
        found[story_id] = tuple(pictures)
    return found


def _source(rendition: dict) -> Source:
    name = os.path.basename(rendition["file"])
    url = _rendition_url(get_script_prefix()).format(pk=rendition["pk"], name=quote(name))
    return Source(url=url, width=rendition["width"], height=rendition["height"])


@functools.cache
def _rendition_url(prefix: str) -> str:
    """The renditions' address with {pk} and {name} to fill: reversed once (a list page
    has a hundred renditions, and each reverse() costs as much as a small query)."""
    sample = reverse("portal:rendition", args=[12345, "name"])
    assert sample.endswith("/12345/name")
    return sample.removesuffix("12345/name") + "{pk}/{name}"


def present(stories) -> list[PublicStory]:
    """The public records of ``stories`` (from the list queries above), with the cover only
    and no body (a story page's record: ``public_story``)."""
    stories = list(stories)
    photos = {story.pk: story.live_version.photos for story in stories}
    pictures = _pictures(photos, covers_only=True)
    return [_record(story, pictures.get(story.pk, ())) for story in stories]


def _record(story: Story, pictures) -> PublicStory:
    version = story.live_version
    unit = story.unit
    return PublicStory(
        id=story.pk,
        slug=story.slug,
        headline=version.headline,
        lead=version.lead,
        body=_NO_BODY,
        first_published_at=story.first_published_at or story.published_at,
        published_at=story.published_at,
        featured=story.featured,
        unit=PublicUnit(code=unit.code, name=unit.name),
        field=PublicField(name=story.field.name, slug=story.field.slug) if story.field else None,
        movement=(
            PublicMovement(id=story.movement.pk, name=story.movement.name)
            if story.movement
            else None
        ),
        pictures=pictures,
    )
