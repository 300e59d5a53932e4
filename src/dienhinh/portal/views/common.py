"""What the portal's pages share: the page context, absolute addresses, feed links."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

PER_PAGE = 20


def absolute(path: str) -> str:
    """The public address of ``path`` (SITE_URL: the same whichever host a reader used)."""
    return settings.SITE_URL + path


def feeds_for(base: str, title: str) -> list[dict]:
    """``<link rel="alternate">`` entries for the RSS and Atom feeds under ``base``."""
    return [
        {"type": "application/rss+xml", "href": f"{base}rss/", "title": f"{title} (RSS)"},
        {"type": "application/atom+xml", "href": f"{base}atom/", "title": f"{title} (Atom)"},
    ]


def page_of(request, items, per_page: int = PER_PAGE):
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def render_page(request, template: str, context: dict, *, status: int = 200):
    context.setdefault("canonical", absolute(request.path))
    return render(request, template, context, status=status)
