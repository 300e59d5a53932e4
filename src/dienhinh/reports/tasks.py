"""Background jobs of the reports. They take ids and are safe to run twice."""

from django.tasks import task

from dienhinh.core.context import as_task
from dienhinh.core.worker import rerun_if_lost


@task
@rerun_if_lost
@as_task
def notify_report_step(step_id: int) -> int:
    from dienhinh.reports.notifications import send_step_emails

    return send_step_emails(step_id)


@task
@rerun_if_lost
@as_task
def send_report_reminders_task(plan_id: int, kind: str, deadline: str) -> int:
    from dienhinh.reports.reminders import send_scheduled

    return send_scheduled(plan_id=plan_id, kind=kind, deadline=deadline)


@task
@rerun_if_lost
@as_task
def fold_rollup_task() -> int:
    """Fold the monitoring roll-up's pending changes into its counts (reports.rollup)."""
    from dienhinh.reports.rollup import fold

    return fold()
