"""``manage.py db_worker``: django-tasks-db's worker, which first

- recovers the tasks a lost worker left "running" (core.worker: run again when safe,
  otherwise marked failed), and keeps doing so while it runs, beside its heartbeat;
- queues the emails left pending (core.mail): a worker killed or stopped while emails
  waited would otherwise leave them until the next email is queued;
- queues the periodic tasks (core.periodic: the outbox's retention, the orphaned uploads'
  sweep) that have no run waiting.

The rest is the library's command as it is."""

import threading

from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from dienhinh.core import periodic, worker
from dienhinh.core.mail import next_due_at, queue_delivery


class Command(WorkerCommand):
    def handle(self, *args, **options):
        worker_id = options["worker_id"]
        # Silence before this worker could write counts, not the wait for its first beat.
        asked = timezone.now()
        worker.beat(worker_id)
        heard = timezone.now()
        recovered = worker.recover_lost_tasks(me=worker_id, heard_since=asked)
        if recovered.requeued or recovered.failed:
            self.stdout.write(
                f"Tasks lost with a worker: {len(recovered.requeued)} queued again, "
                f"{len(recovered.failed)} marked failed"
            )
        at = next_due_at()
        if at is not None:
            queue_delivery(at=at)
        periodic.queue_missing()
        stop = threading.Event()
        worker.keep_alive(worker_id, stop=stop, heard_since=heard)
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
            worker.forget(worker_id)
