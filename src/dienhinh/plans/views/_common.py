"""Small helpers shared by the plan pages (the same idea as orgs.views._common)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.http import urlencode

PER_PAGE = 50


def paginate(request: HttpRequest, items, *, per_page: int = PER_PAGE) -> Page:
    """The requested page of ``items``; a missing or bad page number gives the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def query_without(request: HttpRequest, *names: str) -> str:
    """The current query string without ``names`` (for pagination links), ending in ``&``."""
    pairs = [(k, v) for k, v in request.GET.items() if k not in names and v != ""]
    return urlencode(pairs) + "&" if pairs else ""


def require_perm(request: HttpRequest, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def int_param(request: HttpRequest, name: str) -> int | None:
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        return None
