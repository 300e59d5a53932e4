"""manage.py purge_request_keys: deletes the API's kept answers (Idempotency-Key) and the used
one-time form tokens older than a day; for cron where no worker runs (the worker queues it
by itself)."""

from django.core.management.base import BaseCommand

from dienhinh.core.idempotency import purge_expired


class Command(BaseCommand):
    help = "Delete kept API answers and used form tokens older than a day."

    def handle(self, *args, **options):
        deleted = purge_expired()
        self.stdout.write(f"{deleted} kept answers and form tokens older than a day deleted")
