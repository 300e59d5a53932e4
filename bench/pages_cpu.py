"""Benchmark: CPU time per request of the signed-in pages and the API's dossier answers,
inside the process (no server, no network), for comparing changes on a shared machine.

    python bench/pages_cpu.py                      # fresh SQLite database, 200 requests a page
    python bench/pages_cpu.py --keep var/bench-cpu # fill once into that folder, reuse it after
    python bench/pages_cpu.py --profile inbox      # cProfile of one page, top 40 by own time
    python -m tests.harness.postgres python bench/pages_cpu.py   # on PostgreSQL

Fills the same database as bench/pages.py (the demo province and 240 dossiers in this year's
plan), signs in the federation editor as a Django test Client, warms each page up, then prints
the process CPU time (``time.process_time``) per request of the best of ``--rounds`` rounds,
which other load on the machine changes far less than requests per second (on a loaded
machine it still varies by a fifth from run to run: compare runs made one after the other).
Wall time is printed beside it. The pages: the dossier list, the inbox, the plan page, the
workspace home, and the API's inbox, dossier list and one dossier (with the editor's token).
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

from bench.pages import EDITOR, fill, session_cookie, setup  # noqa: E402


def api_token(email: str) -> str:
    from dienhinh.accounts.models import ApiToken, User

    user = User.objects.get(email=email)
    _, raw = ApiToken.issue(user=user, name="bench")
    return raw


def pages(plan, nomination) -> dict[str, str]:
    return {
        "dossier list (50 rows)": "/dossiers/",
        "inbox": "/dossiers/inbox/",
        "plan page": f"/plans/{plan.pk}/",
        "workspace home": "/workspace/",
        "API inbox": "/api/v1/inbox",
        "API dossier list": "/api/v1/nominations",
        "API one dossier": f"/api/v1/nominations/{nomination.pk}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests a page")
    parser.add_argument("--keep", help="folder to fill once and reuse (else a fresh one)")
    parser.add_argument("--profile", help="label (or its start) of a page to profile")
    parser.add_argument("--only", help="label (or its start) of the one page to time")
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="rounds of --requests/--rounds requests; the best round is printed (other "
        "load on the machine only ever makes a round slower)",
    )
    args = parser.parse_args()
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
        var_dir = str(Path(args.keep).resolve())
        run(var_dir, args, fresh=not (Path(var_dir) / "filled").exists())
    else:
        with tempfile.TemporaryDirectory(prefix="dh-bench-cpu-") as var_dir:
            run(var_dir, args, fresh=True)


def run(var_dir: str, args, fresh: bool) -> None:
    setup(var_dir)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dienhinh.nominations.models import Nomination
    from dienhinh.plans.models import Plan

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if fresh:
        fill()
        if args.keep:
            (Path(var_dir) / "filled").write_text("")
    plan = Plan.objects.order_by("-year").first()
    from dienhinh.accounts.models import User

    editor = User.objects.get(email=EDITOR)
    nomination = Nomination.objects.visible_to(editor).filter(plan=plan).order_by("pk").first()
    browser = Client()
    for pair in (session_cookie(EDITOR) + "; dienhinh_language=vi").split("; "):
        name, value = pair.split("=", 1)
        browser.cookies[name] = value
    api = Client(headers={"Authorization": f"Bearer {api_token(EDITOR)}"})
    print(
        f"database: {connection.vendor}; {args.requests} requests a page after 20 warm-up ones, "
        f"best of {args.rounds} rounds"
    )
    print(f"{'page':26} {'CPU ms':>8} {'wall ms':>8} {'queries':>8}")
    for label, url in pages(plan, nomination).items():
        if args.only and not label.startswith(args.only):
            continue
        client = api if label.startswith("API") else browser
        headers = {} if label.startswith("API") else {"Accept": "text/html"}
        for _ in range(20):
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
            profiler.dump_stats(Path(tempfile.gettempdir()) / "pages_cpu.prof")
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
        print(f"{label:26} {cpu:8.2f} {wall:8.2f} {queries:8d}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
    main()
