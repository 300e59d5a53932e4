"""Long work in the background with a progress bar: ``start`` records a Job and queues its
task, the task calls ``run`` around the work, the work calls ``report`` as it goes, and the
job's page (core.views.job_page) shows the bar until the result is there.

Each kind of job registers how its result is shown (``register``), so core stays below the
apps that use it. Progress is kept in the shared cache: the work runs in one transaction
(all or nothing), so its own rows say nothing until it ends.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from dienhinh.core.models import Job

PROGRESS_LIFETIME = 6 * 3600
_REPORT_EVERY = 0.5  # seconds between two progress writes


@dataclass(frozen=True)
class JobKind:
    result_template: str  # included on the job page once done, with ``job`` and ``result``
    back_url: Callable[[Job], str]  # where "start again" leads


_KINDS: dict[str, JobKind] = {}


def register(kind: str, *, result_template: str, back_url: Callable[[Job], str]) -> None:
    _KINDS[kind] = JobKind(result_template, back_url)


def kind_of(job: Job) -> JobKind | None:
    return _KINDS.get(job.kind)


def start(kind: str, *, owner, title: str, total: int, params: dict, task) -> Job:
    """Record a job of ``owner`` and queue ``task`` (a django task taking ``job_id``) once
    the transaction commits."""
    job = Job.objects.create(kind=kind, owner=owner, title=title[:300], total=total, params=params)
    transaction.on_commit(lambda: task.enqueue(job_id=job.pk), robust=True)
    return job


def _key(job_id: int) -> str:
    return f"job-progress:{job_id}"


class Progress:
    """What the work calls as it goes: ``progress(done)``, written at most twice a second."""

    def __init__(self, job: Job):
        self.job_id, self.total, self._last = job.pk, job.total, 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        if total is not None:
            self.total = total
        now = time.monotonic()
        if now - self._last < _REPORT_EVERY and done < self.total:
            return
        self._last = now
        cache.set(_key(self.job_id), (done, self.total), PROGRESS_LIFETIME)


def progress_of(job: Job) -> tuple[int, int]:
    """(done, total) as far as anyone knows now."""
    if job.finished:
        return job.done, job.total
    return cache.get(_key(job.pk)) or (job.done, job.total)


def run(job_id: int, work: Callable[[Job, Progress], tuple[dict, list]]) -> bool:
    """Run ``work(job, progress)`` for a queued job: it returns (result, errors); errors mean
    the job failed (and ``work`` saved nothing). A job already started is left alone (a task
    run twice does the work once). Returns whether the job is done."""
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return False
    job = Job.objects.get(pk=job_id)
    try:
        result, errors = work(job, Progress(job))
    except Exception:
        Job.objects.filter(pk=job_id).update(
            state=Job.State.FAILED,
            errors=[{"row": None, "message": ""}],
            finished_at=timezone.now(),
        )
        raise
    state = Job.State.FAILED if errors else Job.State.DONE
    Job.objects.filter(pk=job_id).update(
        state=state,
        result=result,
        errors=errors,
        done=job.total if not errors else 0,
        finished_at=timezone.now(),
    )
    cache.delete(_key(job_id))
    return state == Job.State.DONE


# A job's task lost with its worker (core.worker): the work runs in one transaction, so a
# lost run saved nothing and the job can start again; or, given up, the owner is told.


def requeue_lost(job_id: int) -> None:
    Job.objects.filter(pk=job_id, state=Job.State.RUNNING).update(
        state=Job.State.QUEUED, started_at=None
    )
    cache.delete(_key(job_id))


def fail_lost(job_id: int) -> None:
    from django.utils.translation import gettext as _

    message = _(
        "The background worker stopped while this job ran, several times; nothing was saved. "
        "Start it again, and tell the system administrator if it keeps happening."
    )
    Job.objects.filter(pk=job_id, state__in=[Job.State.QUEUED, Job.State.RUNNING]).update(
        state=Job.State.FAILED,
        errors=[{"row": None, "message": str(message)}],
        finished_at=timezone.now(),
    )
    cache.delete(_key(job_id))
