"""manage.py purge_security_log: deletes the security events older than the retention
(SECURITY_LOG_RETENTION_DAYS, two years); for cron, daily."""

from django.conf import settings
from django.core.management.base import BaseCommand

from dienhinh.accounts.security import purge_old_events


class Command(BaseCommand):
    help = "Delete security events and personal data accesses older than the retention."

    def handle(self, *args, **options):
        deleted = purge_old_events()
        self.stdout.write(
            f"{deleted} security events older than {settings.SECURITY_LOG_RETENTION_DAYS} "
            "days deleted"
        )
