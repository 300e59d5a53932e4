"""Schemas of official documents: a document's format, a unit's templates and the
background exports."""

from typing import Literal

from ninja import Field, Schema

from dienhinh.api.schemas.common import Id
from dienhinh.documents.models import DocumentKind


class FormatParams(Schema):
    format: Literal["docx", "pdf"] = "docx"


class ExportIn(Schema):
    kind: Literal["summary"] = Field(description="What to export: a plan's summary of reports.")
    plan_id: Id


class ExportOut(Schema):
    id: int
    status: str = Field(description="queued, running, done or failed")
    progress: float = Field(description="From 0 to 1.")
    download_url: str | None = Field(description="Once done: where to fetch the file.")
    errors: list[str]


class TemplateOut(Schema):
    kind: DocumentKind
    source: Literal["own", "inherited", "builtin"] = Field(
        description="The unit's own upload, one from a unit above it, or the built-in one."
    )
    name: str
    unit_id: int | None = Field(description="The unit whose upload it is.")
    uploaded_at: str | None


class TemplateParams(Schema):
    unit_id: Id
