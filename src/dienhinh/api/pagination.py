"""Limit/offset pagination answering {"count", "items"}, capped at settings.API_PAGE_MAX.

The query schema (PageParams) and the page response schemas live in api/schemas/common.py.
"""

from dienhinh.api.schemas.common import PageParams


def page_of(queryset, params: PageParams, rows=list) -> dict:
    """One page of ``queryset``: two queries (count and slice), whatever the page size;
    ``rows`` turns the slice into the items (plain rows such as api.rows.brief_rows)."""
    return {
        "count": queryset.count(),
        "items": rows(queryset[params.offset : params.offset + params.limit]),
    }
