"""The portal's page cache: whole anonymous pages in the default cache (shared by every
process: a file cache in the embedded mode, Redis in production), under a key holding the
generation tokens (core.generations) of the portal, of the units and of the plans, the
language and the address.

Any change to a story the public can see runs ``invalidate`` (publishing.hooks
.public_changed): a new token, so EVERY page cached before — the story, each list, feed,
search, unit page, embed, the home page and the sitemap — is stale at once, in every
process, with no list of keys to find. Pages also show what other apps own: unit names
(orgs.changes bumps the units' token on every save), movements, plans and shared fields
(plans.changes), so a rename shows at once too.

Portal pages are the same for everyone (no user, no form token, no nonce in them), so one
copy serves all; a page that did use the CSP nonce is never kept (its copy would show
every reader one nonce, and a header with another). Each answer has an ETag and a
Last-Modified: a browser that asks again with either gets 304.

Two ways to a cached page. ``portal_page`` (the views' decorator) answers from the cache
after the whole middleware stack, for everyone. ``EarlyPageMiddleware``, placed before the
session, authentication and CSRF middleware, answers a request without a session cookie
from the same entry before any of them runs (about 1.4 ms of CPU less a page): the entry
then carries the headers those middleware added when the page was first served the long
way to such a request, so both answers are the same, header for header. A request with a
session cookie always goes the long way (a signed-in person may owe a second factor, and
the session's "last seen" is kept).
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
from dienhinh.core.middleware import language_for
from dienhinh.orgs.domain import UNIT_GENERATION
from dienhinh.plans.changes import PLAN_GENERATION
from dienhinh.portal.hooks import story_viewed

GENERATION = "portal"
# Answers worth keeping: pages, the 301 of an old slug, the 410 of a story gone.
_CACHED_STATUS = {200, 301, 410}
_KEPT_HEADERS = ("Content-Type", "Location", "Content-Language", "X-Robots-Tag")
# Headers of each answer of its own (the length of a 304 is 0), never from those captured.
_OWN_HEADERS = {"content-length", "set-cookie"}
ERROR_LAYOUT = "portal/base.html"


def invalidate(story_id: int | None = None) -> None:
    """Make every cached portal page stale (``story_id`` is not needed: lists change too)."""
    generations.bump(GENERATION)


def _key(request, language: str) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    tokens = generations.current_many(GENERATION, UNIT_GENERATION, PLAN_GENERATION)
    return f"portal:page:{tokens}:{language}:{address}"


def _validators(content: bytes) -> tuple[str, float]:
    return f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"', time.time()


def _respond(request, entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"].items():
        response[name] = value
    return _finish(request, response, entry["etag"], entry["modified"], entry.get("reading"))


def _finish(request, response, etag: str, modified: float, reading: int | None):
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
        if reading is not None:
            # A reading of the story (not a 304 of a browser checking its copy).
            for _name, hook in story_viewed:
                hook(request, reading)
    return response


def counts_as_reading(response, story_id: int):
    """Mark ``response`` (a story page) as a reading of ``story_id``: the story_viewed
    hooks run each time it is served, from the cache too."""
    response.portal_reading = story_id
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
        key = _key(request, get_language()) if seconds else None
        entry = cache.get(key) if key else None
        if entry is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response = response.render()  # the sitemap view's TemplateResponse
            if response.status_code not in _CACHED_STATUS or response.streaming:
                return response
            reading = getattr(response, "portal_reading", None)
            etag, modified = _validators(response.content)
            if not key or getattr(request, "_csp_nonce", None):
                # Not kept: caching is off, or the page holds this request's nonce.
                return _finish(request, response, etag, modified, reading)
            entry = {
                "status": response.status_code,
                "content": response.content,
                "headers": {h: response[h] for h in _KEPT_HEADERS if h in response},
                "etag": etag,
                "modified": modified,
                "reading": reading,
            }
            cache.set(key, entry, seconds)
        response = _respond(request, entry)
        if "outer" not in entry:
            # For EarlyPageMiddleware: the entry, and the headers as they leave here, so that
            # it keeps what the rest of the stack adds.
            response.portal_entry = (key, entry, seconds, dict(response.headers))
        return response

    return wrapped


class EarlyPageMiddleware:
    """Answers a cached portal page to a request without a session cookie before the rest
    of the middleware stack (see the module's docstring). Placed after the security,
    permissions-policy and static-file middleware, which add their headers to its answers
    as to any other; ALLOWED_HOSTS is checked as CommonMiddleware would."""

    def __init__(self, get_response):
        self.get_response = get_response

    def _eligible(self, request) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and bool(settings.PORTAL_CACHE_SECONDS)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            # /healthz: the health check says what it found, cache or not (core.views).
            and not request.path.startswith(("/api/", "/static/", "/healthz"))
        )

    def __call__(self, request):
        eligible = self._eligible(request)
        if eligible:
            request.get_host()  # DisallowedHost (400) for a host the site does not answer to
            entry = cache.get(_key(request, language_for(request)))
            if entry is not None and "outer" in entry:
                return self._serve(request, entry)
        response = self.get_response(request)
        kept = getattr(response, "portal_entry", None)
        if eligible and kept and not response.cookies:
            key, entry, seconds, inner = kept
            if response.status_code == entry["status"]:  # the page itself, not a 304
                outer = {
                    name: value
                    for name, value in response.items()
                    if inner.get(name) != value and name.lower() not in _OWN_HEADERS
                }
                cache.set(key, {**entry, "outer": outer}, seconds)
        return response

    def _serve(self, request, entry: dict) -> HttpResponse:
        response = _respond(request, entry)
        for name, value in entry["outer"].items():
            response.headers.setdefault(name, value)
        # As CommonMiddleware would (0 for a 304).
        response.headers.setdefault("Content-Length", str(len(response.content)))
        return response
