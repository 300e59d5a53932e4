"""Tasks of the lost-worker test (test_lost_tasks): each notes its run in a file, and the
first run of each waits long enough to be killed in the middle."""

import time
from pathlib import Path

from django.tasks import task

from dienhinh.core.context import as_task
from dienhinh.core.worker import fail_if_lost, rerun_if_lost


def _note_run(marker: str) -> int:
    path = Path(marker)
    runs = (path.read_text().count("\n") if path.exists() else 0) + 1
    with path.open("a") as handle:
        handle.write("run\n")
    return runs


@task
@rerun_if_lost
@as_task
def slow_safe(marker: str) -> int:
    runs = _note_run(marker)
    if runs == 1:
        time.sleep(120)
    return runs


@task
@fail_if_lost("it charges a card (in this test: it would not be safe to do twice)")
@as_task
def slow_unsafe(marker: str) -> int:
    runs = _note_run(marker)
    if runs == 1:
        time.sleep(120)
    return runs
