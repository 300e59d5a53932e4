"""Benchmark: the signed-in pages people open most, under load, beside a static file.

    make bench-pages                      # SQLite, 240 dossiers
    python bench/pages.py --seconds 20    # longer runs
    python -m tests.harness.postgres python bench/pages.py   # on PostgreSQL

Fills a fresh database (the demo province, its plans and dossiers, and generated dossiers up
to 240 in this year's plan), starts the production server (gunicorn, 2 sync workers, as
`make run` does), signs in the federation editor, and drives it from a second process with
`wrk -t2 -c8` for each of:
  - the dossier list (/dossiers/, 50 rows),
  - the "waiting for me" inbox,
  - this year's plan page,
  - the workspace home,
  - a static file (the stylesheet) through the same server.
Prints requests per second and p99 latency per page, and the queries each page runs.
Target (the groundwork issue): every page at least 250 requests per second on a 2-core
machine, that is under about 8 ms of server time a page.
Needs `wrk` (Debian package wrk).
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.server import wait_until_answering, wait_until_listening  # noqa: E402

TOTAL_DOSSIERS = 240
EDITOR = "bientap@demo.dienhinh.vn"


def setup(var_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
    os.environ["DIENHINH_VAR_DIR"] = var_dir
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def fill() -> dict:
    """The demo province plus generated dossiers in this year's plan, 240 in all."""
    from django.db import connection

    from bench.dossiers import fill_dossiers
    from dienhinh.demo.loader import load_demo
    from dienhinh.nominations.models import Nomination
    from dienhinh.plans.models import Plan

    started = time.perf_counter()
    load_demo(password="bench-pass-123")
    loaded = time.perf_counter() - started
    plan = Plan.objects.order_by("-year").first()
    missing = TOTAL_DOSSIERS - Nomination.objects.filter(plan=plan).count()
    if missing > 0:
        fill_dossiers(plan, missing)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"plan": plan, "demo_seconds": loaded}


def session_cookie(email: str) -> str:
    """A signed-in session for ``email``, as the login page would make it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from dienhinh.accounts.login_flow import STATE_KEY, VERIFIED
    from dienhinh.accounts.models import User

    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # The editor's role needs a second factor: the session is one that gave its code.
    session[STATE_KEY] = VERIFIED
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def queries_per_page(cookie: str, urls: dict[str, str]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for pair in cookie.split("; "):
        name, value = pair.split("=", 1)
        client.cookies[name] = value
    counts = {}
    for label, url in urls.items():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        counts[label] = len(captured)
    return counts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(var_dir: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "DIENHINH_VAR_DIR": var_dir, "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "dienhinh.wsgi",
            "--chdir",
            str(ROOT / "src"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        # gunicorn reads gunicorn.conf.py from the working directory, as `make run` does; its
        # access log goes to stdout, which would bury the figures.
        stdout=subprocess.DEVNULL,
    )
    wait_until_listening(server, port)
    wait_until_answering(server, port, path="/robots.txt", cookie="dienhinh_language=vi")
    return server


def wrk(url: str, cookie: str, seconds: int, agent: str = "") -> tuple[float, float, int]:
    """Requests per second, p99 in ms and non-2xx answers of ``wrk -t2 -c8`` on ``url``
    (with ``agent`` as the User-Agent: wrk sends none)."""
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c8",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            "-H",
            "Accept: text/html",
            *(["-H", f"User-Agent: {agent}"] if agent else []),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rate, p99, int(errors.group(1)) if errors else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    with tempfile.TemporaryDirectory(prefix="dh-bench-pages-") as var_dir:
        setup(var_dir)
        from django.contrib.staticfiles.storage import staticfiles_storage
        from django.db import connection

        filled = fill()
        plan = filled["plan"]
        cookie = session_cookie(EDITOR) + "; dienhinh_language=vi"
        pages = {
            "dossier list (50 rows)": "/dossiers/",
            "inbox": "/dossiers/inbox/",
            "plan page": f"/plans/{plan.pk}/",
            "workspace home": "/workspace/",
        }
        counts = queries_per_page(cookie, pages)
        static = staticfiles_storage.url("dienhinh/app.css")
        connection.close()
        port = free_port()
        server = start_server(var_dir, port)
        try:
            base = f"http://127.0.0.1:{port}"
            # Each worker's first requests load templates and translation catalogues: warm
            # every page up first so the figures are of a running server.
            for url in pages.values():
                wrk(base + url, cookie, 2)
            rows = [(label, *wrk(base + url, cookie, args.seconds)) for label, url in pages.items()]
            rows.append(("static file (app.css)", *wrk(base + static, cookie, args.seconds)))
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(
        f"database: {connection.vendor}; demo loaded in {filled['demo_seconds']:.1f} s; "
        f"{TOTAL_DOSSIERS} dossiers in plan {plan.reference}; gunicorn 2 workers, wrk -t2 -c8"
    )
    print(f"{'page':28} {'req/s':>8} {'p99 ms':>8} {'queries':>8} {'errors':>7}")
    for label, rate, p99, errors in rows:
        flag = "" if rate >= 250 or label.startswith("static") else "  (under 250 req/s)"
        queries = counts.get(label, "")
        print(f"{label:28} {rate:8.0f} {p99:8.1f} {queries!s:>8} {errors:7d}{flag}")


if __name__ == "__main__":
    main()
