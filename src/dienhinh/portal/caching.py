"""The portal's page cache: whole anonymous pages in the default cache (shared by every
process: a file cache in the embedded mode, Redis in production), under a key holding the
portal's generation token (core.generations), the language and the address.

Any change the public can see runs ``invalidate`` (publishing.hooks.public_changed): a new
token, so EVERY page cached before — the story, each list, feed, search, unit page, embed,
the home page and the sitemap — is stale at once, in every process, with no list of keys to
find. Portal pages are the same for everyone (no user, no form token, no nonce in them), so
one copy serves all. Each answer has an ETag and a Last-Modified: a browser that asks
again with either gets 304.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from dienhinh.core import generations

GENERATION = "portal"
# Answers worth keeping: pages, the 301 of an old slug, the 410 of a story gone.
_CACHED_STATUS = {200, 301, 410}
_KEPT_HEADERS = ("Content-Type", "Location", "Content-Language", "X-Robots-Tag")
ERROR_LAYOUT = "portal/base.html"


def invalidate(story_id: int | None = None) -> None:
    """Make every cached portal page stale (``story_id`` is not needed: lists change too)."""
    generations.bump(GENERATION)


def _key(request) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"portal:page:{generations.current(GENERATION)}:{get_language()}:{address}"


def _validators(content: bytes) -> tuple[str, float]:
    return f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"', time.time()


def _respond(request, entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"].items():
        response[name] = value
    return _finish(request, response, entry["etag"], entry["modified"])


def _finish(request, response, etag: str, modified: float):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    # Readers' browsers keep the page but ask again each time (a 304 when nothing changed).
    response["Cache-Control"] = "public, no-cache"
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    if response.status_code == 200:
        conditional = get_conditional_response(
            request, etag=etag, last_modified=int(modified), response=response
        )
        if conditional is not response:
            return conditional
    return response


def portal_page(view):
    """A public portal page: its errors in the portal's layout, its answer cached for
    everyone (PORTAL_CACHE_SECONDS; 0 renders each time), with ETag and Last-Modified."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.error_layout = ERROR_LAYOUT
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        seconds = settings.PORTAL_CACHE_SECONDS
        key = _key(request) if seconds else None
        entry = cache.get(key) if key else None
        if entry is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response = response.render()  # the sitemap view's TemplateResponse
            if response.status_code not in _CACHED_STATUS or response.streaming:
                return response
            etag, modified = _validators(response.content)
            if not key:
                return _finish(request, response, etag, modified)
            entry = {
                "status": response.status_code,
                "content": response.content,
                "headers": {h: response[h] for h in _KEPT_HEADERS if h in response},
                "etag": etag,
                "modified": modified,
            }
            cache.set(key, entry, seconds)
        return _respond(request, entry)

    return wrapped
