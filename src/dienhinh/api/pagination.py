"""Limit/offset pagination answering {"count", "items"}, capped at settings.API_PAGE_MAX."""

from django.conf import settings
from ninja import Field, Schema


class PageParams(Schema):
    limit: int = Field(
        settings.NINJA_PAGINATION_PER_PAGE,
        ge=1,
        le=settings.API_PAGE_MAX,
        description="How many items to return.",
    )
    offset: int = Field(0, ge=0, le=10_000_000, description="How many items to skip.")


def page_of(queryset, params: PageParams) -> dict:
    """One page of ``queryset``: two queries (count and slice), whatever the page size."""
    return {
        "count": queryset.count(),
        "items": list(queryset[params.offset : params.offset + params.limit]),
    }


def page_schema(item_schema) -> type[Schema]:
    """A response schema {count, items: [item_schema]} with a readable OpenAPI name."""
    return type(
        f"{item_schema.__name__}Page",
        (Schema,),
        {"__annotations__": {"count": int, "items": list[item_schema]}},
    )
