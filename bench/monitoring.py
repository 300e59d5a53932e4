"""Benchmark: the live monitoring page on the national data set.

    python -m tests.harness.postgres python bench/monitoring.py            # scale 1
    python -m tests.harness.postgres python bench/monitoring.py --scale 0.25
    python bench/monitoring.py --scale 0.02                                # SQLite, small
    python bench/monitoring.py --keep /var/tmp/dh-national                 # fill once, reuse

Fills a fresh database with ``manage.py generate_national`` (demo/national.py: at scale 1
about 130,000 units under 34 provinces, 1,000,000 dossiers, 130,000 reports, 200,000
activities on one national plan), then prints the server time — Django answering inside the
process, without network — of the monitoring page for the national monitor (the root: 34
provinces) and for a provincial monitor (one province), median and p95, beside a bare SQL
GROUP BY over the same rows (the plan's dossiers of the subtree counted by child unit and
state, the largest of the page's queries). Targets: the root under 500 ms and within 3x the
bare query; a province under 100 ms.

Then the live ranking of emulation groups: the plan gets a rubric like the demo's union
scorecard (demo/scoring.py, computed items only need the data above; no scores entered), and
the scores page of one member unit (``/scoring/plans/<plan>/units/<unit>/``: its row and the
rows and ranks of its groups' members, computed now) is read by the national monitor, for a
member of a typical cluster and for a member of a national block (its block and its cluster),
beside the scoring computation alone and a bare GROUP BY over the same rows (the members'
dossiers, activities and reports counted in one statement).

``--keep DIR`` runs a PostgreSQL cluster of its own in DIR (no harness needed) and keeps it:
the first run fills it and records the generated ids in DIR/made.json, later runs start it
again and measure at once (filling takes minutes at scale 1). A later run's ``--scale`` is
the kept one's. The read after a write puts back the reports it changed, so every run sees
the same data.
"""

import argparse
import json
import os
import statistics
import subprocess
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

# The rows a group's ranking counts, for its members (grassroots units: no subtree below).
BARE_GROUP = """
WITH members AS (
  SELECT DISTINCT unit_id FROM orgs_emulationgroupmember WHERE group_id IN ({groups})
)
SELECT 'dossier', n.nominating_unit_id, n.state, count(*)
FROM nominations_nomination n JOIN members m ON m.unit_id = n.nominating_unit_id
WHERE n.plan_id = %s GROUP BY 1, 2, 3
UNION ALL
SELECT 'activity', a.unit_id, a.kind, count(*)
FROM activities_activity a JOIN members m ON m.unit_id = a.unit_id
WHERE a.plan_id = %s GROUP BY 1, 2, 3
UNION ALL
SELECT 'report', r.unit_id, r.state, count(*)
FROM reports_report r JOIN members m ON m.unit_id = r.unit_id
WHERE r.plan_id = %s GROUP BY 1, 2, 3
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


def kept_server(keep: Path):
    """The kept cluster in ``keep``, started; made (empty) unless a filled one is there."""
    import shutil

    from tests.harness.postgres import Server, _pg_ctl, start_server

    data = keep / "pg"
    if not (keep / "made.json").exists():  # never filled, or a fill that broke off
        shutil.rmtree(data, ignore_errors=True)
        keep.mkdir(parents=True, exist_ok=True)
        made = start_server()  # in a temporary folder: moved under ``keep`` once stopped
        stop_kept(made)
        made.base.rename(data)
    server = Server(data)
    _pg_ctl(server, "start")
    return server


def stop_kept(server) -> None:
    from tests.harness.postgres import _as_owner, _find_bin

    subprocess.run(
        _as_owner([_find_bin("pg_ctl"), "-D", str(server.data), "-m", "fast", "stop"]),
        stdout=subprocess.DEVNULL,
        check=True,
    )


def made_ids(made: dict) -> dict:
    return {
        "scale": made["scale"],
        "seconds": made["seconds"],
        "counts": made["counts"],
        **{
            key: made[key].pk for key in ("plan", "root", "province", "monitor", "province_monitor")
        },
    }


def made_again(ids: dict) -> dict:
    from django.contrib.auth import get_user_model

    from dienhinh.orgs.models import OrgUnit
    from dienhinh.plans.models import Plan

    users = get_user_model().objects
    return {
        **ids,
        "plan": Plan.objects.get(pk=ids["plan"]),
        "root": OrgUnit.objects.get(pk=ids["root"]),
        "province": OrgUnit.objects.get(pk=ids["province"]),
        "monitor": users.get(pk=ids["monitor"]),
        "province_monitor": users.get(pk=ids["province_monitor"]),
    }


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
        )
        .order_by("pk")
        .values_list("pk", "first_submitted_at")[:runs]
    )
    from django.db import connection

    timings = []
    for i, (pk, _sent) in enumerate(reports):
        Report.objects.filter(pk=pk).update(first_submitted_at=timezone.now())
        start = time.perf_counter()
        if i == 0 and slowest:
            with connection.execute_wrapper(slowest):
                page()
        else:
            page()
        timings.append((time.perf_counter() - start) * 1000)
    for pk, sent in reports:  # as they were: a kept database is the same at every run
        Report.objects.filter(pk=pk).update(first_submitted_at=sent)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def profiled(page, runs: int, path: Path) -> None:
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(runs):
        page()
    profile.disable()
    profile.dump_stats(path)
    pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


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
    parser.add_argument(
        "--keep", type=Path, help="a PostgreSQL cluster kept in this folder (see above)"
    )
    parser.add_argument(
        "--only", choices=("root", "province", "ranking"), help="measure one page only"
    )
    parser.add_argument(
        "--profile", type=Path, help="write a cProfile of the board's reads to this file"
    )
    args = parser.parse_args()
    server = None
    if args.keep:
        server = kept_server(args.keep.resolve())
        os.environ["DATABASE_URL"] = server.url()
    try:
        with tempfile.TemporaryDirectory(prefix="dh-bench-") as var_dir:
            setup(var_dir)
            kept = args.keep.resolve() / "made.json" if args.keep else None
            if kept is not None and kept.exists():
                made = made_again(json.loads(kept.read_text()))
                settle(made)
            else:
                made = fill(args.scale)
                if kept is not None:
                    kept.write_text(json.dumps(made_ids(made)))
            if args.only != "ranking":
                measure(made, args)
            if args.only in (None, "ranking"):
                measure_ranking(made, args)
    finally:
        if server is not None:
            from django.db import connections

            connections.close_all()
            stop_kept(server)


def fill(scale: float) -> dict:
    from django.db import connection

    from dienhinh.demo.national import generate

    start = time.perf_counter()
    made = generate(scale=scale, log=lambda line: None)
    made.update(scale=scale, seconds=time.perf_counter() - start)
    with connection.cursor() as cursor:
        # A live database has planner statistics and, through autovacuum, the visibility
        # map that lets the covering indexes answer without reading the table.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return made


def settle(made: dict) -> None:
    """A kept database after a migration that counted the roll-up again: the status cells
    counted (a live board would have done so on its first read) and the roll-up's tables
    vacuumed and analysed, as autovacuum would have by then."""
    from django.db import connection

    from dienhinh.reports import status_rollup

    status_rollup.bring_up_to_date(made["plan"], made["root"])
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE reports_statuscell, reports_statusdirty, reports_rollupcount, "
            "reports_rollupdelta"
        )


def measure(made: dict, args) -> None:
    from django.db import connection

    counts = ", ".join(f"{n:,} {what}" for what, n in made["counts"].items())
    print(
        f"database: {connection.vendor}; scale {made['scale']}: {counts}; "
        f"written in {made['seconds']:.0f} s; load average {os.getloadavg()[0]:.1f}"
    )
    plan = made["plan"]
    url = f"/reports/plans/{plan.pk}/monitoring/"
    rows, written = [], []
    for name, label, user, unit in [
        ("root", "root (34 provinces)", made["monitor"], made["root"]),
        ("province", "one province", made["province_monitor"], made["province"]),
    ]:
        if args.only not in (None, name):
            continue
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
        print(
            f"{label}: first read {first:.0f} ms; the next read's {len(seen)} queries "
            f"took {sum(ms for ms, _sql in seen):.0f} ms"
        )
        if args.profile:
            profiled(page, args.runs, args.profile.with_suffix(f".{name}.prof"))
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


def scorecard(made: dict):
    """The plan's rubric, made like the demo's union scorecard when the plan has none (a kept
    database keeps it): computed items over the reports, dossiers and activities of the fill,
    pass/fail, points, per occurrence with a cap, and a bonus. A dozen rows: no bulk needed."""
    from dienhinh.demo.scoring import _build
    from dienhinh.scoring.rubric import rubric_for

    rubric = rubric_for(made["plan"], create=True)
    if not rubric.items.exists():
        _build(rubric, made["monitor"])
    return rubric


def ranked_members(plan, rubric) -> list[tuple[str, object, list[int]]]:
    """(label, a scored member, its groups' ids): a member of the province's first cluster
    that is in no block (a typical ranking), and a member of the first national block (its
    block and its cluster: the largest)."""
    from dienhinh.orgs.models import EmulationGroup, EmulationGroupMember
    from dienhinh.scoring.compute import scored_units

    groups = EmulationGroup.objects.filter(year=rubric.groups_year)
    cluster = groups.filter(kind="cluster").order_by("pk").first()
    block = groups.filter(kind="block").order_by("pk").first()
    in_blocks = EmulationGroupMember.objects.filter(group__kind="block").values("unit_id")
    picked = []
    for label, others in [
        ("cluster", cluster.memberships.exclude(unit__in=in_blocks)),
        ("block", block.memberships.all()),
    ]:
        among = others.order_by("unit_id").values_list("unit_id", flat=True)[:50]
        unit = scored_units(plan, among=among)[0]
        ids = list(
            EmulationGroupMember.objects.filter(unit=unit, group__in=groups).values_list(
                "group_id", flat=True
            )
        )
        picked.append((label, unit, ids))
    return picked


def measure_ranking(made: dict, args) -> None:
    from django.db import connection

    from dienhinh.orgs.models import EmulationGroupMember
    from dienhinh.scoring.compute import compute_results

    plan = made["plan"]
    start = time.perf_counter()
    rubric = scorecard(made)
    print(f"rubric: {rubric.items.count()} items, ready in {time.perf_counter() - start:.1f} s")
    client = signed_in(made["monitor"])
    rows = []
    for label, unit, group_ids in ranked_members(plan, rubric):
        url = f"/scoring/plans/{plan.pk}/units/{unit.pk}/"

        def page(url=url):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")

        def computed(unit=unit):
            return compute_results(rubric, unit=unit)

        results = computed()
        scored = len(results["units"])
        ranks = next(r for r in results["units"] if r["unit"]["id"] == unit.pk)["ranks"]
        members = EmulationGroupMember.objects.filter(group__in=group_ids)
        print(
            f"ranking, {label}: unit {unit.code}, {members.count()} members in "
            f"{len(group_ids)} group(s), {scored} scored; its ranks "
            + ", ".join(f"{r['rank']} of {r['of']}" for r in ranks)
        )
        seen: list[tuple[float, str]] = []

        def count(run, sql, *rest, seen=seen):
            start = time.perf_counter()
            try:
                return run(sql, *rest)
            finally:
                seen.append(((time.perf_counter() - start) * 1000, sql))

        with connection.execute_wrapper(count):
            page()
        median, p95 = timed(page, args.runs)
        compute_median, compute_p95 = timed(computed, args.runs)
        if args.profile:
            profiled(page, args.runs, args.profile.with_suffix(f".ranking-{label}.prof"))
        for ms, sql in sorted(seen, reverse=True)[: args.slowest]:
            print(f"  {ms:7.1f} ms  {' '.join(sql.split())[:150]}")

        def bare(group_ids=group_ids):
            with connection.cursor() as cursor:
                sql = BARE_GROUP.format(groups=", ".join(str(int(pk)) for pk in group_ids))
                cursor.execute(sql, [plan.pk, plan.pk, plan.pk])
                cursor.fetchall()

        bare_median, _bare_p95 = timed(bare, args.runs)
        rows.append(
            (label, scored, median, p95, len(seen), compute_median, compute_p95, bare_median)
        )
    print(
        f"{'ranking (unit page)':22} {'scored':>7} {'median ms':>10} {'p95 ms':>8} "
        f"{'queries':>8} {'compute median':>15} {'p95':>6} {'bare GROUP BY':>14} {'ratio':>6}"
    )
    for label, scored, median, p95, queries, c_median, c_p95, bare_median in rows:
        print(
            f"{label + ' member':22} {scored:7d} {median:10.0f} {p95:8.0f} {queries:8d} "
            f"{c_median:15.0f} {c_p95:6.0f} {bare_median:14.0f} {median / bare_median:6.1f}"
        )


if __name__ == "__main__":
    main()
