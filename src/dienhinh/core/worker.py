"""Tasks lost with their worker, found and run again or marked failed.

django-tasks-db marks a task RUNNING when a worker claims it and SUCCESSFUL or FAILED when it
ends. A worker killed in between (SIGKILL, the kernel's out-of-memory killer, a machine
losing power) leaves the row RUNNING, and nothing would ever run it again. So:

- every worker (``manage.py db_worker``) writes a heartbeat (``WorkerBeat``) every
  WORKER_HEARTBEAT_SECONDS from a thread of its own, so that a long task does not silence it;
- on start and at every heartbeat a worker looks for tasks RUNNING under a lost worker: one
  silent for WORKER_LOST_AFTER_SECONDS, one that never wrote a heartbeat (a task started
  longer ago than that), or one whose process on this very machine has ended — so a worker
  restarted after a kill recovers the tasks at once;
- silence is counted only while the looking worker's own writes went through, and a task is
  taken as lost by a silent heartbeat only when it was also claimed longer ago than that: on
  SQLite a long write transaction of another process blocks every heartbeat at once, and a
  busy worker must not then be taken as lost and its task run twice. The heartbeat is read
  again under the lock that requeues the task, its row locked too, so one written
  meanwhile, or being written at that moment, saves it;
- a lost task whose task function is declared safe to run twice (``rerun_if_lost``) is
  queued again, at most MAX_CLAIMS claims in all (a task that kills its worker each time must
  not loop); any other is marked FAILED with the reason, which system administrators see on
  the audit page and in the Django admin's task list
  (``/admin/django_tasks_database/dbtaskresult/``).

Every task of the project declares one or the other (tests/faults/test_lost_tasks.py walks
them): a task function without a declaration, or no longer in the code, is marked failed.
"""

import datetime
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.module_loading import import_string

from dienhinh.core.models import WorkerBeat

logger = logging.getLogger("dienhinh.worker")

HOST = socket.gethostname()[:255]
MAX_CLAIMS = 3  # the first run and two more after a lost worker
LOST = "dienhinh.core.worker.WorkerLost"  # the "exception" of a task marked failed here


@dataclass(frozen=True)
class LostPolicy:
    rerun: bool
    reason: str = ""  # why not, for a task that is not run again
    # Called with the task's arguments in the transaction that queues it again (reset) or
    # marks it failed (give_up): a job's own state follows its task's.
    reset: Callable | None = None
    give_up: Callable | None = None


def rerun_if_lost(func=None, *, reset=None, give_up=None):
    """Declare a task function (under ``@task``) safe to run again from the start when its
    worker was lost in the middle: what it did before is done once whatever happens."""

    def mark(function):
        function.lost_policy = LostPolicy(rerun=True, reset=reset, give_up=give_up)
        return function

    return mark(func) if func is not None else mark


def fail_if_lost(reason: str):
    """Declare a task function (under ``@task``) not to be run again when its worker was
    lost, with the reason: it is marked failed, and the reason shown."""

    def mark(function):
        function.lost_policy = LostPolicy(rerun=False, reason=reason)
        return function

    return mark


def policy_of(task_path: str) -> LostPolicy | None:
    try:
        task = import_string(task_path)
    except ImportError:
        return None
    return getattr(getattr(task, "func", None), "lost_policy", None)


# --- Heartbeats ------------------------------------------------------------------------------


def beat(worker_id: str) -> None:
    """Say that ``worker_id`` (this process) is alive."""
    now = timezone.now()
    if not WorkerBeat.objects.filter(pk=worker_id).update(seen_at=now):
        WorkerBeat.objects.create(
            worker_id=worker_id, host=HOST, pid=os.getpid(), started_at=now, seen_at=now
        )


def forget(worker_id: str) -> None:
    """A worker that stops on purpose says so; heartbeats silent for a day are dropped."""
    WorkerBeat.objects.filter(pk=worker_id).delete()
    WorkerBeat.objects.filter(seen_at__lt=timezone.now() - datetime.timedelta(days=1)).delete()


def _process_ended(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: asks whether the process exists, sends nothing
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it exists, as another user
    return False


def _is_lost(last: str | None, started_at, beats: dict, *, me: str | None, limit) -> bool:
    claimed_long_ago = started_at is None or started_at < limit
    found = beats.get(last)
    if found is None:
        # No heartbeat (a worker of before heartbeats, or one dropped): by the task's age.
        return claimed_long_ago
    if found.host == HOST:
        if me is not None and found.pid == os.getpid():
            return True  # an earlier worker of this same process id (a restarted container)
        if _process_ended(found.pid):
            return True
    # A worker that claimed the task recently could write then: it was alive.
    return found.seen_at < limit and claimed_long_ago


# --- Recovery --------------------------------------------------------------------------------


@dataclass
class Recovery:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def recover_lost_tasks(*, me: str | None = None, heard_since=None) -> Recovery:
    """Queue again, or mark failed, every task RUNNING under a lost worker (``me``, the
    calling worker, is alive). ``heard_since``: the calling worker's previous successful
    heartbeat (or when it began trying to write); another worker's silence counts only up
    to it, as the database may have refused everyone's writes since. Side effects: the
    tasks' rows, what their policies' reset or give_up change, a warning in the log for
    each."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    done = Recovery()
    running = list(
        DBTaskResult.objects.running().values_list("pk", "worker_ids", "started_at", named=True)
    )
    if not running:
        return done
    now = timezone.now()
    heard = min(now, heard_since) if heard_since is not None else now
    limit = heard - datetime.timedelta(seconds=settings.WORKER_LOST_AFTER_SECONDS)
    lasts = {row.worker_ids[-1] for row in running if row.worker_ids}
    beats = {b.worker_id: b for b in WorkerBeat.objects.filter(pk__in=lasts)}
    for row in running:
        last = row.worker_ids[-1] if row.worker_ids else None
        if last == me or not _is_lost(last, row.started_at, beats, me=me, limit=limit):
            continue
        outcome = _recover_one(row.pk, row.worker_ids, beats.get(last), now=now)
        if outcome == TaskResultStatus.READY:
            done.requeued.append(str(row.pk))
        elif outcome == TaskResultStatus.FAILED:
            done.failed.append(str(row.pk))
    return done


def _recover_one(pk, worker_ids: list, last_beat, *, now):
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    with exclusive_transaction():
        task = (
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=TaskResultStatus.RUNNING)
            .first()
        )
        if task is None or task.worker_ids != worker_ids:
            return None  # finished, or recovered by another worker, meanwhile
        if _beat_since(worker_ids[-1] if worker_ids else None, last_beat):
            return None  # its worker beat while this one waited for the lock: alive
        policy = policy_of(task.task_path)
        args, kwargs = task.args_kwargs.get("args", []), task.args_kwargs.get("kwargs", {})
        if policy is not None and policy.rerun and len(worker_ids) < MAX_CLAIMS:
            if policy.reset is not None:
                policy.reset(*args, **kwargs)
            task.status = TaskResultStatus.READY
            task.save(update_fields=["status"])
            logger.warning("Task %s (%s) lost with its worker: queued again", pk, task.task_path)
            return TaskResultStatus.READY
        task.status = TaskResultStatus.FAILED
        task.finished_at = now
        task.return_value = None
        task.exception_class_path = LOST
        task.traceback = _reason(policy, worker_ids, last_beat)
        task.save(
            update_fields=[
                "status",
                "finished_at",
                "return_value",
                "exception_class_path",
                "traceback",
            ]
        )
        if policy is not None and policy.give_up is not None:
            policy.give_up(*args, **kwargs)
        logger.warning("Task %s (%s) lost with its worker: failed", pk, task.task_path)
        return TaskResultStatus.FAILED


def _beat_since(worker_id: str | None, last_beat) -> bool:
    """Whether ``worker_id`` beat after ``last_beat`` (what the looking worker read, None for
    no beat), read in the requeueing transaction with the beat's row locked: a beat being
    written at this moment (PostgreSQL) is waited for and seen, and none can commit before
    this transaction decides. On SQLite the exclusive transaction waited for it already."""
    if worker_id is None:
        return False
    seen = (
        WorkerBeat.objects.select_for_update()
        .filter(pk=worker_id)
        .values_list("seen_at", flat=True)
        .first()
    )
    return seen is not None and (last_beat is None or seen > last_beat.seen_at)


def _reason(policy: LostPolicy | None, worker_ids: list, last_beat) -> str:
    # For system administrators reading the task list, like a traceback: in English.
    worker = worker_ids[-1] if worker_ids else "?"
    heard = (
        f", last heard of at {last_beat.seen_at.isoformat()} on {last_beat.host} "
        f"(process {last_beat.pid})"
        if last_beat is not None
        else ""
    )
    head = f"The worker {worker} stopped while running this task{heard}. "
    if policy is None:
        return head + (
            "It was not run again: the task is not declared safe to run twice, or is no "
            "longer in the code."
        )
    if policy.rerun:
        return head + (
            f"It was not run again: {len(worker_ids)} workers were lost while running it "
            f"(at most {MAX_CLAIMS} tries)."
        )
    return head + f"It was not run again: {policy.reason}"


# --- The worker's own thread -----------------------------------------------------------------


def keep_alive(worker_id: str, *, stop: threading.Event, heard_since=None) -> threading.Thread:
    """Start the thread that beats for ``worker_id`` and recovers lost tasks every
    WORKER_HEARTBEAT_SECONDS until ``stop`` is set (a daemon: it dies with the process).
    ``heard_since``: when this worker's last heartbeat was written."""

    def loop():
        heard = heard_since or timezone.now()
        while not stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
            try:
                beat(worker_id)
                # Silence counts up to this worker's previous beat: if this one waited behind
                # another process's long transaction, so did everyone else's.
                previous, heard = heard, timezone.now()
                recover_lost_tasks(me=worker_id, heard_since=previous)
            except Exception:
                # A database briefly away or locked: the next beat tries again.
                logger.exception("Worker heartbeat failed")
            finally:
                close_old_connections()
                connection.close()

    thread = threading.Thread(target=loop, name="worker-heartbeat", daemon=True)
    thread.start()
    return thread


def lost_count() -> int:
    """Tasks marked failed because their worker was lost, for the administrators' pages."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.failed().filter(exception_class_path=LOST).count()
