"""The session side of logging in: the step between the password and the code, the
"second factor done" mark, and what every signed-in request checks (AccountSecurityMiddleware
for pages, the API's session authentication for the API).

A session's state is kept in the session itself, so that the check costs no query once it
has been made: "verified" after a code, "none" for someone who has no device and needs none
(looked at again on every request only through their roles, which pages load anyway).
Turning two-factor authentication on ends the person's other sessions, so a "none" never
outlives the device it did not know about.
"""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login

from dienhinh.accounts import second_factor, sessions
from dienhinh.accounts.authentication import record_login

STATE_KEY = "dienhinh_second_factor"
PENDING_KEY = "dienhinh_pending_login"
VERIFIED = "verified"
NOT_NEEDED = "none"


def start_pending_login(request, user, *, next_url: str) -> None:
    """The password was right and ``user`` has a device: remember them, not logged in, until
    the code is given (for LOGIN_CODE_TIMEOUT seconds)."""
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "at": int(time.time()),
        "next": next_url,
    }


def pending_login(request) -> tuple[object | None, str]:
    """The person waiting to give their code and where they were going; (None, "") when
    there is none or it is too old."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None, ""
    if int(time.time()) - int(pending.get("at", 0)) > settings.LOGIN_CODE_TIMEOUT:
        request.session.pop(PENDING_KEY, None)
        return None, ""
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    if user is not None:
        user.backend = pending.get("backend")
    return user, str(pending.get("next") or "")


def mark_verified(request) -> None:
    request.session[STATE_KEY] = VERIFIED


def is_verified(request) -> bool:
    """Whether this session gave a second factor."""
    return request.session.get(STATE_KEY) == VERIFIED


def finish_login(request, user, *, method: str) -> None:
    """Log ``user`` in (unless the session already is theirs), after ``method`` ("password",
    "totp" or "recovery").

    Side effects: Django's login (a new session key), the session's record, and the
    "auth.login" audit entry.
    """
    request.session.pop(PENDING_KEY, None)
    if not request.user.is_authenticated or request.user.pk != user.pk:
        auth_login(request, user, backend=getattr(user, "backend", None))
    if method in ("totp", "recovery"):
        mark_verified(request)
    sessions.record_session(request)
    record_login(user, method=method)


def second_factor_due(request) -> str:
    """What a signed-in session still needs: "code" (the person has a device and this session
    gave no code), "setup" (their roles require a device they do not have), or ""."""
    user = request.user
    if not user.is_authenticated:
        return ""
    state = request.session.get(STATE_KEY)
    if state == VERIFIED:
        return ""
    if state == NOT_NEEDED and not second_factor.requires_second_factor(user):
        return ""
    if second_factor.has_device(user):
        return "code"
    if second_factor.requires_second_factor(user):
        return "setup"
    request.session[STATE_KEY] = NOT_NEEDED
    return ""
