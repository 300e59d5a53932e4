"""What every router shares: the error shape, bounded ids, pages, and the text types.

Every ``str`` field a client sends (bodies, query filters, form fields of the uploads) is one
of the text types below, so that all text comes in through ``core.text.clean_text``: NFC,
trimmed, and refused with a 422 naming the field when it holds NUL, another control
character, a lone surrogate or a bidirectional override.
"""

from typing import Annotated

from django.conf import settings
from ninja import Field, Form, Schema
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from dienhinh.core.text import UnsafeText, clean_text
from dienhinh.nominations.richtext import sanitize

# The pydantic error type of a refused character; api/errors.py passes its message as is.
UNSAFE_TEXT = "unsafe_text"


def _refused(error: UnsafeText) -> PydanticCustomError:
    # The message goes in the context, not the template, so that braces in a translation
    # can never be read as placeholders.
    return PydanticCustomError(UNSAFE_TEXT, "{message}", {"message": error.message})


def _clean(multiline: bool):
    def validate(value: str) -> str:
        try:
            return clean_text(value, multiline=multiline)
        except UnsafeText as error:
            raise _refused(error) from None

    return validate


def _rich(value: str) -> str:
    # Cleaned as text first (NUL, controls, bidi), then sanitised as HTML; the domain
    # sanitises again (idempotent).
    return sanitize(_clean(True)(value))


def _secret(value: str) -> str:
    # A password is compared, never stored or shown: it is not normalised (that would change
    # it), and only NUL is refused, as the login page's form does.
    if "\x00" in value:
        raise _refused(UnsafeText("\x00"))
    return value


# One line of text: inner runs of whitespace collapse to one space.
Line = Annotated[str, AfterValidator(_clean(False))]
# Multi-line text (descriptions, purposes, reasons): paragraphs kept.
Paragraphs = Annotated[str, AfterValidator(_clean(True))]
# HTML written by users (achievements): cleaned as Paragraphs, then sanitised.
RichText = Annotated[str, AfterValidator(_rich)]
# Passwords: refused only for NUL, otherwise passed on exactly as sent.
Secret = Annotated[str, AfterValidator(_secret)]
# An optional Line in a multipart form (beside an upload), "" when left out. The default is
# given to Form itself: ninja drops it from OpenAPI otherwise, once Line carries a validator.
FormLine = Form[Line, {"default": ""}]


class ErrorDetail(Schema):
    field: str | None = None
    message: str


class ErrorBody(Schema):
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorOut(Schema):
    error: ErrorBody


def errors(*statuses: int) -> dict:
    """Response declarations for the error statuses an endpoint can answer (for OpenAPI)."""
    return dict.fromkeys(statuses, ErrorOut)


# Ids sent by clients: bounded so that an absurd number is a 422, not a database overflow.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

READ_ERRORS = errors(401, 404, 422)
WRITE_ERRORS = errors(400, 401, 403, 404, 422)


class PageParams(Schema):
    limit: int = Field(
        settings.NINJA_PAGINATION_PER_PAGE,
        ge=1,
        le=settings.API_PAGE_MAX,
        description="How many items to return.",
    )
    offset: int = Field(0, ge=0, le=10_000_000, description="How many items to skip.")


def page_schema(item_schema) -> type[Schema]:
    """A response schema {count, items: [item_schema]} with a readable OpenAPI name."""
    return type(
        f"{item_schema.__name__}Page",
        (Schema,),
        {"__annotations__": {"count": int, "items": list[item_schema]}},
    )
