"""Limit/offset pagination answering {"count", "items"}, capped at settings.API_PAGE_MAX.

The query schema (PageParams) and the page response schemas live in api/schemas/common.py.
"""

from dienhinh.api.schemas.common import PageParams


def page_of(queryset, params: PageParams) -> dict:
    """One page of ``queryset``: two queries (count and slice), whatever the page size."""
    return {
        "count": queryset.count(),
        "items": list(queryset[params.offset : params.offset + params.limit]),
    }
