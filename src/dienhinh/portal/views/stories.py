"""The story page: the live version, its photos, share links and tags; an old slug
redirects (301) to the current address, a story no longer published answers 410."""

import json
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import truncatewords
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.portal.caching import counts_as_reading, portal_page
from dienhinh.portal.markup import day
from dienhinh.portal.views.common import absolute, render_page
from dienhinh.publishing.public import is_gone, public_story


@portal_page
def story(request, pk: int, slug: str):
    record = public_story(pk)
    if record is None:
        if is_gone(pk):
            return _gone(request)
        raise Http404
    if slug != record.slug:
        return redirect(record.url, permanent=True)
    url = absolute(record.url)
    cover = record.cover
    image = absolute(cover.og_image.url) if cover else ""
    page = render_page(
        request,
        "portal/story.html",
        {
            "story": record,
            # Sanitised once when saved (publishing.editing), not again for each reader.
            "body": record.body,
            "description": truncatewords(record.lead, 50),  # once, not in each of 3 tags
            # ISO and dd/mm/yyyy once each, not through the date filter six times.
            "first_published": day(record.first_published_at),
            "published": day(record.published_at),
            "canonical": url,
            "cover": cover,
            "others": [p for p in record.pictures if p is not cover],
            "og_image": image,
            "json_ld": _json_ld(record, url, image),
            "share": {
                "facebook": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
                "zalo": "https://sp.zalo.me/share_inline?" + urlencode({"url": url}),
            },
            "feeds": [],
        },
    )
    return counts_as_reading(page, record.id)


def _json_ld(record, url: str, image: str) -> str:
    """The NewsArticle data block; ``<``, ``>`` and ``&`` escaped so no text can end the
    ``<script>`` element it sits in."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": record.headline,
        "description": record.lead,
        "datePublished": timezone.localtime(record.first_published_at).isoformat(),
        "dateModified": timezone.localtime(record.published_at).isoformat(),
        "mainEntityOfPage": url,
        "url": url,
        "publisher": {"@type": "Organization", "name": record.unit.name},
        "author": {"@type": "Organization", "name": record.unit.name},
    }
    if image:
        data["image"] = [image]
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _gone(request):
    return render_page(
        request,
        "errors/error.html",
        {
            "layout": "portal/base.html",
            "status": 410,
            "title": _("This story is no longer published"),
            "message": _(
                "The unit that published it has taken it off the site. Other stories of the "
                "emulation movements are on the home page."
            ),
            "noindex": True,
            "canonical": None,
        },
        status=410,
    )
