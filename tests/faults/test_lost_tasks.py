"""Tasks left "running" by a lost worker (core.worker): the real worker killed with SIGKILL
in the middle of a task, then started again, runs a task declared safe to rerun once more
and marks another one failed with its reason, shown to system administrators (PostgreSQL:
the worker and the test share the suite's database; SQLite: the workers share a file copy
of the test's, as in the embedded mode). On both databases, which workers
count as lost — a silent heartbeat, a process ended on this machine, none at all — and the
limit on reruns; and every task of the project declares what happens to it."""

import datetime
import importlib
import json
import pkgutil
import subprocess
import time

import pytest
from django.tasks import Task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

import dienhinh
from dienhinh.core import worker
from dienhinh.core.models import Job, WorkerBeat
from tests.faults.processes import WorkerDatabase, start_worker

NOW = timezone.now


def _running(task_path: str, *, worker_ids, started_ago: float = 600, kwargs=None):
    return DBTaskResult.objects.create(
        status="RUNNING",
        task_path=task_path,
        args_kwargs={"args": [], "kwargs": kwargs or {}},
        worker_ids=worker_ids,
        backend_name="default",
        run_after=get_date_max(),
        started_at=NOW() - datetime.timedelta(seconds=started_ago),
    )


def _beat(worker_id: str, *, ago: float, host: str = "another-machine", pid: int = 4242):
    seen = NOW() - datetime.timedelta(seconds=ago)
    WorkerBeat.objects.create(worker_id=worker_id, host=host, pid=pid, seen_at=seen)


def _ended_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


SAFE = "dienhinh.core.tasks.purge_request_keys"
UNSAFE = "dienhinh.publishing.tasks.flush_readings_task"


@pytest.mark.one_database  # reads the code only
def test_every_task_of_the_project_declares_what_happens_when_its_worker_is_lost():
    tasks = []
    for module in pkgutil.walk_packages(dienhinh.__path__, "dienhinh."):
        if module.name.endswith(".tasks") or module.name == "dienhinh.core.mail":
            found = importlib.import_module(module.name)
            tasks += [v for v in vars(found).values() if isinstance(v, Task)]
    assert len(tasks) >= 20
    undeclared = [t.name for t in tasks if worker.policy_of(t.module_path) is None]
    assert not undeclared
    not_rerun = {t.module_path for t in tasks if not worker.policy_of(t.module_path).rerun}
    assert not_rerun == {UNSAFE}


@pytest.mark.django_db
def test_which_running_tasks_were_lost_with_their_worker(settings):
    settings.WORKER_LOST_AFTER_SECONDS = 60
    _beat("silent", ago=300)
    _beat("alive", ago=5)
    _beat("ended-here", ago=5, host=worker.HOST, pid=_ended_pid())
    silent = _running(SAFE, worker_ids=["silent"])
    alive = _running(SAFE, worker_ids=["alive"])
    ended = _running(SAFE, worker_ids=["ended-here"], started_ago=1)
    unknown_old = _running(SAFE, worker_ids=["no-beat"], started_ago=600)
    unknown_new = _running(SAFE, worker_ids=["no-beat-yet"], started_ago=5)
    mine = _running(SAFE, worker_ids=["me"], started_ago=600)

    done = worker.recover_lost_tasks(me="me")

    assert set(done.requeued) == {str(t.pk) for t in (silent, ended, unknown_old)}
    assert done.failed == []
    status = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert {status[t.pk] for t in (silent, ended, unknown_old)} == {"READY"}
    assert {status[t.pk] for t in (alive, unknown_new, mine)} == {"RUNNING"}
    # Queued again, it is what the next worker claims.
    assert set(DBTaskResult.objects.ready().values_list("pk", flat=True)) == {
        silent.pk,
        ended.pk,
        unknown_old.pk,
    }


@pytest.mark.django_db
def test_a_worker_silent_while_the_database_refused_every_write_is_not_lost(settings):
    """SQLite behind another process's long write transaction: no worker could beat for
    five minutes, the looking worker included (its previous beat is as old). Silence
    while nobody could write is no sign of a lost worker; silence while it could, is."""
    settings.WORKER_LOST_AFTER_SECONDS = 60
    _beat("busy", ago=300)
    busy = _running(SAFE, worker_ids=["busy"], started_ago=600)

    blocked_too = NOW() - datetime.timedelta(seconds=295)
    assert worker.recover_lost_tasks(me="me", heard_since=blocked_too).requeued == []
    assert DBTaskResult.objects.get(pk=busy.pk).status == "RUNNING"

    heard_lately = NOW() - datetime.timedelta(seconds=10)
    assert worker.recover_lost_tasks(me="me", heard_since=heard_lately).requeued == [str(busy.pk)]


@pytest.mark.django_db
def test_a_task_claimed_recently_is_not_lost_by_a_stale_heartbeat(settings):
    """Claiming a task is a write: the worker that claimed it lately was alive then, even if
    its heartbeat thread has been held up since."""
    settings.WORKER_LOST_AFTER_SECONDS = 60
    _beat("held-up", ago=300)
    recent = _running(SAFE, worker_ids=["held-up"], started_ago=30)
    old = _running(SAFE, worker_ids=["held-up"], started_ago=300)
    assert worker.recover_lost_tasks(me="me").requeued == [str(old.pk)]
    assert DBTaskResult.objects.get(pk=recent.pk).status == "RUNNING"


@pytest.mark.django_db
def test_a_task_not_safe_to_rerun_or_lost_too_often_is_failed_with_the_reason(world, login):
    _beat("gone", ago=3600)
    unsafe = _running(UNSAFE, worker_ids=["gone"])
    too_often = _running(SAFE, worker_ids=["w1", "w2", "gone"])
    vanished = _running("dienhinh.core.tasks.no_such_task", worker_ids=["gone"])

    done = worker.recover_lost_tasks()

    assert set(done.failed) == {str(t.pk) for t in (unsafe, too_often, vanished)}
    rows = {t.pk: t for t in DBTaskResult.objects.all()}
    assert {rows[t.pk].status for t in (unsafe, too_often, vanished)} == {"FAILED"}
    assert rows[unsafe.pk].exception_class_path == worker.LOST
    assert "nothing is counted twice" in rows[unsafe.pk].traceback
    assert "on another-machine" in rows[unsafe.pk].traceback
    assert "3 workers were lost" in rows[too_often.pk].traceback
    assert "not declared safe" in rows[vanished.pk].traceback
    assert worker.recover_lost_tasks().failed == []  # once

    page = login(world.sysadmin).get("/audit/").content.decode()
    assert "3 tác vụ nền chưa làm xong" in page
    assert "/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED" in page
    assert "tác vụ nền" not in login(world.monitor).get("/audit/").content.decode()


@pytest.mark.django_db
def test_a_lost_job_starts_again_and_its_owner_is_told_when_given_up(world, login):
    job = Job.objects.create(
        kind="import", owner=world.sysadmin, title="Nhập", total=1, params={}, state="running"
    )
    path = "dienhinh.orgs.importing.tasks.import_units_task"
    first = _running(path, worker_ids=["gone"], kwargs={"job_id": job.pk})
    worker.recover_lost_tasks()
    job.refresh_from_db()
    first.refresh_from_db()
    assert (first.status, job.state) == ("READY", "queued")

    Job.objects.filter(pk=job.pk).update(state="running")
    _running(path, worker_ids=["a", "b", "gone"], kwargs={"job_id": job.pk})
    worker.recover_lost_tasks()
    job.refresh_from_db()
    assert job.state == "failed"
    page = login(world.sysadmin).get(f"/jobs/{job.pk}/").content.decode()
    assert "Tác vụ nền đã dừng" in page


def _wait_until(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_in_the_middle_of_tasks_reruns_the_safe_one_and_fails_the_other(
    tmp_path,
):
    from tests.faults.tasks import slow_safe, slow_unsafe

    database = WorkerDatabase(tmp_path)
    env = database.environment(WORKER_HEARTBEAT_SECONDS="1")
    safe_marker, unsafe_marker = tmp_path / "safe.txt", tmp_path / "unsafe.txt"
    paths = [slow_safe.module_path, slow_unsafe.module_path]

    def results() -> dict[str, tuple]:
        return {
            row[0]: row[1:]
            for row in database.rows(
                "SELECT task_path, status, return_value, exception_class_path, traceback "
                "FROM django_tasks_database_dbtaskresult WHERE task_path IN (%s, %s)",
                paths,
            )
        }

    # Both queued first (the safe one first, so it is claimed first); on SQLite then handed
    # to the workers' database file.
    slow_safe.enqueue(str(safe_marker))
    slow_unsafe.enqueue(str(unsafe_marker))
    database.hand_over()
    children = []
    try:
        # The first worker is killed in the safe task; the second, started after, runs it
        # again at once (the first's process has ended) and then starts the unsafe one,
        # where it is killed too; the third finds the unsafe one lost.
        for task, marker in ((slow_safe, safe_marker), (slow_unsafe, unsafe_marker)):
            children.append(start_worker(env, tmp_path))
            _wait_until(marker.exists)
            assert results()[task.module_path][0] == "RUNNING"
            children[-1].kill()  # SIGKILL in the middle of the task
        children.append(start_worker(env, tmp_path))
        _wait_until(lambda: {row[0] for row in results().values()} == {"SUCCESSFUL", "FAILED"})
    finally:
        for child in children:
            child.stop()

    found = results()
    safe_status, safe_value, _class, _trace = found[slow_safe.module_path]
    assert (safe_status, json.loads(safe_value) if isinstance(safe_value, str) else safe_value) == (
        "SUCCESSFUL",
        2,
    )
    assert safe_marker.read_text() == "run\nrun\n"
    unsafe_status, _value, unsafe_class, unsafe_trace = found[slow_unsafe.module_path]
    assert unsafe_status == "FAILED" and unsafe_class == worker.LOST
    assert "it charges a card" in unsafe_trace
    assert unsafe_marker.read_text() == "run\n"  # not run again
    log = children[-1].log_path.read_text()  # the workers share one log file
    assert "1 queued again, 0 marked failed" in log
    assert "0 queued again, 1 marked failed" in log
