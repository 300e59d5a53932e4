"""Tasks the worker runs on a period (the outbox's retention, the sweep of orphaned uploads).

No scheduler process of its own: each periodic task, once it has run, queues its next run
``every`` later in the database queue that runs every other task (a row with its time), and
``db_worker`` queues every registered one that has no run waiting when it starts (a fresh
install, a queue emptied by hand, a run lost with a worker). At most one run of each waits:
a second worker starting, or a run of the management command, queues nothing twice. A queue
that cannot wait (the immediate backend) never queues the next run, which would loop:
there cron runs the management commands instead. Apps register theirs in ``ready()``.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Periodic:
    task: object  # a django.tasks Task
    every: datetime.timedelta


_REGISTRY: dict[str, Periodic] = {}


def register(task, *, every: datetime.timedelta) -> None:
    """Keep ``task`` (no arguments, safe to run twice) running every ``every``."""
    _REGISTRY[task.module_path] = Periodic(task, every)


def registered() -> dict[str, datetime.timedelta]:
    return {path: entry.every for path, entry in sorted(_REGISTRY.items())}


def _can_wait(task) -> bool:
    return task.get_backend().supports_defer


def waiting(task) -> bool:
    """A run of ``task`` is queued and not started yet (whenever it is due)."""
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another queue
        return False
    if not isinstance(task.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(status="READY", task_path=task.module_path).exists()


def queue_next(task) -> None:
    """Called by a periodic task when it has run: its next run, ``every`` from now, unless
    one is already waiting."""
    entry = _REGISTRY.get(task.module_path)
    if entry is None or not _can_wait(task) or waiting(task):
        return
    task.using(run_after=timezone.now() + entry.every).enqueue()


def queue_missing() -> list[str]:
    """Queue to run now every registered task that has no run waiting (the worker, when it
    starts); returns their paths."""
    queued = []
    for path, entry in sorted(_REGISTRY.items()):
        if _can_wait(entry.task) and not waiting(entry.task):
            entry.task.enqueue()
            queued.append(path)
    return queued
