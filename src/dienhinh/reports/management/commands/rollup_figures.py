"""``manage.py rollup_figures [--rebuild]``: fold the monitoring roll-up's pending changes
into its counts now (the worker also does it while boards are read), or count everything
again from the dossiers and activities (reports.rollup)."""

from django.core.management.base import BaseCommand

from dienhinh.reports.rollup import fold, rebuild


class Command(BaseCommand):
    help = "Fold the monitoring roll-up's pending changes, or rebuild it from the records."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="count everything again from the records"
        )

    def handle(self, *args, **options):
        if options["rebuild"]:
            self.stdout.write(f"{rebuild()} counts")
        else:
            self.stdout.write(f"{fold()} changes folded")
