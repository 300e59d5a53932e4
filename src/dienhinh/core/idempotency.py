"""Kept first answers, so that a retried write acts once: the API's ``Idempotency-Key``
records (api.idempotency) and the used one-time form tokens (core.once).

``claim`` inserts the key's row in its own, at once committed transaction before the request
acts: the unique constraint lets exactly one of two parallel requests with the same key go
on, and the other sees the row (409 while the first runs, its answer once it is done). Both
kinds of row live a day; ``purge_expired`` deletes them, queued on the worker a day after a
row is made (at most one task an hour) and run by ``manage.py purge_request_keys`` from cron.
"""

import contextlib
import datetime
import enum
from dataclasses import dataclass

from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from dienhinh.core.models import FormSubmission, IdempotencyRecord

LIFETIME = datetime.timedelta(hours=24)
# A request still "running" after this long belongs to a process that died or lost its
# database (the web server stops a request after a minute): a retry may take the key over.
LEASE = datetime.timedelta(minutes=2)
_PURGE_WINDOW = 3600  # seconds: at most one purge task queued per hour


class Outcome(enum.Enum):
    CLAIMED = "claimed"  # go on, then ``complete`` or ``release``
    REPLAY = "replay"  # answer ``record``'s stored response
    MISMATCH = "mismatch"  # the key was used for another request
    RUNNING = "running"  # the first request with this key has not answered yet


@dataclass(frozen=True)
class Claim:
    outcome: Outcome
    record: IdempotencyRecord | None = None


def claim(*, owner, key: str, method: str, route: str, fingerprint: str) -> Claim:
    """Take ``key`` of ``owner`` for one request, or say why not.

    Side effects: inserts the IdempotencyRecord (committed at once when the caller holds no
    transaction), deletes an expired or abandoned row of the same key, queues the purge."""
    scope = {"owner": owner, "key": key, "method": method, "route": route}
    for _attempt in range(3):
        now = timezone.now()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    **scope,
                    fingerprint=fingerprint,
                    created_at=now,
                    locked_until=now + LEASE,
                    expires_at=now + LIFETIME,
                )
        except IntegrityError:
            record = IdempotencyRecord.objects.filter(**scope).first()
            if record is None:
                continue  # deleted in between: try again
        else:
            queue_purge(now)
            return Claim(Outcome.CLAIMED, record)
        abandoned = record.status is None and record.locked_until <= now
        if record.expires_at <= now or abandoned:
            IdempotencyRecord.objects.filter(
                pk=record.pk, status=record.status, locked_until=record.locked_until
            ).delete()
            continue
        if record.fingerprint != fingerprint:
            return Claim(Outcome.MISMATCH, record)
        if record.status is None:
            return Claim(Outcome.RUNNING, record)
        return Claim(Outcome.REPLAY, record)
    return Claim(Outcome.RUNNING)


def complete(record: IdempotencyRecord, *, status: int, headers: dict, body: bytes) -> None:
    """Keep the answer of the claimed request (called inside the request's own transaction,
    so that its writes and its kept answer are committed together or not at all)."""
    IdempotencyRecord.objects.filter(pk=record.pk).update(status=status, headers=headers, body=body)


def release(record: IdempotencyRecord) -> None:
    """Forget a claim whose request failed (5xx): a retry with the key runs again."""
    # When the database itself failed the request, the row is taken over once its lease
    # ends, and the request's own error is the one to answer.
    with contextlib.suppress(DatabaseError):
        IdempotencyRecord.objects.filter(pk=record.pk, status__isnull=True).delete()


def queue_purge(now: datetime.datetime) -> None:
    """Queue ``purge_expired`` on the worker for a day after now, once per hour window."""
    from django.tasks import default_task_backend

    if not default_task_backend.supports_defer:
        return  # the immediate backend cannot wait: cron runs manage.py purge_request_keys
    window = int(now.timestamp() // _PURGE_WINDOW)
    if not cache.add(f"request-keys-purge:{window}", 1, _PURGE_WINDOW * 2):
        return
    from dienhinh.core.tasks import purge_request_keys

    at = now + LIFETIME + datetime.timedelta(seconds=_PURGE_WINDOW)
    transaction.on_commit(lambda: purge_request_keys.using(run_after=at).enqueue(), robust=True)


def purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete the API's kept answers and the used form tokens older than a day; returns
    how many rows went. Safe to run twice and at any time."""
    now = now or timezone.now()
    answers, _ = IdempotencyRecord.objects.filter(expires_at__lte=now).delete()
    tokens, _ = FormSubmission.objects.filter(created_at__lte=now - LIFETIME).delete()
    return answers + tokens
