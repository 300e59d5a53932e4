"""``manage.py sweep_pending_uploads``: delete the files uploaded on dossier forms more than
24 hours ago and never attached to a dossier (for cron; the worker also runs it a day after
each upload). Safe to run any number of times."""

from django.core.management.base import BaseCommand

from dienhinh.nominations.editing.pending import sweep_pending


class Command(BaseCommand):
    help = "Delete the files uploaded on dossier forms more than 24 hours ago and never attached."

    def handle(self, *args, **options):
        removed = sweep_pending()
        if options["verbosity"]:
            self.stdout.write(f"{removed}")
