"""Requests refused before any view reads them (RequestLimitsMiddleware).

Forms, API schemas and imports clean every field they read (core.text.clean_text); what no
form or schema sees is refused here, before the database or the body parser does worse:

- NUL in the address: a ``<str:code>`` path parameter went straight into a lookup, and
  PostgreSQL answers "text fields cannot contain NUL" with a 500. The same for the query
  string of a page (views read ``next`` or ``tab`` without a form). The API's query
  parameters are left to its schemas, which name the parameter in a 422.
- An address longer than MAX_URL_LENGTH: 414. (gunicorn.conf.py stops longer request lines
  still, in the same JSON shape: core/server.py.)
- A body larger than its route accepts, from its Content-Length, before a byte is read: 413.
  A 2 GB upload is refused at once instead of filling the disk's temporary folder. Bodies
  other than file uploads may be DATA_UPLOAD_MAX_MEMORY_SIZE; uploads (multipart) the
  route's entry of REQUEST_BODY_LIMITS, else UPLOAD_REQUEST_MAX_BYTES. A Content-Length
  that is not a number is a 400; a body sent without one (chunked) a 411, since its size
  could only be learnt by reading it.

The API (under /api/) answers in its JSON error shape, pages with the site's error page.
"""

from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from dienhinh.core import errors
from dienhinh.core.text import UnsafeText

API_PREFIX = "/api/"
_CODES = {400: "bad_request", 411: "length_required", 413: "too_large", 414: "uri_too_long"}


def error_json(status: int, code: str, message: str, details=None) -> JsonResponse:
    """The API's error shape (api.errors.error_body) for answers made outside ninja."""
    return JsonResponse(
        {"error": {"code": code, "message": str(message), "details": details or []}},
        status=status,
    )


def _has_nul(request, *, query: bool) -> bool:
    if "\x00" in request.path_info:
        return True
    raw = request.META.get("QUERY_STRING", "")
    return query and ("\x00" in raw or "\x00" in unquote(raw))


def body_limit(request) -> int:
    """The largest body this request's route accepts."""
    content_type = request.META.get("CONTENT_TYPE", "")
    if not content_type.startswith("multipart/"):
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return settings.REQUEST_BODY_LIMITS.get(match.view_name, settings.UPLOAD_REQUEST_MAX_BYTES)


def _refusal(request) -> tuple[int, str] | None:
    """(status, message) when the request must be refused, else None."""
    is_api = request.path_info.startswith(API_PREFIX)
    if _has_nul(request, query=not is_api):
        return 400, UnsafeText("\x00").message
    length = len(request.META.get("PATH_INFO", "")) + len(request.META.get("QUERY_STRING", ""))
    if length > settings.MAX_URL_LENGTH:
        return 414, _("The address is too long. Use the search or the filters instead.")
    declared = request.META.get("CONTENT_LENGTH") or ""
    chunked = request.META.get("HTTP_TRANSFER_ENCODING", "").lower().strip() == "chunked"
    if chunked and not declared:
        return 411, _("Send the size of the body (Content-Length) with the request.")
    if not declared:
        return None
    if not declared.isdigit():
        return 400, _("The size of the body (Content-Length) is not a number.")
    if int(declared) > body_limit(request):
        return 413, _(
            "What was sent is larger than this site accepts (at most %(mb)s MB here). Send "
            "smaller files, or fewer at a time."
        ) % {"mb": max(1, body_limit(request) // (1024 * 1024))}
    return None


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = _refusal(request)
        if refused is None:
            return self.get_response(request)
        status, message = refused
        if request.path_info.startswith(API_PREFIX):
            return error_json(status, _CODES[status], message)
        if status == 413:
            return errors.bad_request(request, RequestDataTooBig(message), message=message)
        return errors.refused(request, status, message=message)
