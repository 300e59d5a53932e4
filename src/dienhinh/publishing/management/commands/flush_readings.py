"""``manage.py flush_readings``: write the stories' reading counters from the shared cache to
the database now (the worker also does it every five minutes while people read)."""

from django.core.management.base import BaseCommand

from dienhinh.publishing.readings import flush


class Command(BaseCommand):
    help = "Write the stories' reading counts held in the cache to the database."

    def handle(self, *args, **options):
        moved = flush()
        self.stdout.write(f"{moved}")
