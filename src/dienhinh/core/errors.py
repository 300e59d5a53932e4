"""Error pages in the site's layout and the chosen language: 400, 403, 404, 413, 429, CSRF
failure and 500.

Django's own handlers answer bare English pages ("Not Found", "Bad Request (400)"). These
answer the site's layout, translated; the 500 page is rendered from a template that needs
no database, no session and no user (whatever broke may be the database). The public portal
reuses the same templates through its own layout block.
"""

import sys

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from dienhinh.core.unavailable import answer_for_exception


def _page(request, status: int, *, title: str, message: str, template: str = "errors/error.html"):
    # The portal's pages set ``request.error_layout`` (portal.caching): their errors keep
    # the portal's layout; every other page the site's.
    layout = getattr(request, "error_layout", None) or "base.html"
    context = {"status": status, "title": title, "message": message, "layout": layout}
    body = loader.render_to_string(template, context, request=request)
    return HttpResponse(body, status=status)


@requires_csrf_token
def bad_request(request, exception=None, *, message=None):
    """handler400; ``message`` says what was wrong when the site itself refused the request
    (core.limits)."""
    if isinstance(exception, RequestDataTooBig):
        return _page(
            request,
            413,
            title=_("The upload is too large"),
            message=message
            or _(
                "What was sent is larger than this site accepts. Send smaller files, or fewer "
                "at a time."
            ),
        )
    return _page(
        request,
        400,
        title=_("The request was not understood"),
        message=message
        or _("The address or the form sent was not complete or not valid. Go back and try again."),
    )


@requires_csrf_token
def refused(request, status: int, *, message: str):
    """A request the site refused before any view read it (core.limits): 400, 411, 414."""
    titles = {
        411: _("The size of what was sent is missing"),
        414: _("The address is too long"),
    }
    return _page(
        request,
        status,
        title=titles.get(status, _("The request was not understood")),
        message=message,
    )


@requires_csrf_token
def permission_denied(request, exception=None):
    return _page(
        request,
        403,
        title=_("You may not do this"),
        message=_(
            "Your roles do not allow this action. If you think they should, ask the "
            "administrator of your union."
        ),
    )


@requires_csrf_token
def page_not_found(request, exception=None):
    return _page(
        request,
        404,
        title=_("Page not found"),
        message=_(
            "There is no page at this address, or it is not in your part of the union. "
            "Check the address, or start again from the home page."
        ),
    )


def too_many_requests(request, *, retry_after: int | None = None):
    """A 429 page with Retry-After, for views that throttle."""
    response = _page(
        request,
        429,
        title=_("Too many attempts"),
        message=_("Too many requests came from here in a short time. Wait a moment and try again."),
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: most often a form left open too long, or cookies refused."""
    return _page(
        request,
        403,
        title=_("The form has expired"),
        message=_(
            "The page was open for too long or your browser refused the site's cookie, so the "
            "form could not be accepted. Reload the page and send it again; if it keeps "
            "happening, allow cookies for this site."
        ),
    )


def server_error(request):
    """The 500 page: no request context (no session, user or database is touched). A
    database that cannot be reached, raised by a middleware (the session, the user), is a
    503 with Retry-After instead (core.unavailable)."""
    unavailable = answer_for_exception(request, sys.exc_info()[1])
    if unavailable is not None:
        return unavailable
    body = loader.render_to_string(
        "errors/500.html",
        {
            "status": 500,
            "title": _("Something went wrong on our side"),
            "message": _(
                "The error has been recorded. Nothing you typed was saved by this attempt: go "
                "back and try again in a moment."
            ),
        },
    )
    return HttpResponse(body, status=500)
