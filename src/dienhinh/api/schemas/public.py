"""The public API's shapes (no login): what the portal shows of a published story and
nothing more, checked against the never-public list when the module is imported."""

from datetime import datetime

from ninja import Field, Schema

from dienhinh.api.schemas.common import Id, Line
from dienhinh.nominations.privacy import assert_public_schema


class PublicStoryFilters(Schema):
    q: Line | None = Field(
        None,
        max_length=200,
        description=(
            "Words to look for (any accents). Over 1,000 matches, count is 1,000 and the "
            "1,000 latest written are ranked."
        ),
    )
    field: Line | None = Field(None, max_length=120, description="A field's address name.")
    unit: Line | None = Field(None, max_length=40, description="A unit's code (its own stories).")
    movement: Id | None = Field(None, description="A movement's id.")


class PublicImageOut(Schema):
    url: str
    width: int
    height: int
    alt_text: str
    caption: str


class PublicStoryOut(Schema):
    id: int
    title: str
    url: str = Field(description="The story's page on the portal.")
    published_at: datetime = Field(description="When it was first published.")
    updated_at: datetime = Field(description="When its current text was published.")
    lead: str
    field: str | None = Field(None, description="The field's name.")
    field_slug: str | None = None
    unit: str = Field(description="The publishing unit's name.")
    unit_code: str
    movement: str | None = Field(None, description="The movement's name.")
    movement_id: int | None = None


class PublicStoryDetail(PublicStoryOut):
    body: str = Field(description="The text, as sanitised HTML.")
    images: list[PublicImageOut]


for _schema in (PublicStoryOut, PublicStoryDetail):
    assert_public_schema(
        _schema, models={"": "publishing.story", "images": "publishing.storyphoto"}
    )
assert_public_schema(PublicImageOut, models={"": "publishing.storyphoto"})
