"""Background jobs of the dossier workflow. They take ids and are safe to run twice."""

from django.tasks import task

from dienhinh.core import jobs
from dienhinh.core.context import as_task
from dienhinh.core.worker import rerun_if_lost
from dienhinh.nominations.notifications import send_transition_emails


@task
@rerun_if_lost
@as_task
def notify_transition(transition_id: int) -> int:
    """Email the people concerned by one transition; returns the number of emails sent."""
    return send_transition_emails(transition_id)


@task
@rerun_if_lost
@as_task
def send_reminders_task(day: str | None = None, plan_id: int | None = None) -> int:
    """Send the deadline reminders due on ``day`` (ISO date; today when None), for one plan
    or all; returns the number of emails sent. Safe to run twice: see nominations.reminders.
    """
    import datetime

    from dienhinh.nominations.reminders import send_deadline_reminders

    today = datetime.date.fromisoformat(day) if day else None
    return send_deadline_reminders(today=today, plan_id=plan_id)


@task
@rerun_if_lost(reset=jobs.requeue_lost, give_up=jobs.fail_lost)
@as_task
def bulk_job_task(job_id: int) -> bool:
    """Forward or return every dossier of a queued bulk job (nominations.bulk); returns
    whether it ran (a second run of the same job does nothing)."""
    from dienhinh.core import jobs
    from dienhinh.nominations.bulk import bulk_job_work

    return jobs.run(job_id, bulk_job_work)


@task
@rerun_if_lost
@as_task
def sweep_pending_uploads() -> int:
    """Delete the files uploaded on dossier forms more than 24 hours ago and never attached;
    returns how many. Queued for a day after each upload (nominations.editing.pending)."""
    from dienhinh.nominations.editing.pending import sweep_pending

    return sweep_pending()


@task
@rerun_if_lost
@as_task
def sweep_orphaned_uploads() -> int:
    """Delete what uploads killed in the middle left (nominations.orphans), then queue the
    next run an hour later (core.periodic); returns how many files and rows went."""
    from dienhinh.core import periodic
    from dienhinh.nominations.orphans import sweep_orphans

    swept = sweep_orphans()
    periodic.queue_next(sweep_orphaned_uploads)
    return swept.files + swept.rows + swept.temporary
