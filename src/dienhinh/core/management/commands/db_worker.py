"""``manage.py db_worker``: django-tasks-db's worker, which first queues the emails left
pending (core.mail): a worker killed or stopped while emails waited would otherwise leave
them until the next email is queued. The rest is the library's command as it is."""

from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from dienhinh.core.mail import next_due_at, queue_delivery


class Command(WorkerCommand):
    def handle(self, *args, **options):
        at = next_due_at()
        if at is not None:
            queue_delivery(at=at)
        return super().handle(*args, **options)
