"""Benchmark: CPU time per request of the public portal's pages with the page cache off
(PORTAL_CACHE_SECONDS=0), inside the process (no server, no network).

    python bench/portal_cpu.py                        # fresh SQLite database, 2,000 stories
    python bench/portal_cpu.py --keep var/portal-cpu  # fill once into that folder, reuse it
    python bench/portal_cpu.py --profile story        # cProfile of one page
    python -m tests.harness.postgres python bench/portal_cpu.py   # on PostgreSQL

Fills the demo province and ``--stories`` published stories as bench/portal.py does, then
prints the process CPU time (``time.process_time``) per request, the best of ``--rounds``
rounds after a warm-up, for the home page, a story page, the story list and a search, as a
reader without a session (a language cookie only). Compare runs made one after the other.
"""

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.pages import setup  # noqa: E402
from bench.portal import fill  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests a page")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", help="folder to fill once and reuse (else a fresh one)")
    parser.add_argument("--profile", help="label (or its start) of a page to profile")
    parser.add_argument("--only", help="label (or its start) of the one page to time")
    args = parser.parse_args()
    os.environ["PORTAL_CACHE_SECONDS"] = "0"
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
        var_dir = str(Path(args.keep).resolve())
        run(var_dir, args, fresh=not (Path(var_dir) / "filled").exists())
    else:
        with tempfile.TemporaryDirectory(prefix="dh-portal-cpu-") as var_dir:
            run(var_dir, args, fresh=True)


def run(var_dir: str, args, fresh: bool) -> None:
    setup(var_dir)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dienhinh.publishing.models import Story

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    assert settings.PORTAL_CACHE_SECONDS == 0
    if fresh:
        fill(args.stories)
        if args.keep:
            (Path(var_dir) / "filled").write_text("")
    story = Story.objects.public().order_by("-published_at").first()
    pages = {
        "home": "/",
        "story page": f"/bai-viet/{story.pk}-{story.slug}/",
        "story list": "/bai-viet/?page=3",
        "search": "/tim-kiem/?q=dien+hinh",
    }
    reader = Client()
    reader.cookies["dienhinh_language"] = "vi"
    print(
        f"database: {connection.vendor}; {Story.objects.public().count()} stories; "
        f"{args.requests} requests a page after 20 warm-up ones, best of {args.rounds} rounds"
    )
    print(f"{'page':14} {'CPU ms':>8} {'wall ms':>8} {'queries':>8}")
    for label, url in pages.items():
        if args.only and not label.startswith(args.only):
            continue
        for _ in range(20):
            response = reader.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as captured:
            reader.get(url)
        queries = len(captured)
        if args.profile and label.startswith(args.profile):
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.requests):
                reader.get(url)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(50)
            continue
        per_round = max(1, args.requests // args.rounds)
        cpu = wall = float("inf")
        for _ in range(args.rounds):
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            for _ in range(per_round):
                reader.get(url)
            cpu = min(cpu, (time.process_time() - started_cpu) * 1000 / per_round)
            wall = min(wall, (time.perf_counter() - started_wall) * 1000 / per_round)
        print(f"{label:14} {cpu:8.2f} {wall:8.2f} {queries:8d}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
    main()
