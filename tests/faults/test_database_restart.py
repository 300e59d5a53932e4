"""PostgreSQL restarted (``pg_ctl restart -m fast``) while 20 clients write through the API
of the production server (gunicorn, 2 workers): every write answered 2xx is in the database
exactly once, every other answer is a 503 in the API's error shape with Retry-After (no 500,
no connection dropped without an answer), and writing works again once the server is back.
Signed-in people reading pages meanwhile get each page or the short 503 page, never a 500.

The server is one of the test's own, cloned from the suite's test database; clients do not
retry (idempotency keys are another part)."""

import http.client
import json
import threading
import time

import psycopg
import pytest
from django.db import connection

from tests.faults.processes import (
    cloned_server,
    environment,
    finish_python,
    remove,
    start_gunicorn,
    start_python,
    stop_gunicorn,
    wait_for_port,
)
from tests.harness.postgres import restart_server, stop_server

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

DOSSIER_CLIENTS = 10
REPORT_CLIENTS = 10
PAGE_READERS = 2
PAGES = ("/workspace/", "/dossiers/", "/dossiers/inbox/")
UNITS_PER_REPORT_CLIENT = 6

SEED = f"""
import datetime, json
from dienhinh.accounts.domain import issue_token
from dienhinh.accounts.models import Role
from dienhinh.plans.models import Plan, PlanField, PlanStatus
from tests.factories import UserFactory, grant, make_unit
from tests.personas import build_world

world = build_world()
plan = Plan.objects.create(
    issuing_unit=world.province, year=2026, number=12, symbol="KH-LĐLĐ",
    title="Tuyên truyền điển hình tiên tiến", issued_on=datetime.date.today(), place="Trà Vinh",
    nomination_deadline=datetime.date.today() + datetime.timedelta(days=30),
    report_deadline=datetime.date.today() + datetime.timedelta(days=60),
    status=PlanStatus.ISSUED,
)
field = PlanField.objects.create(plan=plan, name="Lao động sản xuất")
dossier_tokens = [
    issue_token(user=world.officer_a, name=f"client {{n}}")[1] for n in range({DOSSIER_CLIENTS})
]
report_clients = []
for n in range({REPORT_CLIENTS}):
    officer = UserFactory(email=f"report{{n}}@example.vn", full_name=f"Cán bộ {{n}}")
    units = []
    for k in range({UNITS_PER_REPORT_CLIENT}):
        unit = make_unit(f"CĐCS {{n}}-{{k}}", parent=world.district, code=f"R{{n}}-{{k}}")
        grant(officer, unit, Role.OFFICER)
        units.append(unit.pk)
    report_clients.append({{"token": issue_token(user=officer, name="reports")[1], "units": units}})
from django.test import Client
browser = Client()
browser.force_login(world.reviewer)
print(json.dumps({{
    "plan": plan.pk, "field": field.pk, "unit": world.unit_a.pk,
    "dossier_tokens": dossier_tokens, "report_clients": report_clients,
    "session": browser.cookies["sessionid"].value,
}}))
"""


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The cloned server, seeded, and gunicorn in front of it."""
    if connection.vendor != "postgresql":
        pytest.skip("restarts a PostgreSQL server: runs in the PostgreSQL run")
    var = tmp_path_factory.mktemp("db-restart")
    with django_db_blocker.unblock():
        server = cloned_server(connection.settings_dict)
    web = None
    try:
        env = environment(var, DATABASE_URL=server.url())
        # The server's workers load Django while the data is written.
        seeding = start_python(SEED, env)
        web, port = start_gunicorn(env, var)
        seeded = json.loads(finish_python(seeding).strip().splitlines()[-1])
        wait_for_port(web, port)
        _warm_up(port, seeded["dossier_tokens"][0])
        yield server, port, seeded, web
    finally:
        if web is not None:
            stop_gunicorn(web)
        stop_server(server)
        remove(var)


def _wait_until(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the clients got stuck"
        time.sleep(0.05)


def _warm_up(port: int, token: str) -> None:
    """A few reads at once until both workers answer: the first request of a worker loads
    the whole site, and the restart must meet clients that are writing, not waiting."""
    for _round in range(3):
        threads = [
            threading.Thread(target=Client(port, token).get, args=("/api/v1/me",))
            for _n in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)


class Client:
    def __init__(self, port: int, token: str = "", session: str = ""):
        self.port, self.token, self.session = port, token, session

    def get(self, path: str) -> dict:
        return self.request("GET", path)

    def post(self, path: str, body: dict) -> dict:
        return self.request("POST", path, body)

    def request(self, method: str, path: str, body: dict | None = None) -> dict:
        """One request on a new connection: status, Retry-After and the JSON body, or
        status None when the server closed the connection without answering."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(
                method,
                path,
                body=None if body is None else json.dumps(body),
                headers=(
                    {"Cookie": f"sessionid={self.session}"}
                    if self.session
                    else {
                        "Authorization": f"Bearer {self.token}",
                        "Content-Type": "application/json",
                    }
                ),
            )
            response = conn.getresponse()
            raw = response.read()
            try:
                data = json.loads(raw)
            except ValueError:
                data = {"raw": raw[:300].decode(errors="replace")}
            return {
                "path": path,
                "status": response.status,
                "retry_after": response.getheader("Retry-After"),
                "body": data,
                "text": raw.decode(errors="replace") if self.session else "",
            }
        except (OSError, http.client.HTTPException) as exc:
            return {"path": path, "status": None, "error": repr(exc)}
        finally:
            conn.close()


def _dossier(seeded: dict, marker: str) -> dict:
    return {
        "plan_id": seeded["plan"],
        "unit_id": seeded["unit"],
        "subject_kind": "individual",
        "full_name": marker,
        "field_id": seeded["field"],
        "headline": "Giáo viên dạy giỏi cấp tỉnh",
        "achievements": "<p>Nhiều năm liền đạt giáo viên giỏi.</p>",
    }


def test_writes_during_a_database_restart_are_kept_once_or_refused_with_503(site):
    server, port, seeded, _web = site
    stop = threading.Event()
    answers: list[tuple[str, str, dict]] = []  # (kind, marker, answer)
    lock = threading.Lock()

    def note(kind: str, marker, answer: dict) -> None:
        with lock:
            answers.append((kind, marker, answer))

    def dossier_client(n: int) -> None:
        client = Client(port, seeded["dossier_tokens"][n])
        count = 0
        while not stop.is_set():
            marker = f"Người {n}-{count}"
            count += 1
            note("dossier", marker, client.post("/api/v1/nominations", _dossier(seeded, marker)))

    def report_client(n: int) -> None:
        own = seeded["report_clients"][n]
        client = Client(port, own["token"])
        for unit in own["units"]:
            if stop.is_set():
                return
            body = {"plan_id": seeded["plan"], "unit_id": unit}
            started = client.post("/api/v1/reports", body)
            note("start", unit, started)
            if started["status"] != 201:
                continue
            report = started["body"]["id"]
            narrative = {"results": "Tổ chức 2 buổi sinh hoạt chuyên đề."}
            written = client.request("PATCH", f"/api/v1/reports/{report}", narrative)
            note("narrative", report, written)
            if written["status"] != 200:
                continue
            note("submit", report, client.post(f"/api/v1/reports/{report}/submit", {}))

    pages: list[dict] = []

    def page_reader(n: int) -> None:
        client = Client(port, session=seeded["session"])
        count = n
        while not stop.is_set():
            pages.append(client.get(PAGES[count % len(PAGES)]))
            count += 1

    threads = [threading.Thread(target=dossier_client, args=(n,)) for n in range(DOSSIER_CLIENTS)]
    threads += [threading.Thread(target=report_client, args=(n,)) for n in range(REPORT_CLIENTS)]
    threads += [threading.Thread(target=page_reader, args=(n,)) for n in range(PAGE_READERS)]
    for thread in threads:
        thread.start()
    # By answers rather than by the clock: the machine may be slow or busy.
    _wait_until(lambda: len(answers) >= 20)
    before = len(answers)
    restart_server(server)
    restarted_at = len(answers)
    _wait_until(lambda: sum(a["status"] in (200, 201) for *_, a in answers[restarted_at:]) >= 20)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)

    statuses = [answer["status"] for _kind, _marker, answer in answers]
    assert before >= 20, "the clients wrote before the restart"
    assert None not in statuses, [a for *_, a in answers if a["status"] is None][:3]
    assert 500 not in statuses
    refused = [answer for _kind, _marker, answer in answers if answer["status"] >= 300]
    assert refused, "some requests met the restart"
    for answer in refused:
        assert answer["status"] == 503, answer
        assert answer["retry_after"] and int(answer["retry_after"]) > 0
        assert answer["body"]["error"]["code"] == "unavailable"
        assert answer["body"]["error"]["message"]
    # The pages: each one served or the short 503 page (no 500, nothing dropped).
    page_statuses = [page["status"] for page in pages]
    assert set(page_statuses) <= {200, 503}, [p for p in pages if p["status"] not in (200, 503)][:3]
    assert page_statuses[-1] == 200
    for page in pages:
        if page["status"] == 503:
            assert page["retry_after"] == "5" and "Dịch vụ tạm thời gián đoạn" in page["text"]
    # Writing works again after the restart, on every worker's fresh connection.
    after = [a for *_, a in answers[restarted_at:]]
    assert sum(a["status"] in (200, 201) for a in after) >= 20

    with psycopg.connect(host=str(server.sockets), user="postgres", dbname="dienhinh") as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT full_name FROM nominations_nomination WHERE plan_id = %s",
                [seeded["plan"]],
            )
        ]
        reports = dict(
            db.execute(
                "SELECT r.unit_id, count(v.id) FROM reports_report r "
                "LEFT JOIN reports_reportversion v ON v.report_id = r.id "
                "WHERE r.plan_id = %s GROUP BY r.unit_id",
                [seeded["plan"]],
            ).fetchall()
        )
        report_units = dict(
            db.execute(
                "SELECT id, unit_id FROM reports_report WHERE plan_id = %s", [seeded["plan"]]
            )
        )
    for kind, marker, answer in answers:
        if answer["status"] not in (200, 201):
            continue
        if kind == "dossier":
            assert names.count(marker) == 1, marker
        elif kind == "start":
            assert marker in reports, marker
        elif kind == "submit":
            assert reports[report_units[marker]] == 1, marker
    # Nothing written twice: no dossier more than once, at most one version per report.
    assert len(names) == len(set(names))
    assert all(versions <= 1 for versions in reports.values())
    counts = {s: statuses.count(s) for s in set(statuses)}
    pages_by_status = {s: page_statuses.count(s) for s in set(page_statuses)}
    print(f"answers by status: {counts}; before the restart: {before}; pages: {pages_by_status}")
