"""Small helpers shared by the orgs pages."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.http import urlencode

PER_PAGE = 50


def paginate(request: HttpRequest, items, *, param: str = "page", per_page: int = PER_PAGE) -> Page:
    """The requested page of ``items``; a missing or bad page number gives the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get(param))


def query_without(request: HttpRequest, *names: str) -> str:
    """The current query string without ``names`` (for pagination links), ending in ``&``."""
    pairs = [(k, v) for k, v in request.GET.items() if k not in names and v != ""]
    return urlencode(pairs) + "&" if pairs else ""


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
