"""The outbox: every email is a row first (``send_once``), sent by the worker afterwards.

``send_once`` records the email under its purpose (``key``) in the caller's transaction, so
a job run twice queues nothing twice and an email is never lost between "decided to send"
and "sent": if the worker dies, the row is still pending and the next worker sends it.

``deliver_due`` (the task ``deliver_emails``) sends the due rows one at a time. On
PostgreSQL each row is locked (``SKIP LOCKED``: several workers share the outbox) while it
is sent, and marked sent in the same short transaction; a worker killed in between leaves it
pending and unlocked. A duplicate is then possible only when the kill fell after the SMTP
server accepted the message and before the commit, and it carries the same Message-ID
(made from the key), so mail clients fold the two. SQLite has one writer: holding its lock
while an SMTP server answers would stop every page that writes, so there a row is read,
sent, then marked (the embedded default runs one worker).

A failure (SMTP down, refused) leaves the row pending with its attempt counted and the next
attempt later: EMAIL_RETRY_BASE_SECONDS doubled each time up to EMAIL_RETRY_MAX_SECONDS;
after EMAIL_MAX_ATTEMPTS it is "failed", listed for system administrators (Django admin,
the audit page) with "retry now" (``retry``). The worker looks for due rows when it starts
(core/management/commands/db_worker.py) and the task queues itself for the next due row.
"""

import contextlib
import hashlib
import logging
import smtplib
from collections.abc import Callable
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, connection, transaction
from django.db.models import Min
from django.tasks import task
from django.utils import timezone

from dienhinh.core.context import as_task
from dienhinh.core.models import OutgoingEmail
from dienhinh.core.worker import rerun_if_lost

logger = logging.getLogger("dienhinh.mail")

State = OutgoingEmail.State
_BATCH = 200  # rows one task sends at most before it queues the next run


def message_id_for(key: str) -> str:
    """The Message-ID of the email for ``key``: the same on every resend."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "dienhinh.local"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def send_once(*, key: str, to: str, subject: str, body: str, about: Callable | None = None) -> bool:
    """Queue one email unless one with ``key`` was already queued; True when queued now.

    ``about(row)``, when given, links the new row to the records it is about (a dossier's
    erasure scrubs the emails linked to it: nominations.erasure); it runs in the savepoint
    that writes the row, so an email is never queued without its links.

    Side effects: an OutgoingEmail row (and what ``about`` writes), and the delivery task
    queued once the caller's transaction commits.
    """
    key = key[:255]
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = OutgoingEmail.objects.create(
                    key=key,
                    recipient=to,
                    subject=subject[:255],
                    body=body,
                    message_id=message_id_for(key),
                )
        except IntegrityError:  # queued already (a job run twice)
            return False
        if about is not None:
            about(row)
    transaction.on_commit(queue_delivery, robust=True)
    return True


def retry_delay(attempts: int) -> timedelta:
    """How long after the ``attempts``-th failure the next attempt is made."""
    base = settings.EMAIL_RETRY_BASE_SECONDS
    return timedelta(
        seconds=min(base * 2 ** max(attempts - 1, 0), settings.EMAIL_RETRY_MAX_SECONDS)
    )


def _due():
    return OutgoingEmail.objects.filter(
        state=State.PENDING, next_attempt_at__lte=timezone.now()
    ).order_by("next_attempt_at", "pk")


def _message(row: OutgoingEmail) -> EmailMessage:
    return EmailMessage(
        row.subject, row.body, None, [row.recipient], headers={"Message-ID": row.message_id}
    )


def _mark_failed(row: OutgoingEmail, error: BaseException) -> None:
    attempts = row.attempts + 1
    final = attempts >= settings.EMAIL_MAX_ATTEMPTS or _refused_for_good(error)
    OutgoingEmail.objects.filter(pk=row.pk, state=State.PENDING).update(
        attempts=attempts,
        state=State.FAILED if final else State.PENDING,
        next_attempt_at=timezone.now() + retry_delay(attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    logger.warning("email %s not sent (attempt %s): %s", row.key, attempts, error)


def _mark_sent(row: OutgoingEmail) -> None:
    OutgoingEmail.objects.filter(pk=row.pk).update(
        state=State.SENT, sent_at=timezone.now(), attempts=row.attempts + 1, last_error=""
    )


def _unreachable(error: BaseException) -> bool:
    """The SMTP server itself cannot be reached: the other due rows would fail the same. Not
    a server that answered with a refusal (451 "try again later", 550 for one recipient):
    every smtplib error is an OSError too, and taking those for "down" postponed every
    other due email of the run with an attempt counted against it."""
    if isinstance(error, (smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected)):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def _refused_for_good(error: BaseException) -> bool:
    """The server refused the recipient with a permanent answer (5xx: no such mailbox, a
    domain it will not relay to): the same email would be refused at every attempt, so it is
    failed at once, where an administrator sees it, instead of tried again for hours. Other
    5xx answers (authentication, the sender refused) are the site's own configuration and
    would refuse every email alike: those stay pending until it is mended."""
    if not isinstance(error, smtplib.SMTPRecipientsRefused) or not error.recipients:
        return False
    return all(500 <= code < 600 for code, _message in error.recipients.values())


class _Mailer:
    """One SMTP connection kept open for a run, opened again after a failure."""

    def __init__(self):
        self.backend = None

    def send(self, message: EmailMessage) -> None:
        if self.backend is None:
            self.backend = mailers.default
            self.backend.open()
        try:
            self.backend.send_messages([message])
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.backend is not None:
            # A connection already gone closes as it can.
            with contextlib.suppress(Exception):
                self.backend.close()
            self.backend = None


def _deliver_one(
    mailer: _Mailer, *, down: BaseException | None
) -> tuple[bool, BaseException | None] | None:
    """Send (or, the server being ``down``, postpone) the next due row. None when none is due;
    else (sent, the error when the server could not be reached)."""
    locking = connection.features.has_select_for_update_skip_locked
    with transaction.atomic() if locking else contextlib.nullcontext():
        rows = _due().select_for_update(skip_locked=True) if locking else _due()
        row = rows.first()
        if row is None:
            return None
        if down is not None:
            _mark_failed(row, down)
            return False, down
        try:
            mailer.send(_message(row))
        except Exception as error:  # every failure is recorded on the row and retried
            _mark_failed(row, error)
            return False, error if _unreachable(error) else None
        _mark_sent(row)
        return True, None


def deliver_due(*, limit: int = _BATCH) -> int:
    """Send the due emails, at most ``limit``; returns how many were sent.

    Side effects: SMTP, the rows marked sent or postponed."""
    mailer, down, sent = _Mailer(), None, 0
    try:
        for _step in range(limit):
            outcome = _deliver_one(mailer, down=down)
            if outcome is None:
                break
            delivered, unreachable = outcome
            sent += delivered
            down = down or unreachable
    finally:
        mailer.close()
    return sent


def next_due_at():
    return OutgoingEmail.objects.filter(state=State.PENDING).aggregate(at=Min("next_attempt_at"))[
        "at"
    ]


@task
@rerun_if_lost
@as_task
def deliver_emails() -> int:
    """The outbox's task: send what is due, then queue itself for the next due row."""
    sent = deliver_due()
    queue_delivery(at=next_due_at(), repeat=True)
    return sent


def _already_queued(backend, at) -> bool:
    """A delivery task is waiting in the database queue to run by ``at`` (or now)."""
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
        from django_tasks_db.utils import get_date_max
    except ImportError:  # pragma: no cover - another queue
        return False
    if not isinstance(backend, DatabaseBackend):
        return False
    from django.db.models import Q

    waiting = Q(run_after=get_date_max()) | Q(run_after__lte=at or timezone.now())
    return (
        DBTaskResult.objects.filter(status="READY", task_path=deliver_emails.module_path)
        .filter(waiting)
        .exists()
    )


def queue_delivery(at=None, *, repeat: bool = False) -> None:
    """Queue ``deliver_emails`` to run at ``at`` (now when None or past), unless one is
    already waiting to run by then. ``repeat`` (the task queuing its next run): nothing
    when no email is pending, nor on a queue that runs tasks at once (as in tests), where
    a retry would loop."""
    backend = deliver_emails.get_backend()
    if repeat and (at is None or not backend.supports_defer):
        return
    if at is not None and at <= timezone.now():
        at = None
    if _already_queued(backend, at):
        return
    (deliver_emails.using(run_after=at) if at else deliver_emails).enqueue()


def retry(emails) -> int:
    """Send the given pending or failed emails again now (an administrator's "retry now");
    returns how many. Side effects: the rows due now with their attempts reset, the task
    queued."""
    count = emails.exclude(state=State.SENT).update(
        state=State.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    if count:
        transaction.on_commit(queue_delivery, robust=True)
    return count


def purge_sent(*, now=None) -> int:
    """Delete the emails sent more than OUTBOX_RETENTION_DAYS ago; returns how many. Pending
    and failed ones stay whatever their age: they are still to be sent, or shown to an
    administrator to retry. Their keys go with them: a job rerun after that long would send
    its email again, and none is rerun that late. Side effects: the rows and their links to
    dossiers deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    old = OutgoingEmail.objects.filter(state=State.SENT, sent_at__lt=cutoff)
    deleted = 0
    # In batches: a first purge of a long-running outbox must not hold SQLite's one writer.
    while batch := list(old.values_list("pk", flat=True)[:1000]):
        with transaction.atomic():
            OutgoingEmail.objects.filter(pk__in=batch).delete()
        deleted += len(batch)
    return deleted


def waiting_counts() -> dict[str, int]:
    """How many emails wait to be sent and how many failed, for the administrators' pages."""
    from django.db.models import Count, Q

    return OutgoingEmail.objects.aggregate(
        pending=Count("pk", filter=Q(state=State.PENDING)),
        failed=Count("pk", filter=Q(state=State.FAILED)),
    )
