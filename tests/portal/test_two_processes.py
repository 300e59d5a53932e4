"""Two server processes (two gunicorn instances, one worker each) on one SQLite database, with
the embedded default's file cache and with the Redis cache of several servers (a real
redis-server): a story published through one is on every list of the other at the next
request, and gone from both after it is unpublished through the other; readings through
both are counted once."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

# The two servers always share one SQLite file of their own, whatever the suite's database.
pytestmark = pytest.mark.one_database

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

SETUP = """
from dienhinh.accounts.domain import issue_token
from dienhinh.publishing.editing import create_story
from dienhinh.plans.models import SharedField
from tests.personas import build_world

world = build_world()
field = SharedField.objects.create(unit=world.province, name="Dạy tốt", slug="day-tot")
story = create_story(unit=world.district, by=world.editor, headline="Chuyện qua hai tiến trình",
                     lead="Một tấm gương.", body="<p>Nội dung.</p>", field=field)
_token, key = issue_token(user=world.editor, name="two processes")
print(json.dumps({"story": story.pk, "key": key, "unit": world.district.code}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile"


def _get(port: int, path: str, agent: str = "") -> str:
    headers = {"User-Agent": agent} if agent else {}  # urllib's own counts as a robot
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def _post(port: int, path: str, key: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=b"{}",
        method="POST",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:
        return response.status


@pytest.fixture(scope="module", params=["file cache", "redis cache"])
def two_servers(request, tmp_path_factory):
    static = ROOT / "var" / "static" / "staticfiles.json"
    if not static.exists():
        pytest.skip("static files not collected (manage.py collectstatic, as make test does)")
    var = tmp_path_factory.mktemp("two-processes")
    (var / "static").symlink_to(static.parent)
    env = {
        **os.environ,
        "DIENHINH_VAR_DIR": str(var),
        "CACHE_LOCATION": str(var / "cache"),
        "DJANGO_SETTINGS_MODULE": "dienhinh.settings",
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
    }
    env.pop("DATABASE_URL", None)  # one SQLite file both processes share
    env.pop("READINGS_REDIS_URL", None)
    if request.param == "redis cache":
        redis_server = request.getfixturevalue("redis_server")
        env["CACHE_BACKEND"] = "django.core.cache.backends.redis.RedisCache"
        env["CACHE_LOCATION"] = redis_server.url(db=1)  # readings go there too
    manage = [str(BIN / "python"), str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    made = subprocess.run(
        [*manage, "shell", "-c", "import json\n" + SETUP],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    data = json.loads(made.stdout.strip().splitlines()[-1])
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "dienhinh.wsgi",
                "--chdir",
                str(ROOT / "src"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        for port in ports
    ]
    try:
        deadline = time.monotonic() + 60
        for port in ports:
            while True:
                try:
                    _get(port, "/healthz")
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        yield ports, data, env
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)


def test_a_story_published_through_one_process_shows_on_every_list_of_the_other(two_servers):
    (first, second), data, _env = two_servers
    story, unit = data["story"], data["unit"]
    lists = [
        "/",
        "/bai-viet/",
        "/rss/",
        "/sitemap-stories.xml",
        f"/don-vi/{unit}/",
        f"/embed/units/{unit}/",
        "/linh-vuc/day-tot/",
        "/tim-kiem/?q=hai+tien+trinh",
    ]
    marker = f"/bai-viet/{story}-"
    for port in (first, second):  # both processes have cached every list without it
        for path in lists:
            assert marker not in _get(port, path), (port, path)
    assert _post(first, f"/api/v1/stories/{story}/publish", data["key"]) == 200
    for path in lists:
        assert marker in _get(second, path), path
        assert marker in _get(first, path), path
    assert _post(second, f"/api/v1/stories/{story}/unpublish", data["key"]) == 200
    for port in (first, second):
        for path in lists:
            assert marker not in _get(port, path), (port, path)


def test_readings_through_both_processes_are_counted_once(two_servers):
    (first, second), data, env = two_servers
    assert _post(first, f"/api/v1/stories/{data['story']}/publish", data["key"]) == 200
    path = f"/bai-viet/{data['story']}-x/"
    for port in (first, second, first, second, second):
        page = _get(port, path, agent=PHONE)  # through the changed slug's redirect
        assert "Chuyện qua hai tiến trình" in page
    manage = [str(BIN / "python"), str(ROOT / "manage.py")]
    flushed = subprocess.run(
        [*manage, "flush_readings"], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    assert flushed.stdout.strip() == "5"
    again = subprocess.run(
        [*manage, "flush_readings"], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    assert again.stdout.strip() == "0"
    _post(second, f"/api/v1/stories/{data['story']}/unpublish", data["key"])
