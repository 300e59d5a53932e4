"""What the production server (gunicorn, configured by gunicorn.conf.py) answers itself.

gunicorn refuses some requests before Django sees them: a request line over
``limit_request_line`` (414), too many or too large headers (431), a malformed request
(400). Its own answers are small HTML pages in English; clients of the API expect the one
JSON error shape (api/errors.py). ``install_json_errors`` replaces gunicorn's writer of those
answers, in the default language of the site (the request could not be read, so neither its
language nor its path is known).
"""

import json

_CODES = {
    400: "bad_request",
    403: "forbidden",
    414: "uri_too_long",
    417: "expectation_failed",
    431: "headers_too_large",
    500: "error",
    501: "not_implemented",
}


def _message(status: int, reason: str) -> str:
    try:
        from django.conf import settings
        from django.utils import translation
        from django.utils.translation import gettext as _

        with translation.override(settings.LANGUAGE_CODE):
            messages = {
                414: _("The address is too long. Use the search or the filters instead."),
                431: _("The request's headers are too large."),
                # The application failed before any answer (Django's own 500 handler too).
                500: _("Something went wrong on our side"),
            }
            return str(messages.get(status) or _("The request was not understood."))
    except Exception:  # Django not loaded in this process: gunicorn's reason, in English
        return reason


def error_response(status: int, reason: str) -> bytes:
    """The whole HTTP answer gunicorn writes for a request it refused."""
    body = json.dumps(
        {
            "error": {
                "code": _CODES.get(status, "error"),
                "message": _message(status, reason),
                "details": [],
            }
        },
    ).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


def install_json_errors() -> None:
    """Make gunicorn's workers answer their own refusals in the API's JSON shape."""
    from gunicorn import util

    def write_error(sock, status_int, reason, mesg):
        util.write_nonblock(sock, error_response(int(status_int), reason))

    util.write_error = write_error
