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


def _worker_x_beats(writing, looking, beat: bool):
    """Worker X: its beat written in a transaction that commits only once worker R waits
    for it (PostgreSQL: seen waiting; SQLite, which shows no waiters: R's reads are done in
    far less than the two seconds it holds on). ``beat=False``: the same transaction
    without the beat, held two seconds."""
    with transaction.atomic():
        if beat:
            worker.beat("x")
        else:
            WorkerBeat.objects.filter(pk="unrelated").update(pid=1)  # the write lock alone
        writing.set()
        assert looking.wait(timeout=60)
        seen_waiting = beat and connection.vendor == "postgresql"
        held_until = time.monotonic() + (30 if seen_waiting else 2)
        while time.monotonic() < held_until and not _other_waits_for_a_lock():
            time.sleep(0.02)
    return "committed"


def _worker_r_looks(writing, looking):
    """Worker R: one look for lost tasks, once X is writing."""
    assert writing.wait(timeout=60)
    looking.set()
    return worker.recover_lost_tasks(me="r").requeued


def _race(shared_database, *, beat: bool):
    shared_database.copy()
    writing, looking = CONTEXT.Event(), CONTEXT.Event()
    x = start(shared_database, _worker_x_beats, writing, looking, beat)
    r = start(shared_database, _worker_r_looks, writing, looking)
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
