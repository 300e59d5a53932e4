"""Benchmark: the dossier list with 100,000 dossiers in one province.

    make bench                        # SQLite then PostgreSQL, 100,000 dossiers
    python bench/dossiers.py --count 20000          # SQLite only, smaller
    python -m tests.harness.postgres python bench/dossiers.py   # PostgreSQL only

Fills a fresh database (the demo province plus generated dossiers spread over every
grassroots unit and state, with the audit rows that visibility reads), then prints the server
time — the time Django takes to answer inside the process, without network — of:
  - the first page of the dossier list (/dossiers/) for the federation editor and for the
    district reviewer, and
  - the API list (/api/v1/nominations) with two filters and a search.
Target: median and p95 under 150 ms each on a 2-core machine.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def setup(var_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
    os.environ["DIENHINH_VAR_DIR"] = var_dir
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    # The bench measures pages, not static file hashing.
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


FIRST = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Thạch", "Lâm"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hoàng", "Quốc", "Kim"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Hà",
    "Hùng",
    "Lan",
    "Mai",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
    "Yến",
    "Ánh",
    "Ưng",
]
HEADLINES = [
    "Giáo viên dạy giỏi",
    "Điển hình lao động sản xuất",
    "Gương người tốt, việc tốt",
    "Sáng kiến cải tiến kỹ thuật",
    "Điển hình học tập và làm theo Bác",
    "Xây dựng nông thôn mới",
    "Thầy thuốc tận tụy",
]


def fill(count: int) -> dict:
    from dienhinh.demo.loader import load_demo
    from dienhinh.plans.models import Plan

    load_demo(password="bench-pass-123")
    plan = Plan.objects.order_by("-year").first()
    start = time.perf_counter()
    fill_dossiers(plan, count)
    return {"plan": plan, "seconds": time.perf_counter() - start}


def fill_dossiers(plan, count: int) -> None:
    """Write ``count`` dossiers of ``plan`` in bulk, spread over every grassroots unit and
    state, with the submit steps that visibility reads."""
    from django.db import transaction

    from dienhinh.accounts.models import User
    from dienhinh.core.text import collation_key, fold
    from dienhinh.nominations.enums import Action, State
    from dienhinh.nominations.models import Nomination, Transition
    from dienhinh.orgs.models import OrgUnit, UnitKind

    province = plan.issuing_unit
    units = list(OrgUnit.objects.filter(kind=UnitKind.GRASSROOTS).order_by("path"))
    district_of = {u.pk: OrgUnit.objects.get(path=u.path[:12]) for u in units}
    officer = User.objects.get(email="coso1@demo.dienhinh.vn")
    rng = random.Random(57)
    states = [
        State.DRAFT,
        State.SUBMITTED,
        State.FORWARDED,
        State.RETURNED,
        State.SELECTED,
        State.NOT_SELECTED,
        State.WITHDRAWN,
    ]
    batch = 5000
    made = 0
    while made < count:
        rows = []
        for _ in range(min(batch, count - made)):
            name = f"{rng.choice(FIRST)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            headline = rng.choice(HEADLINES)
            unit = rng.choice(units)
            state = rng.choice(states)
            current = None
            if state == State.SUBMITTED:
                current = district_of[unit.pk]
            elif state == State.FORWARDED:
                current = province
            rows.append(
                Nomination(
                    plan=plan,
                    nominating_unit=unit,
                    subject_kind="individual",
                    full_name=name,
                    birth_year=rng.randint(1960, 2000),
                    headline=headline,
                    state=state,
                    current_unit=current,
                    round=0 if state == State.DRAFT else 1,
                    created_by=officer,
                    search_text=fold(f"{name} {headline}"),
                    subject_key=f"i:{fold(name)}:",
                    sort_name=collation_key(name, person=True),
                )
            )
        with transaction.atomic():
            created = Nomination.objects.bulk_create(rows, batch_size=1000)
            audit = [
                Transition(
                    nomination=n,
                    action=Action.SUBMIT,
                    from_state=State.DRAFT,
                    to_state=State.SUBMITTED,
                    from_unit=None,
                    to_unit=district_of[n.nominating_unit_id],
                    by=officer,
                    round=1,
                )
                for n in created
                if n.state != State.DRAFT
            ]
            Transition.objects.bulk_create(audit, batch_size=1000)
        made += len(rows)


def measure(client, url: str, runs: int) -> tuple[float, float]:
    client.get(url)  # warm caches and connections
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dh-bench-") as var_dir:
        setup(var_dir)
        from django.db import connection
        from django.test import Client

        from dienhinh.accounts.domain import issue_token
        from dienhinh.accounts.login_flow import STATE_KEY, VERIFIED
        from dienhinh.accounts.models import User

        filled = fill(args.count)
        plan = filled["plan"]
        with connection.cursor() as cursor:
            # A live database has planner statistics (autovacuum, PRAGMA optimize); a freshly
            # bulk-loaded one does not yet.
            cursor.execute("ANALYZE")
        print(
            f"database: {connection.vendor}; {args.count} dossiers written in "
            f"{filled['seconds']:.1f} s"
        )
        results = []
        for email, label in [
            ("bientap@demo.dienhinh.vn", "editor (whole province)"),
            ("xetduyet@demo.dienhinh.vn", "district reviewer"),
        ]:
            client = Client()
            client.force_login(User.objects.get(email=email))
            # The editor's role needs a second factor: a session that gave its code.
            session = client.session
            session[STATE_KEY] = VERIFIED
            session.save()
            results.append((f"list page, {label}", *measure(client, "/dossiers/", args.runs)))
        _token, key = issue_token(
            user=User.objects.get(email="bientap@demo.dienhinh.vn"), name="bench"
        )
        api = Client(headers={"Authorization": f"Bearer {key}"})
        url = f"/api/v1/nominations?plan={plan.pk}&state=submitted&q=nguyen"
        if api.get(url).status_code == 404:
            print("API list /api/v1/nominations not available: skipped")
        else:
            results.append(("API list, 2 filters + search", *measure(api, url, args.runs)))
        print(f"{'what':45} {'median ms':>10} {'p95 ms':>10}")
        for what, median, p95 in results:
            flag = "" if p95 < 150 else "  (over the 150 ms target)"
            print(f"{what:45} {median:10.1f} {p95:10.1f}{flag}")


if __name__ == "__main__":
    main()
