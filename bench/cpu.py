"""What bench/pages_cpu.py and bench/portal_cpu.py share: their options, the database
filled once (``--keep``) or in a fresh folder, and the timing of pages in process.

Each page is warmed up, its queries counted, then timed as the process CPU time
(``time.process_time``) per request of the best of ``--rounds`` rounds, which other load on
the machine changes far less than requests per second (on a loaded machine it still varies
by a fifth from run to run: compare runs made one after the other). Wall time is printed
beside it. ``--profile LABEL`` prints a cProfile of that page instead (and keeps it in
``<tmp>/<name>.prof``).
"""

import argparse
import cProfile
import pstats
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.pages import setup

WARM_UP = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--requests", type=int, default=200, help="timed requests a page")
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="rounds of --requests/--rounds requests; the best round is printed (other "
        "load on the machine only ever makes a round slower)",
    )
    parser.add_argument("--keep", help="folder to fill once and reuse (else a fresh one)")
    parser.add_argument("--profile", help="label (or its start) of a page to profile")
    parser.add_argument("--only", help="label (or its start) of the one page to time")


def in_database(args, *, prefix: str, fill: Callable[[], object], run: Callable[[], None]):
    """Set Django up on a database filled by ``fill()`` (once into ``--keep``, or in a fresh
    temporary folder), then ``run()``."""
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
        _prepared(str(Path(args.keep).resolve()), fill, run, keep=True)
    else:
        with tempfile.TemporaryDirectory(prefix=prefix) as var_dir:
            _prepared(var_dir, fill, run, keep=False)


def _prepared(var_dir: str, fill, run, *, keep: bool) -> None:
    setup(var_dir)
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    marker = Path(var_dir) / "filled"
    if not (keep and marker.exists()):
        fill()
        if keep:
            marker.write_text("")
    run()


def time_pages(pages: dict[str, tuple], args, *, width: int, profile_name: str) -> None:
    """Time each page (label → (client, url, headers)) and print a line for it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    print(
        f"database: {connection.vendor}; {args.requests} requests a page after {WARM_UP} "
        f"warm-up ones, best of {args.rounds} rounds"
    )
    print(f"{'page':{width}} {'CPU ms':>8} {'wall ms':>8} {'queries':>8}")
    for label, (client, url, headers) in pages.items():
        if args.only and not label.startswith(args.only):
            continue
        for _ in range(WARM_UP):
            response = client.get(url, headers=headers)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as captured:
            client.get(url, headers=headers)
        # Counted now: the next request empties the connection's query log.
        queries = len(captured)
        if args.profile and label.startswith(args.profile):
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.requests):
                client.get(url, headers=headers)
            profiler.disable()
            profiler.dump_stats(Path(tempfile.gettempdir()) / f"{profile_name}.prof")
            pstats.Stats(profiler).sort_stats("tottime").print_stats(40)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
            continue
        per_round = max(1, args.requests // args.rounds)
        cpu = wall = float("inf")
        for _ in range(args.rounds):
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            for _ in range(per_round):
                client.get(url, headers=headers)
            cpu = min(cpu, (time.process_time() - started_cpu) * 1000 / per_round)
            wall = min(wall, (time.perf_counter() - started_wall) * 1000 / per_round)
        print(f"{label:{width}} {cpu:8.2f} {wall:8.2f} {queries:8d}")
