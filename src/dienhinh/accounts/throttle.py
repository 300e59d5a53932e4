"""Throttling of failed logins, per account and per client address.

Failures are rows in the database so that every web process and worker sees the same count
(an in-process cache would give each gunicorn worker its own allowance).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from dienhinh.accounts.models import FailedLogin
from dienhinh.core.context import client_address as core_client_address


def client_address(request) -> str:
    """The client's address (see core.context.client_address); "unknown" when there is none."""
    return core_client_address(request) or "unknown"


def _keys(email: str, address: str) -> list[tuple[str, int]]:
    return [
        (f"account:{(email or '').strip().lower()}", settings.LOGIN_THROTTLE_PER_ACCOUNT),
        (f"address:{address}", settings.LOGIN_THROTTLE_PER_ADDRESS),
    ]


def retry_after(email: str, address: str) -> int:
    """Seconds until another attempt is allowed; 0 when the caller may try now."""
    window = timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW)
    now = timezone.now()
    wait = 0
    for key, limit in _keys(email, address):
        times = list(
            FailedLogin.objects.filter(key=key, at__gte=now - window)
            .order_by("-at")
            .values_list("at", flat=True)[:limit]
        )
        if len(times) >= limit:
            wait = max(wait, int((times[-1] + window - now).total_seconds()) + 1)
    return wait


def record_failure(email: str, address: str) -> None:
    now = timezone.now()
    FailedLogin.objects.bulk_create(
        [FailedLogin(key=key, at=now) for key, _ in _keys(email, address)]
    )
    # Old rows are useless: drop them here rather than needing a cron job.
    FailedLogin.objects.filter(
        at__lt=now - timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW)
    ).delete()


def clear_account(email: str) -> None:
    FailedLogin.objects.filter(key=f"account:{(email or '').strip().lower()}").delete()
