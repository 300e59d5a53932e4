"""Background jobs of the core layer. They take no arguments and are safe to run twice."""

from django.tasks import task

from dienhinh.core.context import as_task
from dienhinh.core.worker import rerun_if_lost


@task
@rerun_if_lost
@as_task
def purge_request_keys() -> int:
    """Delete the API's kept answers (Idempotency-Key) and the used form tokens older than a
    day; returns how many. Queued a day after such rows are made (core.idempotency)."""
    from dienhinh.core.idempotency import purge_expired

    return purge_expired()


@task
@rerun_if_lost
@as_task
def purge_sent_emails_task() -> int:
    """Delete the sent emails older than OUTBOX_RETENTION_DAYS, then queue the next run a
    day later (core.periodic); returns how many were deleted."""
    from dienhinh.core import periodic
    from dienhinh.core.mail import purge_sent

    deleted = purge_sent()
    periodic.queue_next(purge_sent_emails_task)
    return deleted
