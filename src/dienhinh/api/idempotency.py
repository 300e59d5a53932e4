"""``Idempotency-Key`` on every API write (draft-ietf-httpapi-idempotency-key-header).

``install(api)`` adds one decorator to the whole API, so a router cannot forget it: every
POST, PUT, PATCH and DELETE operation not in ``EXEMPT`` accepts the header (and documents it
in the OpenAPI). Without the header nothing changes. With it:

- the key is the caller's (a token's or a session's person), per method and route, for 24 h;
- the first request runs inside one transaction that also keeps its answer, so the writes and
  the kept answer are committed together;
- a retry with the same key and the same request (method, address and body; uploads by their
  fields and the files' names, types and contents, since a client picks a new multipart
  boundary each time) gets the kept answer with ``Idempotent-Replayed: true``;
- the same key with another request: 422; while the first request still runs: 409;
- a 5xx is not kept (its writes are rolled back and a retry runs again), a 4xx is;
- a key that is empty, longer than 255 characters or not printable ASCII: 400.
"""

import contextlib
import functools
import hashlib
import json

from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _

from dienhinh.api.errors import error_body
from dienhinh.core import idempotency
from dienhinh.core.idempotency import Outcome

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Headers of an answer worth giving again; the rest (dates, cookies, CSP) are the replay's own.
KEPT_HEADERS = ("Content-Type", "Location", "Retry-After", "Content-Disposition")

# Write operations (by view function) that do not take a key, and why. The test of the API's
# operations fails for any other write without the header.
EXEMPT = {
    "dienhinh.api.routers.auth.obtain_token": (
        "a login: there is no person yet to keep the key for, and its answer holds a new "
        "token's secret, which the database keeps only hashed"
    ),
    "dienhinh.api.routers.tokens.create_token": (
        "its answer holds the new token's secret, which the database keeps only hashed; a "
        "retry makes another token, which the caller can list and revoke"
    ),
    "dienhinh.api.api.unknown_endpoint": "answers 404 to every address no route matched",
}

PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": (
        "Optional. A unique value per intended change (a UUID, say). A retry with the same key "
        "and the same request within 24 hours gets the first answer again, with "
        f"`{REPLAYED}: true`, and changes nothing twice; the same key with another request "
        "answers 422, and while the first request still runs 409."
    ),
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_KEY_LENGTH,
        "pattern": "^[\\x20-\\x7e]+$",
    },
}
_ERROR_SCHEMA = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
RESPONSES = {
    400: {"description": "Bad Request", "content": _ERROR_SCHEMA},
    409: {"description": "Conflict", "content": _ERROR_SCHEMA},
    422: {"description": "Unprocessable Content", "content": _ERROR_SCHEMA},
}


def view_name(operation) -> str:
    func = operation.view_func
    return f"{func.__module__}.{func.__name__}"


def is_covered(operation) -> bool:
    """Whether ``operation`` takes an Idempotency-Key (the test walks every operation)."""
    return getattr(operation, "idempotent", False)


def install(api) -> None:
    """Apply the Idempotency-Key to every write operation of ``api`` (call before its URLs
    are built: ninja applies the decorator when it binds the routers)."""
    api.add_decorator(_idempotent, mode="view")


def _idempotent(run):
    operation = run.__self__
    if not METHODS.intersection(operation.methods) or view_name(operation) in EXEMPT:
        return run
    operation.idempotent = True
    extra = dict(operation.openapi_extra or {})
    extra["parameters"] = [*extra.get("parameters", []), PARAMETER]
    extra["responses"] = {**RESPONSES, **extra.get("responses", {})}
    operation.openapi_extra = extra

    checks = operation._run_checks

    def run_checks_once(request):
        # The wrapper below authenticates before it claims the key (the key is the
        # person's); ninja's run must not do it a second time.
        if getattr(request, "_idempotency_checked", False):
            return None
        return checks(request)

    operation._run_checks = run_checks_once

    @functools.wraps(run)
    def run_once(request, **kwargs):
        raw = request.headers.get(HEADER)
        if raw is None or request.method not in METHODS:
            return run(request, **kwargs)
        refused = operation._run_checks(request)
        if refused is not None:
            return refused
        request._idempotency_checked = True
        if getattr(request.auth, "pk", None) is None:
            return run(request, **kwargs)  # nobody to keep the key for
        key = _key(raw)
        if key is None:
            return _error(
                operation,
                request,
                400,
                "invalid_idempotency_key",
                _("The Idempotency-Key header must be 1 to 255 printable ASCII characters."),
            )
        claimed = idempotency.claim(
            owner=request.auth,
            key=key,
            method=request.method,
            route=_route(request),
            fingerprint=fingerprint(request),
        )
        if claimed.outcome is Outcome.REPLAY:
            return _replay(claimed.record)
        if claimed.outcome is Outcome.MISMATCH:
            return _error(
                operation,
                request,
                422,
                "idempotency_key_reused",
                _("This Idempotency-Key was already used for another request."),
            )
        if claimed.outcome is Outcome.RUNNING:
            response = _error(
                operation,
                request,
                409,
                "idempotency_key_in_use",
                _("A request with this Idempotency-Key is still being processed; retry later."),
            )
            response["Retry-After"] = "1"
            return response
        return _run_and_keep(run, request, kwargs, claimed.record)

    return run_once


def _run_and_keep(run, request, kwargs, record):
    failed = True
    try:
        with transaction.atomic():
            response = run(request, **kwargs)
            if response.status_code >= 500 or response.streaming:
                # Not kept: a retry must run again, so nothing of this one may stay.
                transaction.set_rollback(response.status_code >= 500)
            else:
                headers = {h: response[h] for h in KEPT_HEADERS if response.has_header(h)}
                idempotency.complete(
                    record, status=response.status_code, headers=headers, body=response.content
                )
                failed = False
    finally:
        if failed:
            idempotency.release(record)
    return response


def _key(raw: str) -> str | None:
    # The draft sends the key as a structured-field string ("..."); plain values work too.
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        raw = raw[1:-1]
    if not 1 <= len(raw) <= MAX_KEY_LENGTH or not all(" " <= c <= "~" for c in raw):
        return None
    return raw


def _route(request) -> str:
    match = request.resolver_match
    return (match.route if match else request.path)[:255]


def fingerprint(request) -> str:
    """SHA-256 of what makes two requests the same one: method, address with its query, and
    the body (JSON regardless of key order and spacing; multipart by its fields and files)."""
    digest = hashlib.sha256()
    for part in (request.method, request.get_full_path()):
        digest.update(part.encode() + b"\0")
    if request.content_type == "multipart/form-data":
        for name, values in sorted(request.POST.lists()):
            digest.update(json.dumps([name, values], ensure_ascii=False).encode())
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(json.dumps([name, upload.name, upload.content_type]).encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
        return digest.hexdigest()
    body = request.body
    with contextlib.suppress(ValueError):  # not JSON: the bytes as sent
        body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    digest.update(body)
    return digest.hexdigest()


def _replay(record) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status)
    for header, value in record.headers.items():
        response[header] = value
    response[REPLAYED] = "true"
    return response


def _error(operation, request, status: int, code: str, message: str) -> HttpResponse:
    return operation.api.create_response(request, error_body(code, message), status=status)
