"""The answers of faults in the OpenAPI: 503 and 507, documented on the operations in one
place, as ``idempotency.install`` documents its header.

- 503 ``unavailable``: the database cannot be reached (core/unavailable.py, answered by the
  middleware before or after any view); any operation can meet it, so every one lists it,
  with its ``Retry-After``.
- 507 ``insufficient_storage``: the disk filled up while a file was stored
  (core/storage.py). Only an operation that writes can store anything, so the write
  operations (POST, PUT, PATCH, DELETE) list it; a GET stores nothing and never answers it.
"""

import inspect

from dienhinh.core.unavailable import RETRY_AFTER_SECONDS

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
UNAVAILABLE = {
    "description": (
        "Service Unavailable: the database cannot be reached for a moment; nothing of the "
        f"request was saved. Retry after the seconds of `Retry-After` ({RETRY_AFTER_SECONDS})."
    ),
    "headers": {
        "Retry-After": {
            "description": "Seconds to wait before retrying.",
            "schema": {"type": "integer", "minimum": 0},
        }
    },
    "content": _ERROR,
}
INSUFFICIENT_STORAGE = {
    "description": (
        "Insufficient Storage: the server has no room left to store a file; nothing was saved."
    ),
    "content": _ERROR,
}


def install(api) -> None:
    """Document 503 on every operation of ``api`` and 507 on its writes (call before its
    URLs are built: ninja applies view decorators when it binds the routers)."""
    api.add_decorator(_document_faults, mode="view")


def responses_for(methods) -> dict:
    responses = {503: UNAVAILABLE}
    if WRITE_METHODS.intersection(methods):
        responses[507] = INSUFFICIENT_STORAGE
    return responses


def _document_faults(run):
    # ``run`` is the operation's bound method, or another view decorator's wrapper of it.
    bound = inspect.unwrap(run, stop=lambda f: hasattr(f, "__self__"))
    operation = bound.__self__
    extra = dict(operation.openapi_extra or {})
    # An operation's own declaration of these statuses wins.
    extra["responses"] = {**responses_for(operation.methods), **extra.get("responses", {})}
    operation.openapi_extra = extra
    return run
