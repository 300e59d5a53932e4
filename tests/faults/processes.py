"""Real servers for the fault tests: a PostgreSQL server of their own (cloned from the
suite's migrated test database, since migrating a new one takes ~15 s), the production web
server (gunicorn, as ``make run``) and the task worker (``manage.py db_worker``), each a
child process the test starts, stops, restarts or kills."""

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from tests.harness.postgres import Server, _find_bin, start_server, stop_server

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cloned_server(settings_dict: dict) -> Server:
    """A new PostgreSQL server holding a copy of the suite's test database (schema, the rows
    migrations made), named ``dienhinh``. The suite's own server is never restarted: the
    other test process uses it."""
    server = start_server()
    source = [
        _find_bin("pg_dump"),
        "--format=custom",
        "--no-owner",
        "-h",
        settings_dict["HOST"],
        "-U",
        settings_dict["USER"] or "postgres",
        settings_dict["NAME"],
    ]
    target = [
        _find_bin("pg_restore"),
        "--no-owner",
        "-h",
        str(server.sockets),
        "-U",
        "postgres",
        "-d",
        "dienhinh",
    ]
    try:
        dump = subprocess.run(source, check=True, capture_output=True).stdout
        subprocess.run(target, input=dump, check=True, capture_output=True)
    except BaseException:
        stop_server(server)
        raise
    return server


def environment(var: Path, **extra: str) -> dict:
    """The environment of a child process: its own var folder and cache, the given
    DATABASE_URL and the rest. Its static files are the suite's (``make static`` wrote
    them and their manifest, which every page needs to name them)."""
    from django.conf import settings

    static = var / "static"
    if not static.exists() and Path(settings.STATIC_ROOT).is_dir():
        static.symlink_to(Path(settings.STATIC_ROOT).resolve(), target_is_directory=True)
    env = {
        **os.environ,
        "DIENHINH_VAR_DIR": str(var),
        "CACHE_LOCATION": str(var / "cache"),
        "DJANGO_SETTINGS_MODULE": "dienhinh.settings",
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        **extra,
    }
    for name in ("SECRET_KEY", "DEBUG"):
        env.pop(name, None)
    return env


class WorkerDatabase:
    """The database of a worker child process, and reads of what it writes. PostgreSQL: the
    suite's database, which the child shares. SQLite: the test's in-memory database,
    copied into the child's file (var/dienhinh.sqlite3, WAL as in production) by
    ``hand_over`` once the test has written what the child needs, read with sqlite3."""

    def __init__(self, var: Path):
        from django.db import connection

        self.var = var
        self.file = var / "dienhinh.sqlite3" if connection.vendor == "sqlite" else None

    def environment(self, **extra: str) -> dict:
        from django.db import connection

        if self.file is not None:
            env = environment(self.var, **extra)
            env.pop("DATABASE_URL", None)  # the embedded database
            return env
        db = connection.settings_dict
        url = f"postgres://{db['USER'] or 'postgres'}@{quote(db['HOST'], safe='')}/{db['NAME']}"
        return environment(self.var, DATABASE_URL=url, **extra)

    def hand_over(self) -> None:
        from django.db import connection

        if self.file is not None:
            copy = sqlite3.connect(self.file)
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=WAL")
            copy.close()

    def rows(self, sql: str, params=()) -> list[tuple]:
        """The rows of ``sql`` (placeholders: %s) as the child wrote them."""
        from django.db import connection

        if self.file is None:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        db = sqlite3.connect(self.file, timeout=20)
        try:
            return db.execute(sql.replace("%s", "?"), params).fetchall()
        finally:
            db.close()


def start_python(code: str, env: dict) -> subprocess.Popen:
    """Starts ``code`` in a fresh interpreter with Django set up (``finish_python`` waits)."""
    prologue = "import django; django.setup()\n"
    return subprocess.Popen(
        [sys.executable, "-c", prologue + code],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish_python(process: subprocess.Popen) -> str:
    """The standard output of a ``start_python`` process, which must succeed."""
    out, err = process.communicate(timeout=120)
    if process.returncode:
        raise RuntimeError(err[-3000:])
    return out


def run_python(code: str, env: dict) -> str:
    return finish_python(start_python(code, env))


class Child:
    """A child process with its output in a log file, ended on ``stop``."""

    def __init__(self, args: list[str], env: dict, log: Path):
        self.log_path = log
        self._log = log.open("ab")
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )

    def output(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no cleanup, no atexit, whatever it was doing."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


def start_gunicorn(env: dict, var: Path, *, workers: int = 2) -> tuple[Child, int]:
    """The production server as ``make run`` starts it (``wait_for_port`` before use)."""
    port = free_port()
    env = {**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_WORKERS": str(workers)}
    child = Child([str(BIN / "gunicorn"), "--config", "gunicorn.conf.py"], env, var / "web.log")
    return child, port


def stop_gunicorn(child: Child) -> None:
    child.stop(signal.SIGINT)  # gunicorn's quick shutdown: nothing is in flight any more


def wait_for_port(child: Child, port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.process.poll() is not None:
            raise RuntimeError("the server exited: " + child.output()[-3000:])
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    child.stop()
    raise RuntimeError("the server did not start: " + child.output()[-3000:])


def start_worker(env: dict, var: Path) -> Child:
    """``manage.py db_worker`` as ``make run`` starts it, polling often so tests are quick."""
    return Child(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--queue-name",
            "default",
            "--interval",
            "0.2",
            "--no-startup-delay",
        ],
        env,
        var / "worker.log",
    )


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
