"""The owner's way out of a lockout: a signed, expiring link emailed to the account that
clears its login throttles from every address."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from dienhinh.accounts import throttle
from dienhinh.accounts.models import User
from dienhinh.accounts.security import AUTH_UNLOCK, record_event

_SALT = "dienhinh.accounts.unlock"


def unlock_url(user: User) -> str:
    """An absolute link for ``user`` that works for UNLOCK_LINK_MAX_AGE seconds."""
    token = signing.dumps({"u": user.pk, "e": user.email}, salt=_SALT, compress=True)
    return f"{settings.SITE_URL}{reverse('login_unlock', kwargs={'token': token})}"


def user_of_token(token: str) -> User | None:
    """The active account the link was made for; None when it is forged, expired, or the
    account's email has changed since."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=settings.UNLOCK_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or user.email != data.get("e"):
        return None
    return user


def unlock(user: User) -> None:
    """Clear ``user``'s login throttles from every address.

    Side effects: deletes the pair counters; one "auth.unlock" audit entry.
    """
    throttle.unlock_account(user.email)
    record_event(AUTH_UNLOCK, actor=user, target=user)
