"""The worker's side of big unit imports (orgs.importing.background)."""

from django.tasks import task

from dienhinh.core import jobs
from dienhinh.core.context import as_task
from dienhinh.core.worker import rerun_if_lost


@task
@rerun_if_lost(reset=jobs.requeue_lost, give_up=jobs.fail_lost)
@as_task
def import_units_task(job_id: int) -> bool:
    """Import the units of a queued job; returns whether it was done (a second run of the
    same job does nothing)."""
    from dienhinh.core import jobs
    from dienhinh.orgs.importing.background import work

    return jobs.run(job_id, work)
