"""One JSON shape for every API error: {"error": {"code", "message", "details"}}."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from dienhinh.core.storage import StorageFull
from dienhinh.nominations.workflow import TransitionConflict


class ApiError(Exception):
    """An error an endpoint answers on purpose, optionally with extra response headers."""

    def __init__(self, status: int, code: str, message: str, details=None, headers=None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details
        self.headers = headers or {}


def error_body(code: str, message: str, details=None) -> dict:
    return {"error": {"code": code, "message": str(message), "details": details or []}}


def validation_details(exc: ValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": None if field == NON_FIELD_ERRORS else field, "message": str(message)}
            for field, errors in exc.message_dict.items()
            for message in errors
        ]
    return [{"field": None, "message": str(message)} for message in exc.messages]


def _field_name(loc) -> str | None:
    """The field a schema error is about: ("body", "payload", "email") gives "email"."""
    parts = [str(part) for part in loc[1:]]
    if loc and loc[0] == "body" and len(parts) > 1:
        parts = parts[1:]  # the name of the view's body parameter means nothing to a client
    return ".".join(parts) or None


# pydantic's messages are English only; these are the ones a client meets, by error type,
# in the caller's language. ``ctx`` holds the limits ("max_length", "ge", "expected", ...).
_SCHEMA_MESSAGES = {
    "missing": lambda ctx: _("This field is required."),
    "string_type": lambda ctx: _("Enter text."),
    "string_too_short": lambda ctx: (
        _("Use at least %(min)s characters.") % {"min": ctx.get("min_length")}
    ),
    "string_too_long": lambda ctx: (
        _("Use at most %(max)s characters.") % {"max": ctx.get("max_length")}
    ),
    "string_pattern_mismatch": lambda ctx: _("This value does not have the expected form."),
    "int_type": lambda ctx: _("Enter a whole number."),
    "int_parsing": lambda ctx: _("Enter a whole number."),
    "int_from_float": lambda ctx: _("Enter a whole number."),
    "float_type": lambda ctx: _("Enter a number."),
    "float_parsing": lambda ctx: _("Enter a number."),
    "decimal_type": lambda ctx: _("Enter a number."),
    "decimal_parsing": lambda ctx: _("Enter a number."),
    "decimal_max_digits": lambda ctx: (
        _("Use at most %(max)s digits.") % {"max": ctx.get("max_digits")}
    ),
    "decimal_max_places": lambda ctx: (
        _("Use at most %(max)s decimal places.") % {"max": ctx.get("decimal_places")}
    ),
    "greater_than": lambda ctx: (
        _("Enter a value greater than %(limit)s.") % {"limit": ctx.get("gt")}
    ),
    "greater_than_equal": lambda ctx: (
        _("Enter a value of at least %(limit)s.") % {"limit": ctx.get("ge")}
    ),
    "less_than": lambda ctx: _("Enter a value less than %(limit)s.") % {"limit": ctx.get("lt")},
    "less_than_equal": lambda ctx: (
        _("Enter a value of at most %(limit)s.") % {"limit": ctx.get("le")}
    ),
    "bool_type": lambda ctx: _("Enter true or false."),
    "bool_parsing": lambda ctx: _("Enter true or false."),
    "date_type": lambda ctx: _("Enter a date such as 2026-12-01."),
    "date_parsing": lambda ctx: _("Enter a date such as 2026-12-01."),
    "date_from_datetime_parsing": lambda ctx: _("Enter a date such as 2026-12-01."),
    "datetime_type": lambda ctx: _("Enter a date and time such as 2026-12-01T07:00:00+07:00."),
    "datetime_parsing": lambda ctx: _("Enter a date and time such as 2026-12-01T07:00:00+07:00."),
    "datetime_from_date_parsing": lambda ctx: _(
        "Enter a date and time such as 2026-12-01T07:00:00+07:00."
    ),
    "enum": lambda ctx: _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected")},
    "literal_error": lambda ctx: (
        _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected")}
    ),
    "list_type": lambda ctx: _("Send a list."),
    "too_short": lambda ctx: _("Send at least %(min)s items.") % {"min": ctx.get("min_length")},
    "too_long": lambda ctx: _("Send at most %(max)s items.") % {"max": ctx.get("max_length")},
    "dict_type": lambda ctx: _("Send an object."),
    "model_type": lambda ctx: _("Send an object."),
    "model_attributes_type": lambda ctx: _("Send an object."),
    "extra_forbidden": lambda ctx: _("This field is not expected here."),
    "json_invalid": lambda ctx: _("The body is not valid JSON."),
    "json_type": lambda ctx: _("The body is not valid JSON."),
    "email": lambda ctx: _("Enter a valid email address."),
    "value_error.email": lambda ctx: _("Enter a valid email address."),
}


def _schema_message(error: dict) -> str:
    """The message of one schema error in the caller's language: ours for refused text and
    for our validators' ValueErrors, a translated one for pydantic's common types, and
    pydantic's own (English) only for a type this table does not know."""
    kind = error.get("type")
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        # pydantic would say "Value error, <ours>"; ninja keeps the exception's text in ctx.
        return str(ctx.get("error") or error.get("msg", ""))
    translate = _SCHEMA_MESSAGES.get(kind)
    if translate is not None:
        return str(translate(ctx))
    return str(error.get("msg", ""))


def install(api) -> None:
    def respond(request, status, code, message, details=None):
        return api.create_response(request, error_body(code, message, details), status=status)

    @api.exception_handler(ApiError)
    def _api_error(request, exc: ApiError):
        response = respond(request, exc.status, exc.code, exc.message, exc.details)
        for header, value in exc.headers.items():
            response[header] = value
        return response

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return respond(request, 404, "not_found", _("Not found."))

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return respond(request, 403, "forbidden", str(exc) or _("You may not do this."))

    @api.exception_handler(TransitionConflict)
    def _conflict(request, exc: TransitionConflict):
        return respond(request, 409, "conflict", exc.messages[0])

    @api.exception_handler(ValidationError)
    def _invalid(request, exc: ValidationError):
        details = validation_details(exc)
        message = details[0]["message"] if details else _("The data is not valid.")
        return respond(request, 400, "invalid", message, details)

    @api.exception_handler(StorageFull)
    def _storage_full(request, exc: StorageFull):
        # 507 Insufficient Storage: nothing was stored (core/storage.py); retrying later helps.
        return respond(request, 507, "insufficient_storage", exc.messages[0])

    @api.exception_handler(NinjaValidationError)
    def _schema_invalid(request, exc: NinjaValidationError):
        details = [
            {"field": _field_name(e.get("loc", [])), "message": _schema_message(e)}
            for e in exc.errors
        ]
        return respond(request, 422, "invalid", _("The request data is not valid."), details)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return respond(request, 401, "unauthenticated", _("Log in or send a valid API token."))

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        codes = {
            400: "bad_request",
            401: "unauthenticated",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            429: "throttled",
        }
        message = str(exc)
        if message == "Cannot parse request body":  # django-ninja's own, English only
            message = _("The body is not valid JSON.")
        return respond(request, exc.status_code, codes.get(exc.status_code, "error"), message)
