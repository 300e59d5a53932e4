"""Counting requests against a limit in fixed time windows, shared by every process.

``take`` checks and counts in one step: the window's row is locked (``select_for_update``,
or SQLite's write lock, taken at the start of every transaction in IMMEDIATE mode) before
its count is read and raised, so that a burst of parallel requests gets exactly ``limit``
passes and no more. Callers that count an attempt before knowing whether it was a failure
(a login) give the pass back with ``give_back`` when it was not.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from dienhinh.core.models import RateCounter


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int  # seconds


@dataclass(frozen=True)
class Taken:
    """What ``take`` did: allowed (and counted as the ``count``-th in the window), or refused
    until ``retry_at``."""

    allowed: bool
    count: int
    retry_at: datetime

    @property
    def wait(self) -> int:
        """Whole seconds until another try is allowed (0 when allowed now)."""
        if self.allowed:
            return 0
        return max(1, int((self.retry_at - timezone.now()).total_seconds()) + 1)


def _window(rate: Rate, now: datetime) -> tuple[datetime, datetime]:
    seconds = int(now.timestamp())
    start = datetime.fromtimestamp(seconds - seconds % rate.window, tz=now.tzinfo)
    return start, start + timedelta(seconds=rate.window)


def _locked_row(key: str, start: datetime, end: datetime) -> RateCounter:
    rows = RateCounter.objects.select_for_update()
    row = rows.filter(key=key, window_start=start).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            return RateCounter.objects.create(key=key, window_start=start, expires_at=end, count=0)
    except IntegrityError:
        # Another request created the window's row at the same moment: wait for its lock.
        return rows.get(key=key, window_start=start)


def take(key: str, rate: Rate) -> Taken:
    """Count one use of ``key`` unless its window already holds ``rate.limit`` of them.

    Side effects: creates or raises the window's RateCounter row (in its own transaction,
    committed at once when the caller has none) and now and then deletes expired rows.
    """
    now = timezone.now()
    start, end = _window(rate, now)
    with transaction.atomic():
        row = _locked_row(key, start, end)
        if row.count >= rate.limit:
            return Taken(False, row.count, end)
        row.count += 1
        row.save(update_fields=["count"])
    if row.count == 1:
        # The first use of a window: a good moment to drop the windows that are over.
        RateCounter.objects.filter(expires_at__lt=now).delete()
    return Taken(True, row.count, end)


def give_back(key: str, rate: Rate) -> None:
    """Undo one ``take`` of ``key`` in the current window (a login that succeeded)."""
    start, _end = _window(rate, timezone.now())
    RateCounter.objects.filter(key=key, window_start=start, count__gt=0).update(
        count=F("count") - 1
    )


def clear(key: str) -> None:
    """Forget every use of ``key``."""
    RateCounter.objects.filter(key=key).delete()


def clear_prefix(prefix: str) -> int:
    """Forget every use of the keys starting with ``prefix``; how many rows went."""
    deleted, _ = RateCounter.objects.filter(key__startswith=prefix).delete()
    return deleted


def is_refused(key: str, rate: Rate) -> bool:
    """Whether ``key`` has reached its limit in the current window (nothing is counted)."""
    start, _end = _window(rate, timezone.now())
    return RateCounter.objects.filter(key=key, window_start=start, count__gte=rate.limit).exists()
