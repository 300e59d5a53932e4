"""Password authentication with throttling, shared by the login page and the API."""

from dataclasses import dataclass

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dienhinh.accounts import throttle
from dienhinh.core.text import nfc


@dataclass
class LoginResult:
    user: object | None
    error: str = ""
    retry_after: int = 0


def throttled_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return ngettext(
        "Too many failed logins. Try again in %(minutes)d minute.",
        "Too many failed logins. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def login_with_password(request, *, email: str, password: str) -> LoginResult:
    """Check ``email``/``password`` unless the account or the address is throttled.

    Side effects: records a failed attempt, or clears the account's failures on success.
    """
    email = nfc(email).lower()
    address = throttle.client_address(request)
    wait = throttle.retry_after(email, address)
    if wait:
        return LoginResult(None, throttled_message(wait), wait)
    user = authenticate(request, email=email, password=password)
    if user is None:
        throttle.record_failure(email, address)
        return LoginResult(None, _("The email or password is not correct."))
    throttle.clear_account(email)
    return LoginResult(user)
