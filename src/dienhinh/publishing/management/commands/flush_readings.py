"""``manage.py flush_readings``: move the readings counted on readers' requests into the
stories' daily counts now (the worker also does it every five minutes while people read)."""

from django.core.management.base import BaseCommand

from dienhinh.publishing.readings import flush


class Command(BaseCommand):
    help = "Move the readings not yet counted into the stories' daily counts."

    def handle(self, *args, **options):
        moved = flush()
        self.stdout.write(f"{moved}")
