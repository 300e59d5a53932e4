"""manage.py generate_national [--scale 1.0]: the national benchmark data set (demo.national).

Never part of the suite or of make run; bench/monitoring.py calls it on a fresh database.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from dienhinh.demo.national import generate


class Command(BaseCommand):
    help = (
        "Write the national benchmark data set in bulk (at scale 1: about 130,000 units under "
        "34 provinces, 1,000,000 dossiers, 130,000 reports, 200,000 activities)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="shrink every count alike")
        parser.add_argument("--seed", type=int, default=2025)

    def handle(self, *args, scale: float, seed: int, **options):
        if not 0 < scale <= 1.0:
            raise CommandError("--scale must be above 0 and at most 1.")
        start = time.perf_counter()
        result = generate(scale=scale, seed=seed, log=self.stdout.write)
        counts = ", ".join(f"{n} {what}" for what, n in result["counts"].items())
        seconds = time.perf_counter() - start
        self.stdout.write(f"Plan {result['plan'].pk}: {counts} in {seconds:.1f} s.")
