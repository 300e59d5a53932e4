"""Benchmark: 200 simulated users for 60 seconds against the production server (issue 11,
point 10).

    make bench-load                                                  # on a throwaway PostgreSQL
    python -m tests.harness.postgres python bench/load.py --users 50 --seconds 30

Fills a fresh database with the demo province and generated dossiers up to 240 in this year's
plan (as bench/pages.py does), creates the accounts of the simulated officers (one per
grassroots unit, up to the number of officer users) and reviewers (spread over the district
and industry unions) with an API token each, starts the production server (gunicorn with
gunicorn.conf.py, 2 workers, as `make run` does) and runs locust headless in its own process
(bench/locustfile.py): portal readers, officers filing and reviewers deciding, 70/20/10, each
waiting 1 to 5 seconds between requests. Prints throughput, p50/p95/p99 per kind of request
and every error. Target: 0 errors, p99 under 1 s.
"""

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.pages import fill, free_port, setup  # noqa: E402
from bench.server import wait_until_listening  # noqa: E402

SEARCHES = ["dien hinh", "giáo viên", "cong doan co so", "sáng kiến", "tra vinh", "y te"]


def accounts(plan, *, officers: int, reviewers: int) -> dict:
    """Officer and reviewer accounts with their tokens, and what the users will open."""
    from dienhinh.accounts.domain import issue_token
    from dienhinh.accounts.models import Role, RoleAssignment, User
    from dienhinh.orgs.models import OrgUnit, UnitKind
    from dienhinh.publishing.models import Story

    def person(email, name, unit, role):
        user = User.objects.create_user(email, None, full_name=name)
        RoleAssignment.objects.create(user=user, unit=unit, role=role, covers_subtree=True)
        return issue_token(user=user, name="bench-load")[1]

    grassroots = list(OrgUnit.objects.filter(kind=UnitKind.GRASSROOTS).order_by("path"))
    levels = list(
        OrgUnit.objects.filter(kind__in=[UnitKind.DISTRICT, UnitKind.INDUSTRY]).order_by("path")
    )
    filing = [
        {
            "token": person(f"load.officer{i}@bench.vn", f"Cán bộ {i}", unit, Role.OFFICER),
            "unit_id": unit.pk,
        }
        for i, unit in enumerate(grassroots[:officers])
    ]
    deciding = [
        {"token": person(f"load.reviewer{i}@bench.vn", f"Xét duyệt {i}", unit, Role.REVIEWER)}
        for i, unit in ((i, levels[i % len(levels)]) for i in range(reviewers))
    ]
    stories = [f"/bai-viet/{s.pk}-{s.slug}/" for s in Story.objects.public()]
    return {
        "officers": filing,
        "reviewers": deciding,
        "plan_id": plan.pk,
        "field_ids": list(plan.plan_fields.values_list("pk", flat=True)),
        "stories": stories,
        "searches": SEARCHES,
    }


def photo(path: Path) -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(buffer, "JPEG", quality=80)
    path.write_bytes(buffer.getvalue())
    return str(path)


def start_server(var_dir: str, port: int, log) -> subprocess.Popen:
    """gunicorn as `make run` starts it (gunicorn.conf.py: 2 workers of 4 threads)."""
    env = {
        **os.environ,
        "DIENHINH_VAR_DIR": var_dir,
        "LOG_LEVEL": "WARNING",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_WORKERS": "2",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            str(ROOT / "gunicorn.conf.py"),
        ],
        env=env,
        stdout=log,  # the access log: one line a request
        stderr=log,
    )
    wait_until_listening(server, port)
    return server


def server_times(data: dict, rounds: int = 5) -> list[tuple[str, float, int]]:
    """The server time (median ms, in this process) and queries of each kind of read, to
    tell what the server spends from what the load adds (queueing)."""
    import statistics

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    reader = Client()
    reviewer = Client(headers={"Authorization": f"Bearer {data['reviewers'][0]['token']}"})
    officer = Client(headers={"Authorization": f"Bearer {data['officers'][0]['token']}"})
    inbox = reviewer.get("/api/v1/inbox").json()["waiting"]
    kinds = {
        "portal: home": (reader, "/"),
        "portal: story page": (reader, data["stories"][0]),
        "portal: search": (reader, "/tim-kiem/?q=dien+hinh"),
        "portal: feed": (reader, "/rss/"),
        "reviewer: inbox": (reviewer, "/api/v1/inbox"),
        "officer: dossier list": (officer, "/api/v1/nominations"),
    }
    if inbox:
        kinds["reviewer: open dossier"] = (reviewer, f"/api/v1/nominations/{inbox[0]['id']}")
    found = []
    for name, (client, url) in kinds.items():
        client.get(url)
        times = []
        for _ in range(rounds):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
        found.append((name, statistics.median(times), len(queries)))
    return found


def warm_up(base: str, data: dict) -> None:
    """Each worker's first requests import the views and compile the templates (seconds on
    a loaded machine): a few rounds of every kind of page first, several at a time so that
    both workers and their threads take some, so the figures are of a running server."""
    from concurrent.futures import ThreadPoolExecutor
    from urllib.request import Request, urlopen

    token = data["reviewers"][0]["token"]
    urls = ["/", *data["stories"], "/tim-kiem/?q=dien+hinh", "/rss/", "/atom/"]
    requests = [Request(base + url) for url in urls] + [
        Request(base + "/api/v1/inbox", headers={"Authorization": f"Bearer {token}"})
    ]

    def fetch(request):
        with urlopen(request, timeout=60) as answer:
            answer.read()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(fetch, requests * 6))


def run_locust(base: str, data: Path, prefix: Path, *, users: int, seconds: int) -> None:
    subprocess.run(
        [
            str(Path(sys.executable).with_name("locust")),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            "20",
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env={**os.environ, "DIENHINH_LOAD_DATA": str(data)},
        check=False,  # locust exits 1 when a request failed: the report says which
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # its own summary; the report below reads its CSV
    )


def report(prefix: Path, *, vendor: str, users: int, seconds: int) -> bool:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    with open(f"{prefix}_failures.csv", encoding="utf-8") as file:
        failures = list(csv.DictReader(file))
    print(
        f"database: {vendor}; gunicorn 2 workers x 4 threads; locust {users} users for "
        f"{seconds} s, each waiting 1-5 s between requests (readers/officers/reviewers 70/20/10)"
    )
    heads = ("count", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors")
    print(f"{'request':28} " + " ".join(f"{head:>7}" for head in heads))
    total = None
    for row in rows:
        line = (
            f"{row['Name']:28} {row['Request Count']:>7} {float(row['Requests/s']):7.1f} "
            f"{row['50%']:>7} {row['95%']:>7} {row['99%']:>7} {row['Failure Count']:>7}"
        )
        if row["Name"] == "Aggregated":
            total = row
        else:
            print(line)
    print(line if total else "no requests")
    for failure in failures:
        where = f"{failure['Method']} {failure['Name']}"
        print(f"error: {where}: {failure['Error']} x{failure['Occurrences']}")
    if total is None:
        return False
    met = int(total["Failure Count"]) == 0 and float(total["99%"]) < 1000
    print(f"target (0 errors, p99 < 1 s): {'met' if met else 'missed'}")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dh-bench-load-") as var_dir:
        setup(var_dir)
        from django.db import connection

        plan = fill()["plan"]
        data = accounts(plan, officers=args.users * 2 // 10, reviewers=args.users // 10)
        data["photo"] = photo(Path(var_dir) / "photo.jpg")
        data_file = Path(var_dir) / "load.json"
        data_file.write_text(json.dumps(data), encoding="utf-8")
        measured = server_times(data)
        vendor = connection.vendor
        connection.close()
        port = free_port()
        with open(Path(var_dir) / "server.log", "wb") as log:
            server = start_server(var_dir, port, log)
            try:
                warm_up(f"http://127.0.0.1:{port}", data)
                prefix = Path(var_dir) / "locust"
                run_locust(
                    f"http://127.0.0.1:{port}",
                    data_file,
                    prefix,
                    users=args.users,
                    seconds=args.seconds,
                )
            finally:
                server.terminate()
                server.wait(timeout=30)
        report(prefix, vendor=vendor, users=args.users, seconds=args.seconds)
        print("server time in process, no load (median of 5, queries):")
        for name, median, queries in measured:
            print(f"  {name:28} {median:7.1f} ms {queries:4d} queries")
        errors = [
            line
            for line in (Path(var_dir) / "server.log").read_text(errors="replace").splitlines()
            if "Traceback" in line or "ERROR" in line
        ]
        for line in errors[:10]:
            print(f"server: {line}")


if __name__ == "__main__":
    main()
