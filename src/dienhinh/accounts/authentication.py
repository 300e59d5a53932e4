"""Password and second-factor checks with throttling and security events, shared by the
login pages and the API's token endpoint."""

from dataclasses import dataclass

from django.contrib.auth import authenticate
from django.db import transaction
from django.utils.formats import time_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from dienhinh.accounts import second_factor, throttle
from dienhinh.accounts.models import User
from dienhinh.accounts.security import (
    AUTH_LOCKOUT,
    AUTH_LOGIN,
    AUTH_LOGIN_FAILED,
    record_event,
)
from dienhinh.accounts.tasks import send_unlock_email
from dienhinh.core.text import nfc


@dataclass
class LoginResult:
    user: object | None
    error: str = ""
    retry_after: int = 0
    method: str = ""  # "totp" or "recovery" after a second factor


def throttled_message(attempt: throttle.Attempt) -> str:
    """What a refused attempt is told: the address made too many tries, and when to try
    again. The same words whether the account exists or not."""
    text = _("Too many login attempts were made from this address. Try again after %(time)s.") % {
        "time": time_format(localtime(attempt.refused.retry_at), "H:i")
    }
    if attempt.by_pair:
        text += " " + _(
            "If this is your account, the email we have sent to it has a link to unlock it."
        )
    return text


def _failed(attempt: throttle.Attempt, *, step: str) -> None:
    """Record a failed attempt; when it used up the pair's last try, the lockout too, and
    email the account's owner a link to unlock it."""
    user = User.objects.filter(email=attempt.email).first()
    extra = {"email": attempt.email[:254], "step": step}
    record_event(AUTH_LOGIN_FAILED, actor=None, target=user, extra=extra)
    if not attempt.locks_now:
        return
    record_event(AUTH_LOCKOUT, actor=None, target=user, extra={"email": attempt.email[:254]})
    if user is not None and user.is_active:
        window = int(attempt.pair.retry_at.timestamp())
        transaction.on_commit(lambda: send_unlock_email.enqueue(user.pk, window))


def login_with_password(request, *, email: str, password: str) -> LoginResult:
    """Check ``email``/``password`` unless the pair or the address is throttled.

    Side effects: takes a throttle pass (given back on success); on failure an
    "auth.login_failed" entry, and at the lockout an "auth.lockout" entry and the unlock email.
    """
    email = nfc(email).lower()
    attempt = throttle.begin(email, throttle.client_address(request))
    if not attempt.allowed:
        return LoginResult(None, throttled_message(attempt), attempt.refused.wait)
    user = authenticate(request, email=email, password=password)
    if user is None:
        _failed(attempt, step="password")
        return LoginResult(None, _("The email or password is not correct."))
    throttle.succeeded(attempt)
    return LoginResult(user)


def check_second_factor(request, user, code: str) -> LoginResult:
    """Check the code from ``user``'s authenticator app (or a recovery code), throttled on
    the same keys as the password.

    Side effects: as login_with_password, and those of second_factor.check_code.
    """
    attempt = throttle.begin(user.email, throttle.client_address(request))
    if not attempt.allowed:
        return LoginResult(None, throttled_message(attempt), attempt.refused.wait)
    method = second_factor.check_code(user, code)
    if method is None:
        _failed(attempt, step="code")
        return LoginResult(None, _("The code is not correct, or it was used already."))
    throttle.succeeded(attempt)
    return LoginResult(user, method=method)


def record_login(user, *, method: str) -> None:
    """The "auth.login" entry of a completed login (``method``: password, totp, recovery)."""
    record_event(AUTH_LOGIN, actor=user, target=user, extra={"method": method})
