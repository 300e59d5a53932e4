"""A heartbeat written while another worker waits for the lock that would requeue its task
(core.worker), with real processes on both databases: worker X is in the middle of writing
its beat (in a write transaction, as behind a slow commit or another long write) when
worker R, having read X's old beat, finds X silent and goes to requeue X's task. R waits
for X's write and reads the beat again under its lock: X is alive, its task stays running.
A worker that stays silent loses its task, so the wait is what saves it."""

import datetime
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from dienhinh.core import worker
from dienhinh.core.models import WorkerBeat
from tests.forked import CONTEXT, finish, start

pytestmark = pytest.mark.django_db(transaction=True)

SAFE = "dienhinh.core.tasks.purge_request_keys"


def _lost_worker_running_a_task():
    WorkerBeat.objects.create(
        worker_id="x",
        host="another-machine",
        pid=4242,
        seen_at=timezone.now() - datetime.timedelta(seconds=300),
    )
    return DBTaskResult.objects.create(
        status="RUNNING",
        task_path=SAFE,
        args_kwargs={"args": [], "kwargs": {}},
        worker_ids=["x"],
        backend_name="default",
        run_after=get_date_max(),
        started_at=timezone.now() - datetime.timedelta(seconds=600),
    )


def _other_waits_for_a_lock() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return bool(cursor.fetchone()[0])


def _worker_x_beats(writing, found_silent, beat: bool):
    """Worker X: its beat written in a transaction that commits only once worker R has read
    X's old beat, found it silent and goes for the lock that would requeue the task — an
    event R sets, not a time: a loaded machine only makes it come later. On PostgreSQL X
    holds on until R is seen waiting for that lock too (at most 30 s; SQLite shows no
    waiters, and its R cannot take the lock before X commits anyway). ``beat=False``: the
    same transaction without the beat."""
    with transaction.atomic():
        if beat:
            worker.beat("x")
        else:
            WorkerBeat.objects.filter(pk="unrelated").update(pid=1)  # the write lock alone
        writing.set()
        assert found_silent.wait(timeout=60)
        if beat and connection.vendor == "postgresql":
            held_until = time.monotonic() + 30
            while time.monotonic() < held_until and not _other_waits_for_a_lock():
                time.sleep(0.02)
    return "committed"


def _worker_r_looks(writing, found_silent):
    """Worker R: one look for lost tasks, once X is writing. It tells X when it has read the
    beats and is about to requeue X's task (core.worker._recover_one, which takes the lock
    and reads the beat again)."""
    assert writing.wait(timeout=60)
    recover_one = worker._recover_one

    def told(*args, **kwargs):
        found_silent.set()
        return recover_one(*args, **kwargs)

    worker._recover_one = told  # in R's own process
    return worker.recover_lost_tasks(me="r").requeued


def _race(shared_database, *, beat: bool):
    shared_database.copy()
    writing, found_silent = CONTEXT.Event(), CONTEXT.Event()
    x = start(shared_database, _worker_x_beats, writing, found_silent, beat)
    r = start(shared_database, _worker_r_looks, writing, found_silent)
    return finish([x, r])


def test_a_beat_written_while_another_worker_waits_to_requeue_keeps_the_task(
    settings, shared_database
):
    settings.WORKER_LOST_AFTER_SECONDS = 120
    task = _lost_worker_running_a_task()
    assert _race(shared_database, beat=True) == ["committed", []]
    if shared_database.name is None:  # PostgreSQL: the children wrote the test's database
        assert DBTaskResult.objects.get(pk=task.pk).status == "RUNNING"


def test_without_the_beat_the_same_race_requeues_the_task(settings, shared_database):
    settings.WORKER_LOST_AFTER_SECONDS = 120
    task = _lost_worker_running_a_task()
    assert _race(shared_database, beat=False) == ["committed", [str(task.pk)]]
