"""``manage.py sweep_orphaned_uploads``: delete what uploads killed in the middle left, older
than UPLOAD_ORPHAN_HOURS (6): files under nominations/ that no row names, pending-upload
rows whose file is gone, and temporary upload files (nominations.orphans). The worker does
it every hour; cron where no worker runs. Safe to run any number of times."""

from django.core.management.base import BaseCommand

from dienhinh.nominations.orphans import sweep_orphans


class Command(BaseCommand):
    help = "Delete orphaned upload files, pending-upload rows without a file and temporary files."

    def handle(self, *args, **options):
        swept = sweep_orphans()
        if options["verbosity"]:
            self.stdout.write(
                f"{swept.files} files without a row, {swept.rows} pending uploads without a "
                f"file and {swept.temporary} temporary upload files deleted"
            )
