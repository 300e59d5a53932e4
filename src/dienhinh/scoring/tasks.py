"""Background jobs of the scoring. They take ids and are safe to run twice."""

from django.tasks import task

from dienhinh.core.context import as_task
from dienhinh.core.worker import rerun_if_lost


@task
@rerun_if_lost
@as_task
def notify_finalised(version_id: int) -> int:
    from dienhinh.scoring.notifications import send_finalised_emails

    return send_finalised_emails(version_id)
