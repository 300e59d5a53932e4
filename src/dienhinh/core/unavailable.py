"""The database, or the shared cache, cannot be reached: answer 503 with Retry-After, never
a 500 page.

While PostgreSQL restarts (or a network blip, or SQLite's writer lock held too long) the
driver raises OperationalError / InterfaceError: "connection refused", "server closed the
connection unexpectedly", "terminating connection due to administrator command". Nothing of
the request was committed (a transaction that fails to commit is rolled back by the
server), so the client is told to try again later, in the API's JSON error shape under
/api/ and with a small page elsewhere.

Two places catch it. The middleware's ``process_exception`` sees what a view raised; what a
middleware raised (the session or the user lookup of AuthenticationMiddleware) reaches
handler500 (core.errors.server_error), which asks ``answer_for_exception`` first. The page
is rendered without the request: no session, no user, no context processor, since each of
them would ask the database again. Django drops the broken connection at the end of the
request (its error flag), and CONN_HEALTH_CHECKS makes the next request check a kept one
before use, so the first request after the restart is served normally.

The shared cache is Redis where several servers run (settings: CACHE_BACKEND): Django's
RedisCache raises redis's ConnectionError or TimeoutError when Redis is away, from the
portal's early page lookup, the generation tokens, the menu counts. The page cannot be
served rightly without it (the tokens say what is stale), and a write bumps its tokens
before its commit (core.generations.bump_now_and_on_commit), so a write that met the error
there committed nothing: the same 503 holds.
"""

import logging

import redis
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger("dienhinh.unavailable")

RETRY_AFTER_SECONDS = 5
_API_PREFIX = "/api/"


# SQLite's "busy" and "locked" (the writer lock held too long); every other SQLite
# OperationalError ("no such table", a syntax error) is a bug and stays a 500.
_SQLITE_TRANSIENT = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED (primary codes)
# PostgreSQL's connection exceptions (class 08) and shutdowns: admin, crash, cannot connect
# now. A statement timeout (57014) or a serialization failure is not "unavailable".
_PG_UNREACHABLE_PREFIXES = ("08", "57P01", "57P02", "57P03")


# Redis away: refused, reset, timed out, still loading its data after a restart.
CACHE_UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)


def is_unavailable(exc: BaseException | None) -> bool:
    """True for the database and cache errors that mean "cannot reach it now", following
    the chain (a template or a library may wrap the driver's error in its own)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, (InterfaceError, *CACHE_UNREACHABLE)):
            return True
        if isinstance(exc, OperationalError):
            return _driver_says_unreachable(exc.__cause__)
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _driver_says_unreachable(driver_error: BaseException | None) -> bool:
    code = getattr(driver_error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _SQLITE_TRANSIENT
    if hasattr(driver_error, "sqlstate"):
        # psycopg: a lost or refused connection has no SQLSTATE from a server.
        state = driver_error.sqlstate
        return state is None or state.startswith(_PG_UNREACHABLE_PREFIXES)
    return True  # raised without a driver's error: nothing says it is a bug


def unavailable_response(request) -> HttpResponse:
    message = _(
        "The service is briefly unavailable and nothing was saved by this request. "
        "Try again in a few seconds."
    )
    if request.path_info.startswith(_API_PREFIX):
        response = JsonResponse(
            {"error": {"code": "unavailable", "message": str(message), "details": []}},
            status=503,
        )
    else:
        body = loader.render_to_string(
            "errors/500.html",
            {"status": 503, "title": _("The service is briefly unavailable"), "message": message},
        )
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def answer_for_exception(request, exc: BaseException | None) -> HttpResponse | None:
    if not is_unavailable(exc):
        return None
    logger.warning("unavailable on %s %s: %s", request.method, request.path, exc)
    return unavailable_response(request)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return answer_for_exception(request, exception)
