"""Benchmark: the live monitoring page on the national data set.

    python -m tests.harness.postgres python bench/monitoring.py            # scale 1
    python -m tests.harness.postgres python bench/monitoring.py --scale 0.25
    python bench/monitoring.py --scale 0.02                                # SQLite, small

Fills a fresh database with ``manage.py generate_national`` (demo/national.py: at scale 1
about 130,000 units under 34 provinces, 1,000,000 dossiers, 130,000 reports, 200,000
activities on one national plan), then prints the server time — Django answering inside the
process, without network — of the monitoring page for the national monitor (the root: 34
provinces) and for a provincial monitor (one province), median and p95, beside a bare SQL
GROUP BY over the same rows (the plan's dossiers of the subtree counted by child unit and
state, the largest of the page's queries). Targets: the root under 500 ms and within 3x the
bare query; a province under 100 ms.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

BARE = """
SELECT substr(u.path, 1, %s) AS prefix, n.state, count(*)
FROM nominations_nomination n JOIN orgs_orgunit u ON u.id = n.nominating_unit_id
WHERE n.plan_id = %s AND n.state <> 'withdrawn' AND u.path LIKE %s
GROUP BY 1, 2
"""


def setup(var_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
    os.environ["DIENHINH_VAR_DIR"] = var_dir
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(call, runs: int) -> tuple[float, float]:
    call()  # warm caches and connections
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def after_a_write(plan, unit, page, runs: int, slowest=None) -> tuple[float, float]:
    """The page read just after a report of the subtree changed (its first submission set
    to now: on time becomes late), so the read recounts that report's status cell."""
    from django.utils import timezone

    from dienhinh.reports.models import Report

    reports = list(
        Report.objects.filter(
            plan=plan, unit__path__startswith=unit.path, first_submitted_at__isnull=False
        ).values_list("pk", flat=True)[:runs]
    )
    from django.db import connection

    timings = []
    for i, pk in enumerate(reports):
        Report.objects.filter(pk=pk).update(first_submitted_at=timezone.now())
        start = time.perf_counter()
        if i == 0 and slowest:
            with connection.execute_wrapper(slowest):
                page()
        else:
            page()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def signed_in(user):
    from django.test import Client

    from dienhinh.accounts.login_flow import STATE_KEY, VERIFIED

    client = Client()
    client.force_login(user)
    session = client.session
    session[STATE_KEY] = VERIFIED  # a monitor's session that gave its second factor
    session.save()
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--slowest", type=int, default=0, help="print the N slowest queries of one page"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dh-bench-") as var_dir:
        setup(var_dir)
        from django.db import connection

        from dienhinh.demo.national import generate

        start = time.perf_counter()
        made = generate(scale=args.scale, log=lambda line: None)
        seconds = time.perf_counter() - start
        with connection.cursor() as cursor:
            # A live database has planner statistics and, through autovacuum, the visibility
            # map that lets the covering indexes answer without reading the table.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        counts = ", ".join(f"{n:,} {what}" for what, n in made["counts"].items())
        print(f"database: {connection.vendor}; scale {args.scale}: {counts}; {seconds:.0f} s")
        plan = made["plan"]
        url = f"/reports/plans/{plan.pk}/monitoring/"
        rows, written = [], []
        for label, user, unit in [
            ("root (34 provinces)", made["monitor"], made["root"]),
            ("one province", made["province_monitor"], made["province"]),
        ]:
            client = signed_in(user)

            def page(client=client):
                response = client.get(url)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")

            seen: list[tuple[float, str]] = []

            def count(run, sql, *rest, seen=seen):
                start = time.perf_counter()
                try:
                    return run(sql, *rest)
                finally:
                    seen.append(((time.perf_counter() - start) * 1000, sql))

            # The first read counts the plan's status cells (reports.status_rollup).
            start = time.perf_counter()
            page()
            first = (time.perf_counter() - start) * 1000
            with connection.execute_wrapper(count):
                page()
            median, p95 = timed(page, args.runs)
            print(f"{label}: first read {first:.0f} ms")
            for ms, sql in sorted(seen, reverse=True)[: args.slowest]:
                print(f"  {ms:7.1f} ms  {' '.join(sql.split())[:150]}")

            def bare(unit=unit):
                with connection.cursor() as cursor:
                    length = len(unit.path) + 4
                    cursor.execute(BARE, [length, plan.pk, unit.path + "%"])
                    cursor.fetchall()

            bare_median, bare_p95 = timed(bare, args.runs)
            rows.append((label, median, p95, len(seen), bare_median, bare_p95))
            seen_after: list[tuple[float, str]] = []
            written.append(
                (
                    label,
                    *after_a_write(plan, unit, page, args.runs, partial(count, seen=seen_after)),
                )
            )
            print(f"{label}: the slowest queries of a read after a write")
            for ms, sql in sorted(seen_after, reverse=True)[: args.slowest]:
                print(f"  {ms:7.1f} ms  {' '.join(sql.split())[:300]}")
        print(
            f"{'monitoring page':22} {'median ms':>10} {'p95 ms':>8} {'queries':>8} "
            f"{'bare GROUP BY median':>21} {'p95':>6} {'ratio':>6}"
        )
        for label, median, p95, queries, bare_median, bare_p95 in rows:
            print(
                f"{label:22} {median:10.0f} {p95:8.0f} {queries:8d} "
                f"{bare_median:21.0f} {bare_p95:6.0f} {median / bare_median:6.1f}"
            )
        print(f"{'read after a write':22} {'median ms':>10} {'p95 ms':>8}")
        for label, median, p95 in written:
            print(f"{label:22} {median:10.0f} {p95:8.0f}")


if __name__ == "__main__":
    main()
