"""Public photo renditions, robots.txt and the sitemap index."""

import os

from django.contrib.sitemaps.views import x_robots_tag
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from dienhinh.portal.sitemaps import index_items
from dienhinh.portal.views.common import absolute
from dienhinh.publishing.serving import public_rendition_for, rendition_response


@require_GET
def rendition(request, pk: int, name: str):
    """A rendition of a photo the live version of a public story shows, under an address
    that holds the file's name (a hash of its content): cached for a year, immutable. The
    same id with another name (an old file, a guess) is a 404."""
    found = public_rendition_for(pk)
    if os.path.basename(found.file.name) != name:
        raise Http404
    return rendition_response(found)


# Only the public portal is for search engines; preview links carry noindex as well.
_DISALLOWED = (
    "/workspace/",
    "/stories/",
    "/dossiers/",
    "/plans/",
    "/units/",
    "/account/",
    "/accounts/",
    "/audit/",
    "/admin/",
    "/api/",
    "/tim-kiem/",
    "/embed/",
)


@require_GET
def robots(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in _DISALLOWED), "Allow: /"]
    lines += ["", f"Sitemap: {absolute('/sitemap.xml')}", ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
@x_robots_tag
def sitemap_index(request):
    """/sitemap.xml: the index of the sections' sitemaps and of their pages."""
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": index_items(absolute)},
        content_type="application/xml",
    )
