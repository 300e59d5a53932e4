"""``manage.py purge_sent_emails``: delete the outbox's emails sent more than
OUTBOX_RETENTION_DAYS (90) ago; pending and failed ones stay. The worker does it daily
(core.periodic); cron where no worker runs. Safe to run any number of times."""

from django.conf import settings
from django.core.management.base import BaseCommand

from dienhinh.core.mail import purge_sent


class Command(BaseCommand):
    help = "Delete the emails sent more than OUTBOX_RETENTION_DAYS ago (never pending or failed)."

    def handle(self, *args, **options):
        deleted = purge_sent()
        if options["verbosity"]:
            self.stdout.write(
                f"{deleted} emails sent more than {settings.OUTBOX_RETENTION_DAYS} days ago deleted"
            )
