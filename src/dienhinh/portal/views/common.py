"""What the portal's pages share: the page context, absolute addresses, feed links."""

from django.conf import settings
from django.shortcuts import render

# Stories per page of the portal's lists and search, for core.web.paginate (whose own default,
# 50, is the staff pages').
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


def render_page(request, template: str, context: dict, *, status: int = 200):
    context.setdefault("canonical", absolute(request.path))
    return render(request, template, context, status=status)
