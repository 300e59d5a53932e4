"""Background work of the documents app: a PDF the page could not wait for, and long
exports. Each takes the job's id; the work re-checks what the owner may see."""

from django.tasks import task

from dienhinh.core import jobs
from dienhinh.core.context import as_task
from dienhinh.core.worker import rerun_if_lost


@task
@rerun_if_lost(reset=jobs.requeue_lost, give_up=jobs.fail_lost)
@as_task
def pdf_job_task(job_id: int) -> bool:
    from dienhinh.core import jobs
    from dienhinh.documents.exports import pdf_job_work

    return jobs.run(job_id, pdf_job_work)


@task
@rerun_if_lost(reset=jobs.requeue_lost, give_up=jobs.fail_lost)
@as_task
def export_job_task(job_id: int) -> bool:
    from dienhinh.core import jobs
    from dienhinh.documents.exports import export_job_work

    return jobs.run(job_id, export_job_work)
